package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.internal.Parallel;

import java.util.Arrays;

/**
 * The Gibbs kernel K = exp(-C/eps) of a symmetric cost (C = C^T, as for a support against itself),
 * stored as its upper triangle: row i holds K_ij for j &gt;= i, n (n + 1) / 2 entries and as many
 * exponentials, half the dense kernel's (MATH.md section 1, statement {@code ot.entropic-barycenter}).
 * K = K^T, so both products of a barycenter half-sweep are K w, and each stored entry serves twice:
 * (K w)_i = K_ii w_i + sum_{j > i} K_ij w_j (a row reduction) and (K w)_j += K_ij w_i for j &gt; i (a
 * scatter along the same row). The kernel is therefore read from memory once per product at half
 * the dense size, which matters when the dense kernel does not fit in the cache.
 *
 * <p>Determinism: rows are cut into the fixed blocks of {@link KernelPasses#blockSize}; each block
 * scatters into its own accumulators, which are added to the row reductions in block order, so
 * results are bitwise the same for any number of threads. Vectors are taken four, then two, then
 * one at a time ({@link VectorSymmetricRow}) when the Vector API is enabled, one at a time
 * otherwise.
 */
final class SymmetricKernel implements StoredKernel {

    private final double[][] upper;
    private final int blockSize;
    /** Per row block and vector, the scattered sums (K w)_j, j &gt; lo, of the block's rows; reused across calls. */
    private double[][][] scattered = new double[0][][];

    private SymmetricKernel(double[][] upper) {
        this.upper = upper;
        this.blockSize = KernelPasses.blockSize(upper.length);
    }

    /** Whether cost is square, not empty, with C_ij == C_ji for all i, j (bitwise). */
    static boolean isSymmetric(Cost cost) {
        int n = cost.rows();
        if (n == 0 || cost.cols() != n) {
            return false;
        }
        int bs = KernelPasses.blockSize(n);
        boolean[] symmetricBlock = new boolean[Parallel.blockCount(n, bs)];
        Parallel.forEachBlock(n, bs, (long) n * n, (lo, hi) -> {
            double[] row = new double[n];
            for (int i = lo; i < hi; i++) {
                cost.row(i, row);
                for (int j = i + 1; j < n; j++) {
                    if (Double.doubleToRawLongBits(row[j]) != Double.doubleToRawLongBits(cost.get(j, i))) {
                        return;
                    }
                }
            }
            symmetricBlock[lo / bs] = true;
        });
        for (boolean b : symmetricBlock) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    /** K_ij = exp(-C_ij / eps) for j &gt;= i, of a cost that {@link #isSymmetric}. */
    static SymmetricKernel of(Cost cost, double eps) {
        int n = cost.rows();
        double[][] upper = new double[n][];
        Parallel.forEachBlock(n, KernelPasses.ROW_BLOCK, (long) n * n * 4, (lo, hi) -> {
            double[] row = new double[n];
            for (int i = lo; i < hi; i++) {
                cost.row(i, row);
                double[] ui = new double[n - i];
                for (int t = 0; t < ui.length; t++) {
                    ui[t] = Math.exp(-row[i + t] / eps);
                }
                upper[i] = ui;
            }
        });
        return new SymmetricKernel(upper);
    }

    @Override
    public void times(double[][] w, double[][] out) {
        int n = upper.length;
        int width = w.length;
        int blocks = Parallel.blockCount(n, blockSize);
        if (scattered.length != blocks || (blocks > 0 && scattered[0].length != width)) {
            scattered = new double[blocks][width][n];
        }
        double[][][] acc = scattered;
        Parallel.forEachBlock(n, blockSize, (long) n * n * width, (lo, hi) -> {
            double[][] ac = acc[lo / blockSize];
            for (double[] a : ac) {
                Arrays.fill(a, lo, n, 0);
            }
            for (int i = lo; i < hi; i++) {
                rowTimesBlock(i, w, out, ac);
            }
        });
        for (int b = 0; b < blocks; b++) {
            int from = b * blockSize + 1;
            for (int h = 0; h < width; h++) {
                double[] a = acc[b][h];
                double[] o = out[h];
                for (int j = from; j < n; j++) {
                    o[j] += a[j];
                }
            }
        }
    }

    @Override
    public void transposeTimes(double[][] w, double[][] out) {
        times(w, out);
    }

    private void rowTimesBlock(int i, double[][] w, double[][] out, double[][] acc) {
        double[] ki = upper[i];
        int h = 0;
        if (VectorSupport.ENABLED) {
            for (; h + 4 <= w.length; h += 4) {
                VectorSymmetricRow.row4(ki, i, w, h, out, acc);
            }
            for (; h + 2 <= w.length; h += 2) {
                VectorSymmetricRow.row2(ki, i, w, h, out, acc);
            }
            for (; h < w.length; h++) {
                VectorSymmetricRow.row1(ki, i, w[h], out[h], acc[h]);
            }
        }
        for (; h < w.length; h++) {
            row1(ki, i, w[h], out[h], acc[h]);
        }
    }

    /** out_i = K_ii w_i + sum_{j > i} K_ij w_j and acc_j += K_ij w_i, j &gt; i, for one vector. */
    private static void row1(double[] ki, int i, double[] w, double[] out, double[] acc) {
        double wi = w[i];
        double s = 0;
        for (int t = 1; t < ki.length; t++) {
            s += ki[t] * w[i + t];
            acc[i + t] += ki[t] * wi;
        }
        out[i] = ki[0] * wi + s;
    }
}
