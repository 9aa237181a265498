package dev.otto.flows.data;

import dev.otto.autodiff.Tensor;
import java.util.random.RandomGenerator;

/**
 * Zero-padding of a low-dimensional distribution into R^D: x -> (x, 0, ..., 0). The image is
 * supported on a d-dimensional linear subspace, the manifold-supported targets of MATH.md section 6
 * (the W1/W2 paper pads its 2-D sets into R^7 and R^12, {@code -submnfld_dim 2}). Such a target has
 * no density on R^D, which is exactly what the W1 proximal regularisation is for.
 */
public final class Embedding {

    private Embedding() {
    }

    /**
     * The distribution of (x, 0_{D-d}) for x ~ {@code sampler}: the first d coordinates are the
     * sampler's, the other D - d are exactly 0. Uses the same generator draws as the sampler.
     *
     * @throws IllegalArgumentException if dim is smaller than the sampler's dimension
     */
    public static Sampler zeroPad(Sampler sampler, int dim) {
        if (sampler == null) {
            throw new IllegalArgumentException("sampler: expected a Sampler, got null");
        }
        int d = sampler.dimension();
        if (dim < d) {
            throw new IllegalArgumentException("dim: expected at least the sampler's dimension " + d + ", got " + dim);
        }
        String name = sampler.name() + "-in-R" + dim;
        return new Sampler() {
            @Override
            public int dimension() {
                return dim;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Tensor sample(int n, RandomGenerator rng) {
                return pad(sampler.sample(n, rng), dim);
            }

            @Override
            public String toString() {
                return "Sampler[" + name + "]";
            }
        };
    }

    /** The rows of x (n x d) followed by dim - d zero columns (n x dim); not recorded on a tape. */
    public static Tensor pad(Tensor x, int dim) {
        if (x == null) {
            throw new IllegalArgumentException("x: expected a tensor, got null");
        }
        int d = x.cols();
        if (dim < d) {
            throw new IllegalArgumentException("dim: expected at least x.cols() = " + d + ", got " + dim);
        }
        int n = x.rows();
        double[] src = x.toArray();
        double[] out = new double[n * dim];
        for (int r = 0; r < n; r++) {
            System.arraycopy(src, r * d, out, r * dim, d);
        }
        return Tensor.wrap(n, dim, out);
    }

    /** The first d coordinates of each row (n x d): the inverse of {@link #pad} on its image. */
    public static Tensor project(Tensor x, int d) {
        if (x == null) {
            throw new IllegalArgumentException("x: expected a tensor, got null");
        }
        if (d <= 0 || d > x.cols()) {
            throw new IllegalArgumentException("d: expected a value in [1, " + x.cols() + "], got " + d);
        }
        int n = x.rows();
        int dim = x.cols();
        double[] src = x.toArray();
        double[] out = new double[n * d];
        for (int r = 0; r < n; r++) {
            System.arraycopy(src, r * dim, out, r * d, d);
        }
        return Tensor.wrap(n, d, out);
    }
}
