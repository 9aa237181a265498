package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * C = A^T B for a narrow B (fewer than {@link MatMulKernels#NARROW} columns, the last layer's
 * weight gradient) is accumulated along the rows of A instead of transposing A first; it keeps the
 * four interleaved partial sums of the dot-product kernel, so it equals the product of the explicit
 * transpose bit for bit, for every row count (the remainder of n by 4 included) and thread count.
 */
class NarrowTransposedProductProperties {

    @Property(tries = 200)
    void equalsTheProductOfTheTransposeBitForBit(@ForAll @IntRange(min = 1, max = 37) int n,
                                                  @ForAll @IntRange(min = 1, max = 70) int k,
                                                  @ForAll @IntRange(min = 1, max = 7) int m, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[n * k];
        double[] b = new double[n * m];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-8, 9));
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-8, 9));
        }
        double[] expected = MatMulKernels.mm(MatMulKernels.transpose(a, n, k), b, k, n, m);
        assertArrayEquals(expected, MatMulKernels.mmTransA(a, b, n, k, m));
    }

    /** Its SIMD inner loop rounds after the product and after the sum, like the scalar loop: the same bits. */
    @Property(tries = 100)
    void simdMultiplyThenAddEqualsTheScalarLoop(@ForAll @IntRange(min = 1, max = 40) int len,
                                               @ForAll @IntRange(min = 0, max = 9) int off, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[off + len];
        double[] t = new double[len];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-30, 31));
        }
        for (int i = 0; i < len; i++) {
            t[i] = rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-30, 31));
        }
        double s = rng.nextDouble(-3, 3);
        double[] expected = t.clone();
        for (int p = 0; p < len; p++) {
            expected[p] += x[off + p] * s;
        }
        VectorKernels.mulAdd(t, x, off, s, len);
        assertArrayEquals(expected, t);
    }
}
