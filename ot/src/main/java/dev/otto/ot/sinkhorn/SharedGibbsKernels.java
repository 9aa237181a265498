package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct Gibbs kernels K = exp(-C/eps) of an entropic barycenter problem (MATH.md section 1,
 * statement {@code ot.entropic-barycenter}; Benamou et al. 2015, section 3.2), each built once per
 * solve, with the histograms that use it. Histograms whose cost is the same {@link Cost} object
 * share one kernel (its exponentials taken once, not once per histogram), so a half-sweep can
 * multiply it by all of their scalings in one pass. A symmetric cost (C = C^T bitwise, as from a
 * support to itself) gives a {@link SymmetricKernel}, its own transpose stored as one triangle;
 * any other a {@link DenseKernel}, stored with its transpose.
 */
final class SharedGibbsKernels {

    private final StoredKernel[] kernels;
    private final int[][] members;

    private SharedGibbsKernels(StoredKernel[] kernels, int[][] members) {
        this.kernels = kernels;
        this.members = members;
    }

    /** Groups {@code costs} by identity and builds each group's kernel. */
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
        StoredKernel[] kernels = new StoredKernel[g];
        int[][] members = new int[g][];
        for (int q = 0; q < g; q++) {
            Cost cost = order.get(q);
            kernels[q] = SymmetricKernel.isSymmetric(cost) ? SymmetricKernel.of(cost, eps) : new DenseKernel(rows(cost, eps));
            members[q] = groups.get(cost).stream().mapToInt(Integer::intValue).toArray();
        }
        return new SharedGibbsKernels(kernels, members);
    }

    /** The number of distinct kernels. */
    int count() {
        return kernels.length;
    }

    /** Kernel q. */
    StoredKernel kernel(int q) {
        return kernels[q];
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

    /** K_ij = exp(-C_ij / eps) ({@link KernelPasses#gibbsKernel}). */
    private static double[][] rows(Cost cost, double eps) {
        return KernelPasses.gibbsKernel(cost, eps, new double[cost.rows()][cost.cols()]);
    }
}
