package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link SmallMatMul}, the one-tile kernel for outputs five or six vectors wide, in the three forms
 * a layer uses (C = A B, A B^T with B^T read through strides, A^T B with A^T read through strides).
 *
 * <p>Statements: (1) each entry equals the triple loop's sum to within 1e-12 of sum_p |a_p b_p|: both
 * sum the same k products in increasing p, the kernel with fused multiply-adds, so they differ by at
 * most 2 gamma_k sum |a b| with gamma_k = k u / (1 - k u), u = 2^-53 (Higham, Accuracy and Stability
 * of Numerical Algorithms, eq. 3.5), below 2e-14 for k &lt;= 65; (2) the result is bit for bit that of
 * {@link BlockedMatMul} on one thread, the kernel every other product goes through (each entry the
 * same fused multiply-add chain from +0), so switching kernels changes no result; (3) cutting the
 * rows anywhere, as the pool does, changes no bit. Rows and inner sizes take the edge values 1, 3,
 * 47, 48, 49, 64, 65 (a partial last tile, one and several tiles, k past a vector), columns every
 * width the kernel covers.
 */
class SmallMatMulProperties {

    private enum Form { AB, A_BT, AT_B }

    private static final int W = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();

    private static double[] draw(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rng.nextDouble(0.25, 1) * (rng.nextBoolean() ? 1 : -1) * Math.scalb(1.0, rng.nextInt(-4, 5));
        }
        return v;
    }

    private static int rs(Form f, int n, int k) {
        return f == Form.AT_B ? 1 : k;
    }

    private static int ps(Form f, int n, int k) {
        return f == Form.AT_B ? n : 1;
    }

    private static int brs(Form f, int k, int m) {
        return f == Form.A_BT ? 1 : m;
    }

    private static int bcs(Form f, int k, int m) {
        return f == Form.A_BT ? k : 1;
    }

    private static void check(Form form, int n, int k, int m, int split) {
        assertTrue(SmallMatMul.covers(m), "m = " + m + " is not a width the kernel covers");
        double[] a = draw(n * k, 31L * n + 7L * k + form.ordinal());
        double[] b = draw(k * m, 17L * m + 3L * k + form.ordinal());
        int rs = rs(form, n, k);
        int ps = ps(form, n, k);
        int brs = brs(form, k, m);
        int bcs = bcs(form, k, m);
        double[] got = new double[n * m];
        SmallMatMul.product(a, rs, ps, b, brs, bcs, got, n, k, m);
        String shape = form + " " + n + " x " + k + " x " + m;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = a[r * rs + p * ps] * b[p * brs + j * bcs];
                    sum += t;
                    abs += Math.abs(t);
                }
                double err = Math.abs(got[r * m + j] - sum);
                assertTrue(err <= 1e-12 * abs, shape + ": entry (" + r + ", " + j + ") off by " + err / abs
                        + " of sum |a b|");
            }
        }
        double[] blocked = new double[n * m];
        BlockedMatMul.DEFAULT.rows(a, rs, ps, BlockedMatMul.DEFAULT.strips(b, brs, bcs, k, m, n), blocked, k, m, 0, n);
        assertArrayEquals(blocked, got, shape + ": differs from the blocked kernel's bits");
        double[] cut = new double[n * m];
        int at = Math.min(n, split / SmallMatMul.MR * SmallMatMul.MR);
        if (at > 0) {
            product(a, rs, ps, b, brs, bcs, cut, k, m, 0, at);
        }
        if (at < n) {
            product(a, rs, ps, b, brs, bcs, cut, k, m, at, n);
        }
        assertArrayEquals(got, cut, shape + ": rows cut at " + at + " changed bits");
    }

    /** Rows [from, to) of C alone: A's rows shifted so the kernel sees a product of to - from rows. */
    private static void product(double[] a, int rs, int ps, double[] b, int brs, int bcs, double[] c, int k, int m,
                                int from, int to) {
        int rows = to - from;
        double[] part = new double[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < k; p++) {
                part[r * k + p] = a[(from + r) * rs + p * ps];
            }
        }
        double[] out = new double[rows * m];
        SmallMatMul.product(part, k, 1, b, brs, bcs, out, rows, k, m);
        System.arraycopy(out, 0, c, from * m, rows * m);
    }

    @Provide
    Arbitrary<Integer> edges() {
        return Arbitraries.of(1, 3, 47, 48, 49, 64, 65);
    }

    @Provide
    Arbitrary<Integer> covered() {
        return Arbitraries.integers().between(4 * W + 1, 6 * W);
    }

    @Property(tries = 60)
    void equalsTheTripleLoopAndTheBlockedKernelBitForBit(@ForAll("edges") int n, @ForAll("edges") int k,
                                                         @ForAll("covered") int m, @ForAll Form form,
                                                         @ForAll("edges") int split) {
        check(form, n, k, m, split);
    }

    /** The proximal step's products: batch 200 (and the five stacked steps, 1000) through width 48. */
    @Example
    void proximalShapes() {
        for (Form f : Form.values()) {
            check(f, 200, 48, 6 * W, 100);
            check(f, 1000, 48, 6 * W, 500);
        }
        check(Form.AT_B, 6 * W, 200, 6 * W, 8);
        check(Form.AB, 200, 3, 6 * W, 100);
    }

    /** The widths the kernel takes: more than four vectors, at most six. */
    @Example
    void coversFiveAndSixVectors() {
        assertTrue(!SmallMatMul.covers(4 * W) && SmallMatMul.covers(4 * W + 1) && SmallMatMul.covers(6 * W)
                && !SmallMatMul.covers(6 * W + 1));
    }
}
