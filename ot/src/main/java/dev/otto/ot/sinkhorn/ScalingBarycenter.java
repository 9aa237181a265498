package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;

import java.util.Arrays;

/**
 * The kernel (scaling) form of the entropic barycenter's fixed point (MATH.md section 1, statement
 * {@code ot.entropic-barycenter}; Benamou, Carlier, Cuturi, Nenna and Peyre 2015, section 3.2,
 * Proposition 1): with K_k = exp(-C_k/eps) stored, each sweep is
 * <pre>
 *   v_k = b_k / (K_k^T u_k),   a = prod_k (K_k v_k)^{lambda_k},   u_k = a / (K_k v_k),
 * </pre>
 * the map {@link EntropicBarycenter#solve} runs in log coordinates, with two kernel products per
 * histogram and no exponential over the kernels. Each distinct kernel is built once per solve
 * ({@link SharedGibbsKernels}: histograms given the same {@link Cost} object share it, and a
 * symmetric kernel is stored as one triangle and is its own transpose), and each half-sweep
 * multiplies it by the scalings of all the histograms sharing it in one pass over its entries
 * ({@link StoredKernel}), as BLAS multiplies K by an n x H block; buffers are allocated once per
 * solve. Rows are split over the pool in fixed blocks, so the result is bitwise the same for any
 * number of threads. It stops as the log domain does, when max_k |P_k 1 - a|_1 (row marginals
 * before the u-update) is at most the tolerance.
 */
final class ScalingBarycenter {

    private final SharedGibbsKernels kernels;
    private final double[] lambda;
    private final double[][] hist;
    /** Rows of the n x H block U (the scalings u_k), and of m_k-vectors v_k, K_k^T u_k and K_k v_k. */
    private final double[][] u;
    private final double[][] v;
    private final double[][] ktu;
    private final double[][] kv;
    /** Per kernel q, the rows of u, v, K^T u and K v of the histograms that share it (views, no copies). */
    private final double[][][] uOf;
    private final double[][][] vOf;
    private final double[][][] ktuOf;
    private final double[][][] kvOf;
    /** The barycenter after the last sweep. */
    private final double[] a;

    private ScalingBarycenter(Cost[] costs, double[][] b, double[] lambda, double eps) {
        int k = costs.length;
        int n = costs[0].rows();
        this.kernels = SharedGibbsKernels.of(costs, eps);
        this.lambda = lambda;
        hist = new double[k][];
        u = new double[k][n];
        v = new double[k][];
        ktu = new double[k][];
        kv = new double[k][n];
        for (int c = 0; c < k; c++) {
            hist[c] = EntropicBarycenter.normalised(b[c]);
            Arrays.fill(u[c], 1.0);
            v[c] = new double[costs[c].cols()];
            ktu[c] = new double[costs[c].cols()];
        }
        int groups = kernels.count();
        uOf = new double[groups][][];
        vOf = new double[groups][][];
        ktuOf = new double[groups][][];
        kvOf = new double[groups][][];
        for (int q = 0; q < groups; q++) {
            uOf[q] = kernels.select(q, u);
            vOf[q] = kernels.select(q, v);
            ktuOf[q] = kernels.select(q, ktu);
            kvOf[q] = kernels.select(q, kv);
        }
        a = new double[n];
    }

    /**
     * The barycenter, or null when a kernel product underflows to 0 or overflows (eps small against
     * the costs), which this form cannot represent; the inputs are checked as by
     * {@link EntropicBarycenter#solve}.
     */
    static EntropicBarycenter.Result solve(Cost[] costs, double[][] b, double[] lambda, double eps, double tolerance,
                                           int maxIterations) {
        double[] lam = EntropicBarycenter.checkedWeights(costs, b, lambda, eps, tolerance, maxIterations);
        ScalingBarycenter state = new ScalingBarycenter(costs, b, lam, eps);
        double error = Double.POSITIVE_INFINITY;
        int it = 0;
        while (it < maxIterations && !(error <= tolerance)) {
            error = state.sweep();
            it++;
            if (!Double.isFinite(error)) {
                return null;
            }
        }
        return new EntropicBarycenter.Result(state.a.clone(), it, error <= tolerance, error);
    }

    /** One sweep of the fixed point; returns max_k |P_k 1 - a|_1 before the u-update. */
    private double sweep() {
        int groups = kernels.count();
        for (int q = 0; q < groups; q++) {
            kernels.kernel(q).transposeTimes(uOf[q], ktuOf[q]);
        }
        for (int c = 0; c < hist.length; c++) {
            for (int j = 0; j < v[c].length; j++) {
                v[c][j] = hist[c][j] / ktu[c][j];
            }
        }
        for (int q = 0; q < groups; q++) {
            kernels.kernel(q).times(vOf[q], kvOf[q]);
        }
        // a = prod_k (K_k v_k)^lambda_k, in logarithms
        Arrays.fill(a, 0);
        for (int c = 0; c < hist.length; c++) {
            for (int i = 0; i < a.length; i++) {
                a[i] += lambda[c] * Math.log(kv[c][i]);
            }
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(a[i]);
        }
        // row marginal of P_k before the update: u_k K_k v_k; then u_k = a / (K_k v_k)
        double error = 0;
        for (int c = 0; c < hist.length; c++) {
            double e = 0;
            for (int i = 0; i < a.length; i++) {
                e += Math.abs(u[c][i] * kv[c][i] - a[i]);
                u[c][i] = a[i] / kv[c][i];
            }
            error = Math.max(error, e);
        }
        return error;
    }
}
