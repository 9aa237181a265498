package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The three products of a layer as the SIMD path runs them ({@link MatMulKernels#blocked}, which
 * reads A^T and B^T through strides): the forward C = A B, the input gradient C = A B^T and the
 * weight gradient C = A^T B, a reduction over the batch. Each is held to a plain triple loop and to
 * itself computed on one thread.
 *
 * <p>Tolerance: the kernel and the loop sum the same k products in the same order, the kernel with
 * fused multiply-adds, so each entry differs by at most 2 gamma_k sum_p |a_p b_p|, gamma_k = k u /
 * (1 - k u), u = 2^-53 (Higham, Accuracy and Stability of Numerical Algorithms, eq. 3.5): for k up
 * to 2000 that is below 5e-13 of sum_p |a_p b_p|, so 1e-12 of it is a bound the products must
 * meet (a kernel that skips the tile's last step of p, or restarts a block of k from zero, fails it).
 */
class StridedProductProperties {

    private enum Form { AB, A_BT, AT_B }

    private static double[] draw(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rng.nextDouble(0.25, 1) * (rng.nextBoolean() ? 1 : -1) * Math.scalb(1.0, rng.nextInt(-4, 5));
        }
        return v;
    }

    /** A's entry (r, p) of the product's n x k left factor, as stored for the form. */
    private static double left(Form form, double[] a, int n, int k, int r, int p) {
        return form == Form.AT_B ? a[p * n + r] : a[r * k + p];
    }

    /** B's entry (p, j) of the product's k x m right factor, as stored for the form. */
    private static double right(Form form, double[] b, int k, int m, int p, int j) {
        return form == Form.A_BT ? b[j * k + p] : b[p * m + j];
    }

    /** C (n x m) through the kernel, A and B stored as the form stores them. */
    private static double[] product(Form form, double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        switch (form) {
            case AB:
                MatMulKernels.blocked(a, k, 1, b, m, 1, c, n, k, m);
                break;
            case A_BT:
                MatMulKernels.blocked(a, k, 1, b, 1, k, c, n, k, m);
                break;
            default:
                MatMulKernels.blocked(a, 1, n, b, m, 1, c, n, k, m);
                break;
        }
        return c;
    }

    /** The same product with its rows cut at {@code split} and the two halves run on two threads at once. */
    private static double[] twoThreads(Form form, double[] a, double[] b, int n, int k, int m, int split)
            throws Exception {
        int rs = form == Form.AT_B ? 1 : k;
        int ps = form == Form.AT_B ? n : 1;
        BlockedMatMul kernel = BlockedMatMul.DEFAULT;
        BlockedMatMul.Strips strips = form == Form.A_BT
                ? kernel.strips(b, 1, k, k, m, n) : kernel.strips(b, m, 1, k, m, n);
        double[] c = new double[n * m];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> kernel.rows(a, rs, ps, strips, c, k, m, 0, split));
            Future<?> second = pool.submit(() -> kernel.rows(a, rs, ps, strips, c, k, m, split, n));
            first.get();
            second.get();
        } finally {
            pool.shutdown();
        }
        return c;
    }

    private static void check(Form form, int n, int k, int m, int split) throws Exception {
        double[] a = draw(n * k, 31L * n + 7L * k + form.ordinal());
        double[] b = draw(k * m, 17L * m + 3L * k + form.ordinal());
        double[] got = product(form, a, b, n, k, m);
        String shape = form + " " + n + " x " + k + " x " + m;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = left(form, a, n, k, r, p) * right(form, b, k, m, p, j);
                    sum += t;
                    abs += Math.abs(t);
                }
                double err = Math.abs(got[r * m + j] - sum);
                assertTrue(err <= 1e-12 * abs, shape + ": entry (" + r + ", " + j + ") off by " + err / abs
                        + " of sum |a b|");
            }
        }
        double[] single = new double[n * m];
        int rs = form == Form.AT_B ? 1 : k;
        int ps = form == Form.AT_B ? n : 1;
        BlockedMatMul.Strips strips = form == Form.A_BT
                ? BlockedMatMul.DEFAULT.strips(b, 1, k, k, m, n) : BlockedMatMul.DEFAULT.strips(b, m, 1, k, m, n);
        BlockedMatMul.DEFAULT.rows(a, rs, ps, strips, single, k, m, 0, n);
        assertArrayEquals(single, got, shape + ": the pool's split changed bits");
        assertArrayEquals(single, twoThreads(form, a, b, n, k, m, split), shape + ": two threads changed bits");
    }

    /**
     * The shapes of training: a batch of 2000 through a 128-wide layer (forward, input gradient,
     * weight gradient over the batch), its narrow ends, and the proximal step's batch 200 through
     * width 48; rows cut off any block boundary.
     */
    @Example
    void trainingShapesMatchTheTripleLoopAndOneThread() throws Exception {
        check(Form.AB, 2000, 128, 128, 701);
        check(Form.A_BT, 2000, 128, 128, 1001);
        check(Form.AT_B, 128, 2000, 128, 61);
        check(Form.AB, 200, 48, 48, 67);
        check(Form.A_BT, 200, 48, 48, 67);
        check(Form.AT_B, 48, 200, 48, 17);
        check(Form.AB, 2000, 2, 128, 999);
        check(Form.A_BT, 2000, 2, 128, 999);
        check(Form.AT_B, 2, 2000, 128, 1);
    }

    /** Awkward shapes: every edge of the tile and of the blocks, k across one and two blocks. */
    @Property(tries = 40)
    void awkwardShapesMatchTheTripleLoopAndOneThread(@ForAll @IntRange(min = 1, max = 70) int n,
                                                     @ForAll @IntRange(min = 1, max = 600) int k,
                                                     @ForAll @IntRange(min = 8, max = 70) int m,
                                                     @ForAll @IntRange(min = 0, max = 70) int split,
                                                     @ForAll Form form) throws Exception {
        check(form, n, k, m, Math.min(split, n));
    }
}
