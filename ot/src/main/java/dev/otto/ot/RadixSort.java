package dev.otto.ot;

/**
 * Ascending sort of finite doubles by least-significant-digit radix sort on their bit patterns, the
 * sort of the 1-D transport of MATH.md section 1 ("1-D") when sliced distances sort two projected
 * samples per direction (profiled: comparison sorting took four fifths of a 1000-point, 200-direction
 * sliced distance).
 *
 * <p>A double's bits become an unsigned key whose order is the numeric order: a nonnegative value
 * gets its sign bit set, a negative one all its bits flipped (so -0.0 sorts just before 0.0, as in
 * {@link java.util.Arrays#sort(double[])}). The keys are sorted by their eight bytes, lowest first,
 * each pass a stable counting sort; a byte that is the same in every key is skipped (the sign and
 * exponent bytes of a sample of one scale often are). The output is the same array
 * {@link java.util.Arrays#sort(double[])} returns, bit for bit, in O(8 (n + 256)) time instead of
 * O(n log n) data-dependent branches. Below {@link #MIN_LENGTH} values the library sort is used.
 */
final class RadixSort {

    /** Shorter arrays are left to {@link java.util.Arrays#sort(double[])}, whose insertion sort wins there. */
    static final int MIN_LENGTH = 256;

    private static final int BYTES = 8;
    private static final int BUCKETS = 256;

    private RadixSort() {
    }

    /** Sorts v ascending in place (v finite; NaN has no place in the order and is not expected). */
    static void sort(double[] v) {
        int n = v.length;
        if (n < MIN_LENGTH) {
            java.util.Arrays.sort(v);
            return;
        }
        long[] keys = new long[n];
        int[][] counts = new int[BYTES][BUCKETS];
        for (int i = 0; i < n; i++) {
            long k = key(v[i]);
            keys[i] = k;
            for (int b = 0; b < BYTES; b++) {
                counts[b][(int) (k >>> (8 * b)) & 0xff]++;
            }
        }
        long[] buffer = new long[n];
        for (int b = 0; b < BYTES; b++) {
            int[] c = counts[b];
            if (c[(int) (keys[0] >>> (8 * b)) & 0xff] == n) {
                continue; // every key has this byte: the pass would not move anything
            }
            int start = 0;
            for (int d = 0; d < BUCKETS; d++) {
                int count = c[d];
                c[d] = start;
                start += count;
            }
            int shift = 8 * b;
            for (int i = 0; i < n; i++) {
                long k = keys[i];
                buffer[c[(int) (k >>> shift) & 0xff]++] = k;
            }
            long[] t = keys;
            keys = buffer;
            buffer = t;
        }
        for (int i = 0; i < n; i++) {
            v[i] = value(keys[i]);
        }
    }

    /** The unsigned order key of a double: sign bit set for x &gt;= +0, every bit flipped for x &lt;= -0. */
    private static long key(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    /** The inverse of {@link #key}. */
    private static double value(long k) {
        long bits = k < 0 ? k ^ Long.MIN_VALUE : ~k;
        return Double.longBitsToDouble(bits);
    }
}
