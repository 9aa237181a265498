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
}
