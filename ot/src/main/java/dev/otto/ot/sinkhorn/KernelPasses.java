package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.internal.Parallel;

import java.util.Arrays;

/**
 * The passes over a cost or kernel that every Sinkhorn iteration is made of (MATH.md section 1,
 * "Entropic OT"): the log-sum-exp pass of the log domain, f_i = -eps LSE_j(h_j - C_ij/eps), and the
 * fused kernel pass s = K w, acc = K^T u of the scaling and absorbed-kernel iterations.
 *
 * <p>Determinism: rows are cut into blocks whose boundaries depend only on n ({@link #blockSize}
 * for the kernel passes, {@link #ROW_BLOCK} rows for the others); each block is handled by one
 * thread in index order and owns its column accumulator; {@link #reduce} adds the accumulators in
 * block order. Results are bitwise the same for any number of threads.
 */
final class KernelPasses {

    /** Rows per block of the log-sum-exp pass and of kernel construction. */
    static final int ROW_BLOCK = 16;
    /** Number of blocks of the fused kernel pass. */
    private static final int KERNEL_BLOCKS = 16;

    private KernelPasses() {
    }

    /** sum_j k[j] v[j] with four independent partial sums (fixed order, deterministic). */
    static double dot(double[] k, double[] v) {
        int m = v.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            s0 += k[j] * v[j];
            s1 += k[j + 1] * v[j + 1];
            s2 += k[j + 2] * v[j + 2];
            s3 += k[j + 3] * v[j + 3];
        }
        for (; j < m; j++) {
            s0 += k[j] * v[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** sum_j v[j] with four independent partial sums. */
    static double sum(double[] v) {
        int m = v.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            s0 += v[j];
            s1 += v[j + 1];
            s2 += v[j + 2];
            s3 += v[j + 3];
        }
        for (; j < m; j++) {
            s0 += v[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Rows per block of the fused pass: a fixed number of blocks, so results do not depend on threads. */
    static int blockSize(int n) {
        return (n + KERNEL_BLOCKS - 1) / KERNEL_BLOCKS;
    }

    /** One column accumulator per block of the fused pass. */
    static double[][] accumulators(int n, int m) {
        return new double[Parallel.blockCount(n, blockSize(n))][m];
    }

    /**
     * The hot loop of both kernel iterations: for every row i, s_i = K_i . w (a reduction with four
     * accumulators), u_i = a_i / s_i (times the over-relaxation factor when om != 1), and
     * acc[block] += u_i K_i. Rows are separate arrays indexed by the bare loop variable, so HotSpot
     * C2 auto-vectorises the axpy (an offset into a flat n m buffer defeats it: measured 3 vs
     * 10-16 GF/s). K_i is read twice while it is still in cache, so the pass streams K from memory
     * once.
     */
    static void fusedPass(double[][] k, double[] w, double[] a, double[] s, double[][] acc, int bs,
                          double om, double[] fCur, double[] fa, double eps) {
        int n = k.length;
        int m = w.length;
        double inv = 1 / eps;
        Parallel.forEachBlock(n, bs, (long) n * m * 2, (lo, hi) -> {
            double[] ac = acc[lo / bs];
            Arrays.fill(ac, 0);
            for (int i = lo; i < hi; i++) {
                double[] ki = k[i];
                double si = VectorSupport.ENABLED ? VectorDot.dot(ki, w) : dot(ki, w);
                s[i] = si;
                double u = a[i] / si;
                if (om != 1) {
                    // over-relaxed f_i = (1 - om) f_i + om fSinkhorn_i, fSinkhorn_i = fa_i - eps log s_i
                    double fs = fa[i] - eps * Math.log(si);
                    double fn = (1 - om) * fCur[i] + om * fs;
                    u *= Math.exp((fn - fs) * inv);
                }
                if (u != 0 && Double.isFinite(u)) {
                    for (int j = 0; j < m; j++) {
                        ac[j] += u * ki[j];
                    }
                }
            }
        });
    }

    /** acc[block] = sum over the block's rows of u_i K_i (the K^T u half of {@link #fusedPass}). */
    static void columnPass(double[][] k, double[] u, double[][] acc, int bs, int m) {
        int n = k.length;
        Parallel.forEachBlock(n, bs, (long) n * m, (lo, hi) -> {
            double[] ac = acc[lo / bs];
            Arrays.fill(ac, 0);
            for (int i = lo; i < hi; i++) {
                double[] ki = k[i];
                double ui = u[i];
                if (ui != 0 && Double.isFinite(ui)) {
                    for (int j = 0; j < m; j++) {
                        ac[j] += ui * ki[j];
                    }
                }
            }
        });
    }

    /**
     * The Gibbs kernel K_ij = exp(-C_ij / eps) into {@code k} (n rows of m), rows built in fixed
     * blocks (the same bits for any thread count), entries below about 1e-304 flushed to 0
     * ({@link FastExp#expKernel}: subnormal entries would slow every multiply-add that touches them).
     * The kernel of the scaling iterations, balanced and unbalanced, and of the barycenter's kernel form.
     */
    static double[][] gibbsKernel(Cost cost, double eps, double[][] k) {
        int n = k.length;
        int m = cost.cols();
        double inv = 1 / eps;
        Parallel.forEachBlock(n, ROW_BLOCK, (long) n * m * 8, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                double[] ki = k[i];
                cost.row(i, ki);
                for (int j = 0; j < m; j++) {
                    ki[j] = FastExp.expKernel(-ki[j] * inv);
                }
            }
        });
        return k;
    }

    /**
     * The absorbed kernel kt_ij = exp((fa_i + ga_j - C_ij) / eps) of Schmitzer's stabilisation
     * (MATH.md section 1, "Entropic OT"), the cost read row by row into kt, rows in fixed blocks.
     * Entries below e^-500 (1e-217 of the O(1) row maximum of an absorbed kernel) are dropped:
     * with scalings up to e^{@value AbsorbedKernelIteration#ABSORB} their products would be
     * subnormal, and subnormal arithmetic is 5x-10x slower on x86.
     */
    static void absorbedKernel(Cost cost, double[] fa, double[] ga, double inv, double[][] kt) {
        int n = fa.length;
        int m = ga.length;
        Parallel.forEachBlock(n, ROW_BLOCK, (long) n * m * 8, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                double[] ki = kt[i];
                cost.row(i, ki);
                double fi = fa[i];
                for (int j = 0; j < m; j++) {
                    double x = (fi + ga[j] - ki[j]) * inv;
                    ki[j] = x < -500 ? 0 : FastExp.exp(x);
                }
            }
        });
    }

