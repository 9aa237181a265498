package dev.otto.flows.data;

import dev.otto.autodiff.Tensor;
import java.util.random.RandomGenerator;

/**
 * A train/test split of the rows of a data set, by a seeded uniform shuffle (Fisher-Yates): the
 * held-out rows on which section 7's metrics (MATH.md) are reported.
 *
 * @param train the training rows, in shuffled order
 * @param test the test rows, in shuffled order
 * @param trainIndex for each training row, its row in the original data (to split labels alike)
 * @param testIndex for each test row, its row in the original data
 */
public record Split(Tensor train, Tensor test, int[] trainIndex, int[] testIndex) {

    /** Copies the index arrays. */
    public Split {
        trainIndex = trainIndex.clone();
        testIndex = testIndex.clone();
    }

    @Override
    public int[] trainIndex() {
        return trainIndex.clone();
    }

    @Override
    public int[] testIndex() {
        return testIndex.clone();
    }

    /**
     * Shuffles the rows of {@code data} with {@code rng} and puts round(testFraction * n) of them in
     * the test part, the rest in the training part. The same generator state gives the same split.
     *
     * @throws IllegalArgumentException if testFraction is not in (0, 1) or either part would be empty
     */
    public static Split of(Tensor data, double testFraction, RandomGenerator rng) {
        if (data == null) {
            throw new IllegalArgumentException("data: expected a tensor, got null");
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng: expected a RandomGenerator, got null");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction: expected a value in (0, 1), got " + testFraction);
        }
        int n = data.rows();
        int nTest = (int) Math.round(testFraction * n);
        if (nTest == 0 || nTest == n) {
            throw new IllegalArgumentException("testFraction: " + testFraction + " of " + n + " rows leaves "
                    + (nTest == 0 ? "an empty test" : "an empty training") + " part; expected both parts nonempty");
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] test = java.util.Arrays.copyOfRange(perm, 0, nTest);
        int[] train = java.util.Arrays.copyOfRange(perm, nTest, n);
        return new Split(rows(data, train), rows(data, test), train, test);
    }

    /** The rows of {@code data} at {@code index}, in that order. */
    public static Tensor rows(Tensor data, int[] index) {
        if (index.length == 0) {
            throw new IllegalArgumentException("index: expected at least one row index, got none");
        }
        int d = data.cols();
        double[] src = data.toArray();
        double[] out = new double[index.length * d];
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= data.rows()) {
                throw new IllegalArgumentException("index[" + i + "]: expected a row in [0, " + data.rows() + "), got "
                        + index[i]);
            }
            System.arraycopy(src, index[i] * d, out, i * d, d);
        }
        return Tensor.wrap(index.length, d, out);
    }
}
