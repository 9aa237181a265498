package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;

/**
 * Result of entropic OT, MATH.md section 1 ("Entropic OT"): potentials f, g defining the plan
 * P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps), the transport cost &lt;C,P&gt;, the regularised
 * objective &lt;C,P&gt; + eps KL(P | a b^T) (generalised KL: sum P log(P/(a b)) - sum P + sum a sum b),
 * the L1 marginal error after every iteration, the iteration count and whether the stopping
 * tolerance was met. All numbers are finite.
 *
 * <p>The plan is not stored: {@link #plan()} evaluates it (n x m memory) and {@link #planEntry}
 * evaluates one entry, so on-the-fly costs keep O(n + m) memory.
 */
public final class SinkhornResult {

    private final Cost cost;
    private final double[] a;
    private final double[] b;
    private final double[] f;
    private final double[] g;
    private final double epsilon;
    private final int iterations;
    private final boolean converged;
    private final double[] errors;
    private final double transportCost;
    private final double objective;
    private final double rowError;
    private final double colError;
    private final Sinkhorn.Method method;

    SinkhornResult(Cost cost, double[] a, double[] b, double[] f, double[] g, double epsilon, int iterations,
                   boolean converged, double[] errors, double transportCost, double objective, double rowError,
                   double colError, Sinkhorn.Method method) {
        this.cost = cost;
        this.a = a;
        this.b = b;
        this.f = f;
        this.g = g;
        this.epsilon = epsilon;
        this.iterations = iterations;
        this.converged = converged;
        this.errors = errors;
        this.transportCost = transportCost;
        this.objective = objective;
        this.rowError = rowError;
        this.colError = colError;
        this.method = method;
    }

    /** Potential f (n entries). */
    public double[] f() {
        return f.clone();
    }

    /** Potential g (m entries). */
    public double[] g() {
        return g.clone();
    }

    /** The regularisation strength eps actually used (the final one under epsilon scaling). */
    public double epsilon() {
        return epsilon;
    }

    /** Number of Sinkhorn iterations (one f- and one g-update each), all epsilon stages included. */
    public int iterations() {
        return iterations;
    }

    /**
     * Whether both marginal errors of the returned plan (L1 norms, or L2 norms under
     * {@link Sinkhorn.StoppingRule#L2_EVERY_10}) are within max(tolerance, 1e-13) x sum(a) at the
     * target epsilon.
     */
    public boolean converged() {
        return converged;
    }

    /**
     * The error the stopping rule measured after each iteration (copy): the L1 row-marginal error
     * |P 1 - a|_1 after the g-update by default; the L2 column error after the f-update under
     * {@link Sinkhorn.StoppingRule#L2_EVERY_10}. Errors of over-relaxed iterates are recorded as
     * measured (they are not Sinkhorn iterates and may rise while the solve converges).
     */
    public double[] marginalErrors() {
        return errors.clone();
    }

    /** Transport cost &lt;C,P&gt; of the returned plan (an upper estimate of OT(a,b,C), see MATH.md). */
    public double transportCost() {
        return transportCost;
    }

    /** Regularised objective OT_eps = &lt;C,P&gt; + eps KL(P | a b^T). */
    public double objective() {
        return objective;
    }

    /** Dual objective &lt;a,f&gt; + &lt;b,g&gt; (equals {@link #objective()} at convergence). */
    public double dualObjective() {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * f[i];
        }
        for (int j = 0; j < b.length; j++) {
            s += b[j] * g[j];
        }
        return s;
    }

    /** Final |P 1 - a|_1. */
    public double rowMarginalError() {
        return rowError;
    }

    /** Final |P^T 1 - b|_1 (round-off only when the last update was the g-update). */
    public double columnMarginalError() {
        return colError;
    }

    /** The iteration actually used (SCALING falls back to LOG_DOMAIN on under/overflow). */
    public Sinkhorn.Method method() {
        return method;
    }

    /** One plan entry P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps). */
    public double planEntry(int i, int j) {
        return GibbsPlan.entry(cost, a, b, f, g, epsilon, i, j);
    }

    /** Row i of the plan into {@code out} (m entries). */
    public void planRow(int i, double[] out) {
        GibbsPlan.row(cost, a, b, f, g, epsilon, i, out);
    }

    /** The dense plan (n x m). */
    public double[][] plan() {
        return GibbsPlan.dense(cost, a, b, f, g, epsilon);
    }

    /** Number of source points. */
    public int n() {
        return a.length;
    }

    /** Number of target points. */
    public int m() {
        return b.length;
    }

    /** Whether the cost behind this plan is stored explicitly. */
    public boolean hasExplicitCost() {
        return cost instanceof CostMatrix;
    }

    @Override
    public String toString() {
        return "SinkhornResult{eps=" + epsilon + ", iterations=" + iterations + ", converged=" + converged
                + ", transportCost=" + transportCost + ", objective=" + objective + ", rowError=" + rowError
                + ", method=" + method + "}";
    }
}