    /** col = sum of the block accumulators, in block order. */
    static void reduce(double[][] acc, double[] col) {
        int m = col.length;
        System.arraycopy(acc[0], 0, col, 0, m);
        for (int b = 1; b < acc.length; b++) {
            double[] ac = acc[b];
            for (int j = 0; j < m; j++) {
                col[j] += ac[j];
            }
        }
    }

    /** Whether every entry is positive and finite (a kernel sum that can be inverted and logged). */
    static boolean positiveFinite(double[] v) {
        for (double x : v) {
            if (!(x > 0) || !Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Below this sum of exponentials, or above its inverse, a row of {@link #shiftedLsePass} is
     * summed again shifted by its maximum: within the range, the terms lost to underflow (each
     * below 1e-307) are a relative 1e-107 of the sum at most, and no term overflowed.
     */
    static final double SHIFT_RANGE = 1e-200;

    /**
     * The streamed log-domain half-step with the current potential as the shift (MATH.md section 1,
     * "Entropic OT"): for every row i of c,
     * <pre>
     *   S_i = sum_j exp(pot_i / eps + h_j - C_ij / eps),   out_i = pot_i - eps log S_i,
     * </pre>
     * which is -eps LSE_j(h_j - C_ij / eps), the log-domain update, with one exponential per entry
     * and one pass: for h_j = log b_j + g_j / eps, S_i is the row sum of the current plan over
     * a_i, near 1 near convergence, so nothing over- or underflows there, and {@code ratio_i = S_i}
     * gives the row error a_i |S_i - 1| of the current potentials for free. A row whose S_i leaves
     * [{@link #SHIFT_RANGE}, 1 / {@link #SHIFT_RANGE}] (far from convergence, or potentials from a
     * coarser eps) is summed again max-shifted as {@link #lsePass} does, and ratio_i is then
     * exp((pot_i - out_i) / eps) (possibly infinite). Rows in fixed blocks, each row reduced by
     * one thread in a fixed order: results do not depend on the number of threads.
     */
    static void shiftedLsePass(RowExponentialSums sums, Cost c, double[] h, double[] pot, double inv, double eps,
                               double[] out, double[] ratio) {
        int rows = c.rows();
        int cols = c.cols();
        Parallel.forEachBlock(rows, ROW_BLOCK, (long) rows * cols * 40, (lo, hi) -> {
            double[] buf = sums.needsBuffer() ? new double[cols] : null;
            double[] z = null;
            for (int i = lo; i < hi; i++) {
                double p = pot[i] * inv;
                double s = sums.sum(i, p, buf);
                if (s >= SHIFT_RANGE && s <= 1 / SHIFT_RANGE) {
                    out[i] = pot[i] - eps * Math.log(s);
                    ratio[i] = s;
                } else {
                    if (z == null) {
                        z = new double[cols];
                    }
                    c.row(i, z);
                    out[i] = maxShiftedRow(z, 0, h, inv, eps, z);
                    ratio[i] = Math.exp((pot[i] - out[i]) * inv);
                }
            }
        });
    }

    /**
     * -eps LSE_j(h_j - C_ij / eps) for one row, C_ij = src[off + j]: its maximum first, then the
     * shifted sum; z (cols entries, may be src itself when off = 0) holds the exponents.
     */
    private static double maxShiftedRow(double[] src, int off, double[] h, double inv, double eps, double[] z) {
        int cols = z.length;
        double mx = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            double v = h[j] - src[off + j] * inv;
            z[j] = v;
            mx = Math.max(mx, v);
        }
        double s = 0;
        for (int j = 0; j < cols; j++) {
            s += FastExp.expNonPositive(z[j] - mx);
        }
        return -eps * (mx + Math.log(s));
    }

    /**
     * out_i = -eps LSE_j(h_j - C_ij / eps) for every row i of c, rows in fixed blocks, each row
     * reduced by one thread (max first, then the shifted sum), so results do not depend on the
     * number of threads.
     */
    static void lsePass(Cost c, double[] h, double inv, double eps, double[] out) {
        int rows = c.rows();
        int cols = c.cols();
        final double[] data = c instanceof CostMatrix ? ((CostMatrix) c).data() : null;
        Parallel.forEachBlock(rows, ROW_BLOCK, (long) rows * cols * 8, (lo, hi) -> {
            double[] z = new double[cols];
            double[] buf = data == null ? new double[cols] : null;
            for (int i = lo; i < hi; i++) {
                double[] src;
                int off;
                if (data != null) {
                    src = data;
                    off = i * cols;
                } else {
                    c.row(i, buf);
                    src = buf;
                    off = 0;
                }
                out[i] = maxShiftedRow(src, off, h, inv, eps, z);
            }
        });
    }
}
