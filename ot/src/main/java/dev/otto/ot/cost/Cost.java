package dev.otto.ot.cost;

import dev.otto.ot.internal.Parallel;

/**
 * A ground cost C (n x m) between the supports of two discrete measures, MATH.md section 1
 * ("Discrete OT": C_ij is the price of moving a unit of mass from point i to point j).
 *
 * <p>Implementations are either an explicit matrix ({@link CostMatrix}) or two point clouds whose
 * entries are evaluated on the fly ({@link PointCloudCost}), so that solvers that only stream rows
 * (log-domain Sinkhorn, the network simplex's pricing) run in O(n + m) memory.
 * Implementations are immutable and safe to read from several threads.
 */
public interface Cost {

    /** Number of rows n (source points). */
    int rows();

    /** Number of columns m (target points). */
    int cols();

    /** The entry C_ij. */
    double get(int i, int j);

    /**
     * Writes row i, C_i0 .. C_i(m-1), into {@code out[0..m)}.
     * The default loops over {@link #get}; implementations override it with a tight loop.
     */
    default void row(int i, double[] out) {
        int m = cols();
        for (int j = 0; j < m; j++) {
            out[j] = get(i, j);
        }
    }

    /**
     * The sub-matrix on the given rows and columns (in that order). The default materialises it;
     * point-cloud costs return a point-cloud cost on the selected points.
     */
    default Cost restrict(int[] rowIdx, int[] colIdx) {
        int n2 = rowIdx.length;
        int m2 = colIdx.length;
        double[] out = new double[Math.multiplyExact(n2, m2)];
        int m = cols();
        Parallel.forEachBlock(n2, 16, (lo, hi) -> {
            double[] buf = new double[m];
            for (int r = lo; r < hi; r++) {
                row(rowIdx[r], buf);
                for (int c = 0; c < m2; c++) {
                    out[r * m2 + c] = buf[colIdx[c]];
                }
            }
        });
        return CostMatrix.ofRowMajor(n2, m2, out, false);
    }

    /** The largest absolute entry max |C_ij| (streams all rows for on-the-fly costs). */
    default double maxAbs() {
        int n = rows();
        int m = cols();
        double[] partial = new double[n];
        Parallel.forEachBlock(n, 16, (lo, hi) -> {
            double[] buf = new double[m];
            for (int i = lo; i < hi; i++) {
                row(i, buf);
                double mx = 0;
                for (int j = 0; j < m; j++) {
                    mx = Math.max(mx, Math.abs(buf[j]));
                }
                partial[i] = mx;
            }
        });
        double mx = 0;
        for (double v : partial) {
            mx = Math.max(mx, v);
        }
        return mx;
    }

    /** The transposed cost C^T (m x n): used for the column half-step of Sinkhorn. */
    Cost transpose();

    /**
     * Whether entries are stored (true) or recomputed on each access (false). Solvers use it to
     * decide whether caching a dense copy would change the memory footprint.
     */
    boolean isExplicit();

    /**
     * The full matrix as a row-major array (a copy for on-the-fly costs, computed in parallel over
     * rows; the stored array itself for {@link CostMatrix}, which must then not be modified).
     */
    default double[] toRowMajor() {
        int n = rows();
        int m = cols();
        double[] out = new double[Math.multiplyExact(n, m)];
        Parallel.forEachBlock(n, 16, (lo, hi) -> {
            double[] buf = new double[m];
            for (int i = lo; i < hi; i++) {
                row(i, buf);
                System.arraycopy(buf, 0, out, i * m, m);
            }
        });
        return out;
    }

    /**
     * The mean of C under the independent coupling, sum_ij a_i b_j C_ij / (sum a sum b): the
     * cost scale used for the default entropic regularisation. The default streams all rows
     * (O(n m) work, O(m) memory).
     */
    default double meanUnder(double[] a, double[] b) {
        int n = rows();
        int m = cols();
        double sa = 0;
        double sb = 0;
        for (double v : a) {
            sa += v;
        }
        for (double v : b) {
            sb += v;
        }
        double[] partial = new double[n];
        Parallel.forEachBlock(n, 16, (lo, hi) -> {
            double[] buf = new double[m];
            for (int i = lo; i < hi; i++) {
                if (a[i] == 0) {
                    continue;
                }
                row(i, buf);
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += b[j] * buf[j];
                }
                partial[i] = a[i] * s;
            }
        });
        double total = 0;
        for (double v : partial) {
            total += v;
        }
        return total / (sa * sb);
    }
}
