package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.internal.Parallel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct Gibbs kernels K = exp(-C/eps) of an entropic barycenter problem (MATH.md section 1,
 * statement {@code ot.entropic-barycenter}; Benamou et al. 2015, section 3.2), each built once per
 * solve, with the histograms that use it. Histograms whose cost is the same {@link Cost} object
 * share one kernel (n m exponentials once, not once per histogram), so a half-sweep can multiply
 * it by all of their scalings in one pass ({@link KernelBlockProduct}). Each kernel is kept with
 * its transpose for the K^T u half; when the kernel is symmetric, as for a cost between one support
 * and itself, the transpose is the kernel itself (compared entry by entry, so K^T = K exactly).
 */
final class SharedGibbsKernels {

    private final double[][][] kernels;
    private final double[][][] transposes;
    private final int[][] members;

    private SharedGibbsKernels(double[][][] kernels, double[][][] transposes, int[][] members) {
        this.kernels = kernels;
        this.transposes = transposes;
        this.members = members;
    }

    /** Groups {@code costs} by identity and builds each group's kernel and its transpose. */
    static SharedGibbsKernels of(Cost[] costs, double eps) {
        Map<Cost, List<Integer>> groups = new IdentityHashMap<>();
        List<Cost> order = new ArrayList<>();
        for (int c = 0; c < costs.length; c++) {
            groups.computeIfAbsent(costs[c], key -> {
                order.add(key);
                return new ArrayList<>();
            }).add(c);
        }
        int g = order.size();
        double[][][] kernels = new double[g][][];
        double[][][] transposes = new double[g][][];
        int[][] members = new int[g][];
        for (int q = 0; q < g; q++) {
            Cost cost = order.get(q);
            kernels[q] = kernel(cost, eps);
            transposes[q] = symmetric(kernels[q]) ? kernels[q] : transpose(kernels[q]);
            members[q] = groups.get(cost).stream().mapToInt(Integer::intValue).toArray();
        }
        return new SharedGibbsKernels(kernels, transposes, members);
    }

    /** The number of distinct kernels. */
    int count() {
        return kernels.length;
    }

    /** Kernel q, n x m_q. */
    double[][] kernel(int q) {
        return kernels[q];
    }

    /** The transpose of kernel q, m_q x n: the same array when kernel q is symmetric. */
    double[][] transpose(int q) {
        return transposes[q];
    }

    /** The entries of {@code perHistogram} whose cost gave kernel q, in input order. */
    double[][] select(int q, double[][] perHistogram) {
        int[] idx = members[q];
        double[][] out = new double[idx.length][];
        for (int h = 0; h < idx.length; h++) {
            out[h] = perHistogram[idx[h]];
        }
        return out;
    }

    /** K_ij = exp(-C_ij / eps), rows built in fixed blocks. */
    private static double[][] kernel(Cost cost, double eps) {
        int n = cost.rows();
        int m = cost.cols();
        double[][] k = new double[n][m];
        Parallel.forEachBlock(n, KernelPasses.ROW_BLOCK, (long) n * m * 8, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                double[] ki = k[i];
                cost.row(i, ki);
                for (int j = 0; j < m; j++) {
                    ki[j] = Math.exp(-ki[j] / eps);
                }
            }
        });
        return k;
    }

    private static boolean symmetric(double[][] k) {
        int n = k.length;
        if (n == 0 || k[0].length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Double.doubleToRawLongBits(k[i][j]) != Double.doubleToRawLongBits(k[j][i])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double[][] transpose(double[][] k) {
        int n = k.length;
        int m = n == 0 ? 0 : k[0].length;
        double[][] t = new double[m][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j][i] = k[i][j];
            }
        }
        return t;
    }
}
