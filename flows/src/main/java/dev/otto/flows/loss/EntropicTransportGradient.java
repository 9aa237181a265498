package dev.otto.flows.loss;

/**
 * The gradient of entropic transport OT_eps(x, y) = min_P &lt;C, P&gt; + eps KL(P | a b^T) with the
 * squared Euclidean cost C_ij = |x_i - y_j|^2 in the points (MATH.md section 1, statement
 * {@code ot.sinkhorn-divergence-gradient}).
 *
 * <p>OT_eps is the maximum over (f, g) of the dual
 * D(f, g; C) = &lt;a, f&gt; + &lt;b, g&gt; - eps sum_ij a_i b_j (exp((f_i + g_j - C_ij)/eps) - 1), whose
 * partial derivative in C_ij is the Gibbs plan P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps). By the
 * envelope theorem (Danskin) the potentials' own motion does not count at the maximiser, so
 * dOT_eps/dC_ij = P_ij and, through dC_ij/dx_i = 2 (x_i - y_j) and dC_ij/dy_j = 2 (y_j - x_i),
 * <pre>
 *   grad_{x_i} OT_eps = 2 sum_j P_ij (x_i - y_j),   grad_{y_j} OT_eps = 2 sum_i P_ij (y_j - x_i).
 * </pre>
 * This is Feydy et al. 2019 (Interpolating between optimal transport and MMD using Sinkhorn
 * divergences, AISTATS 2019; their result that the potentials are the derivatives of OT_eps in the
 * measures) read at the points: grad_{x_i} = a_i grad f(x_i), f extended off the support by its
 * Sinkhorn update, as GeomLoss computes it.
 *
 * <p>The plan is that of the returned potentials, so the formula is exact for them and off the true
 * gradient by the plan's distance to the fixed point, which the solver's marginal error measures.
 * Both sides are returned separately: when x and y are the same cloud (the debiasing terms of the
 * divergence) a point's gradient is the sum of its two sides. Differences are formed coordinate by
 * coordinate, so the result does not depend on where the clouds sit; one pass over the plan rows,
 * O(n m d) time, O(m) extra memory.
 */
final class EntropicTransportGradient {

    /**
     * The two sides of the gradient, flat row-major: {@code source} (n x d) is grad_x, {@code
     * target} (m x d) is grad_y.
     */
    record Sides(double[] source, double[] target) {
    }

    /** The rows of a Gibbs plan, as a solve gives them. */
    @FunctionalInterface
    interface PlanRows {
        /** Row i of the plan into {@code out} (m entries). */
        void row(int i, double[] out);
    }

    private EntropicTransportGradient() {
    }

    /**
     * The gradient of OT_eps(x, y) at the plan P of a solve on C_ij = |x_i - y_j|^2 between x (n x d,
     * flat row-major) and y (m x d).
     */
    static Sides of(PlanRows plan, double[] x, double[] y, int d) {
        int n = x.length / d;
        int m = y.length / d;
        double[] gx = new double[n * d];
        double[] gy = new double[m * d];
        double[] row = new double[m];
        for (int i = 0; i < n; i++) {
            plan.row(i, row);
            for (int j = 0; j < m; j++) {
                double p2 = 2 * row[j];
                for (int k = 0; k < d; k++) {
                    double diff = p2 * (x[i * d + k] - y[j * d + k]);
                    gx[i * d + k] += diff;
                    gy[j * d + k] -= diff;
                }
            }
        }
        return new Sides(gx, gy);
    }
}
