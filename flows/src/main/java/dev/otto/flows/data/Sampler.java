package dev.otto.flows.data;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A data distribution on R^d that can be sampled: the target nu of MATH.md sections 4-6 (data are
 * rows of an n x d tensor, MATH.md conventions).
 *
 * <p>Contract: {@link #sample} draws n independent samples using only the generator passed in (no
 * hidden global generator), so the same generator state gives the same tensor, and the rows are
 * exchangeable (i.i.d.), whatever n is.
 */
public interface Sampler {

    /** The dimension d of a sample. */
    int dimension();

    /** A short name used in reports and by {@link Datasets#byName}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * n independent samples (n x d), drawing only from {@code rng}.
     *
     * @throws IllegalArgumentException if n is not positive or rng is null
     */
    Tensor sample(int n, RandomGenerator rng);

    /** {@code sample(n, new SplittableRandom(seed))}: the same seed always gives the same tensor. */
    default Tensor sample(int n, long seed) {
        return sample(n, new SplittableRandom(seed));
    }

    /**
     * n row indices drawn uniformly with replacement from 0..rows-1, one {@code rng.nextInt(rows)}
     * each in order: the minibatch draw of every trainer and of {@link #ofRows}.
     */
    static int[] rowIndices(int rows, int n, RandomGenerator rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = rng.nextInt(rows);
        }
        return idx;
    }

    /** The empirical distribution of the rows of {@code x}: n rows drawn uniformly with replacement. */
    static Sampler ofRows(String name, Tensor x) {
        if (x == null || x.rows() == 0) {
            throw new IllegalArgumentException("x: expected a tensor with at least one row, got "
                    + (x == null ? "null" : "0 rows"));
        }
        return new Sampler() {
            @Override
            public int dimension() {
                return x.cols();
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Tensor sample(int n, RandomGenerator rng) {
                checkArguments(n, rng);
                return x.gatherRows(rowIndices(x.rows(), n, rng));
            }
        };
    }

    /** The argument checks shared by every implementation. */
    static void checkArguments(int n, RandomGenerator rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive sample count, got " + n);
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng: expected a RandomGenerator, got null");
        }
    }
}
