package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The cache-blocked product {@link BlockedMatMul} against the register-blocked kernel and the plain
 * loops, over awkward shapes: single rows and columns, odd sizes, sizes just below and above the
 * register tile (MR x NR) and the cache blocks (small blocks here, so every edge is crossed), A read
 * in place or transposed, rows split anywhere as the threads split them.
 */
class BlockedMatMulProperties {

    private static double[] draw(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-4, 5));
        }
        return v;
    }

    private static double[][] rows(double[] b, int k, int m) {
        double[][] r = new double[k][];
        for (int p = 0; p < k; p++) {
            r[p] = Arrays.copyOfRange(b, p * m, (p + 1) * m);
        }
        return r;
    }

    /** C = A B through the blocked kernel, its rows computed in two ranges split at {@code split}. */
    private static double[] blocked(BlockedMatMul kernel, double[] a, int rs, int ps, double[] b, int n, int k, int m,
                                    int split) {
        double[] c = new double[n * m];
        BlockedMatMul.Strips strips = kernel.strips(b, m, 1, k, m, n);
        kernel.rows(a, rs, ps, strips, c, k, m, 0, split);
        kernel.rows(a, rs, ps, strips, c, k, m, split, n);
        return c;
    }

    /**
     * Every entry is the same chain of fused multiply-adds over p in increasing order, so the blocked
     * kernel equals the register-blocked one bit for bit, for every block size and row split; and it
     * agrees with the plain loops (another summation order, no fused multiply-add) within the
     * classical bound on two dot products of length k: |s1 - s2| <= 2 gamma_k sum_p |a_p b_p|,
     * gamma_k ~ k u, u = 2^-53 (Higham, Accuracy and Stability of Numerical Algorithms, eq. 3.5).
     */
    @Property(tries = 300)
    void equalsTheRegisterBlockedKernelBitForBit(@ForAll @IntRange(min = 1, max = 37) int n,
                                                 @ForAll @IntRange(min = 1, max = 37) int k,
                                                 @ForAll @IntRange(min = 1, max = 41) int m,
                                                 @ForAll @IntRange(min = 1, max = 9) int kc,
                                                 @ForAll @IntRange(min = 1, max = 13) int mc,
                                                 @ForAll @IntRange(min = 0, max = 37) int splitAt,
                                                 @ForAll boolean transposedA) {
        int split = Math.min(splitAt, n);
        double[] a = draw(n * k, 31L * n + k);
        double[] b = draw(k * m, 17L * m + k);
        // A (n x k) read in place, or stored as its transpose (k x n) and read through the strides
        double[] stored = transposedA ? MatMulKernels.transpose(a, n, k) : a;
        int rs = transposedA ? 1 : k;
        int ps = transposedA ? n : 1;
        double[] got = blocked(new BlockedMatMul(kc, mc), stored, rs, ps, b, n, k, m, split);

        double[] registerBlocked = new double[n * m];
        RegisterTileReference.mmRows(stored, rs, ps, rows(b, k, m), registerBlocked, k, m, 0, n);
        assertArrayEquals(registerBlocked, got, "blocked vs register-blocked, " + n + "x" + k + "x" + m);

        double[] plain = MatMulKernels.mm(a, b, n, k, m);
        double u = Math.ulp(1.0) / 2;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    abs += Math.abs(a[i * k + p] * b[p * m + j]);
                }
                double bound = 2 * (k * u / (1 - k * u)) * abs * 1.01;
                assertEquals(plain[i * m + j], got[i * m + j], bound, "entry (" + i + ", " + j + ")");
            }
        }
    }

    /** The machine's block sizes, crossed by one: k and rows around kc = 256 and mc = 64. */
    @Example
    void defaultBlocksAtTheirEdges() {
        BlockedMatMul kernel = BlockedMatMul.DEFAULT;
        int nr = BlockedMatMul.NR;
        for (int k : new int[] {255, 256, 257, 513}) {
            for (int n : new int[] {63, 64, 65, 130}) {
                int m = 2 * nr + 3;
                double[] a = draw(n * k, n + k);
                double[] b = draw(k * m, m + k);
                double[] expected = new double[n * m];
                RegisterTileReference.mmRows(a, k, 1, rows(b, k, m), expected, k, m, 0, n);
                assertArrayEquals(expected, blocked(kernel, a, k, 1, b, n, k, m, n / 3), n + "x" + k + "x" + m);
            }
        }
    }
}
