package dev.otto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The radix sort returns exactly the array {@link Arrays#sort(double[])} returns: the 1-D transport
 * and the sliced distances built on it must not move by a bit when the sort changes.
 */
class RadixSortTest {

    @Property(tries = 200)
    void equalsTheLibrarySortBitForBit(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int n,
                                       @ForAll @IntRange(min = 0, max = 3) int kind) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case 0: v[i] = rng.nextGaussian(); break; // one scale, both signs
                case 1: v[i] = 5 + 1e-9 * rng.nextInt(4); break; // ties and shared high bytes
                case 2: v[i] = Math.scalb(rng.nextDouble() - 0.5, rng.nextInt(-1074, 1000)); break; // every exponent
                default: v[i] = new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
                        -Double.MAX_VALUE, 1, -1}[rng.nextInt(8)];
            }
        }
        double[] expected = v.clone();
        Arrays.sort(expected);
        RadixSort.sort(v);
        assertArrayEquals(bits(expected), bits(v));
    }

    @Test
    void negativeZeroSortsBeforePositiveZero() {
        double[] v = new double[RadixSort.MIN_LENGTH];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? 0.0 : -0.0;
        }
        double[] expected = v.clone();
        Arrays.sort(expected);
        RadixSort.sort(v);
        assertArrayEquals(bits(expected), bits(v));
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
