package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;

/**
 * Result of {@link UnbalancedSinkhorn}: the potentials f, g of the Gibbs plan
 * P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps), its marginals, the transport cost &lt;C,P&gt;, the
 * primal objective &lt;C,P&gt; + eps KL(P | a b^T) + tau KL(P 1 | a) + tau KL(P^T 1 | b) and the dual
 * objective -tau &lt;a, e^{-f/tau} - 1&gt; - tau &lt;b, e^{-g/tau} - 1&gt; - eps &lt;a b^T, e^{(f+g-C)/eps} - 1&gt;
 * (Sejourne et al. 2019, eq. (9); they agree at the optimum), the iteration count and whether the
 * stopping tolerance was met. For tau = +infinity the penalty terms are left out of the primal and
 * become &lt;a, f&gt; + &lt;b, g&gt; in the dual (their limits on balanced marginals).
 *
 * <p>Like {@link SinkhornResult} the plan is not stored: {@link #plan()} and {@link #planRow}
 * evaluate it from the potentials.
 */
public final class UnbalancedResult {

    private final Cost cost;
    private final double[] a;
    private final double[] b;
    private final double[] f;
    private final double[] g;
    private final double epsilon;
    private final double tau;
    private final int iterations;
    private final boolean converged;
    private final double[] changes;
    private final double[] rowMarginal;
    private final double[] columnMarginal;
    private final double transportCost;

    private UnbalancedResult(Cost cost, double[] a, double[] b, double[] f, double[] g, double epsilon, double tau,
                             int iterations, boolean converged, double[] changes, double[] rowMarginal,
                             double[] columnMarginal, double transportCost) {
        this.cost = cost;
        this.a = a;
        this.b = b;
        this.f = f;
        this.g = g;
        this.epsilon = epsilon;
        this.tau = tau;
        this.iterations = iterations;
        this.converged = converged;
        this.changes = changes;
        this.rowMarginal = rowMarginal;
        this.columnMarginal = columnMarginal;
        this.transportCost = transportCost;
    }

    /**
     * The result for the potentials (f, g), with the plan's marginals and &lt;C,P&gt; as evaluated by the
     * solver ({@link GibbsPlan#marginals}, or from its stored kernel).
     */
    static UnbalancedResult of(Cost cost, double[] a, double[] b, double[] f, double[] g, double eps, double tau,
                               int iterations, boolean converged, double[] changes, GibbsPlan.Marginals pm) {
        return new UnbalancedResult(cost, a, b, f, g, eps, tau, iterations, converged, changes, pm.rows(), pm.cols(),
                pm.transportCost());
    }

    /** Potential f (n entries). */
    public double[] f() {
        return f.clone();
    }

    /** Potential g (m entries). */
    public double[] g() {
        return g.clone();
    }

    /** The regularisation eps used (the final one under epsilon scaling). */
    public double epsilon() {
        return epsilon;
    }

    /** The marginal penalty tau. */
    public double tau() {
        return tau;
    }

    /** Number of iterations (one f- and one g-update each), all epsilon stages included. */
    public int iterations() {
        return iterations;
    }

    /** Whether the last potential change was within the tolerance (x eps) at the target eps. */
    public boolean converged() {
        return converged;
    }

    /** The potential change max(|Delta f|_inf, |Delta g|_inf) / eps of each iteration at the target eps (copy). */
    public double[] potentialChanges() {
        return changes.clone();
    }

    /** P 1 (copy). */
    public double[] rowMarginal() {
        return rowMarginal.clone();
    }

    /** P^T 1 (copy). */
    public double[] columnMarginal() {
        return columnMarginal.clone();
    }

    /** Total transported mass sum P. */
    public double mass() {
        double s = 0;
        for (double v : rowMarginal) {
            s += v;
        }
        return s;
    }

    /** &lt;C,P&gt;. */
    public double transportCost() {
        return transportCost;
    }

    /** KL(P 1 | a) + KL(P^T 1 | b), the marginal deviation the penalty prices (generalised KL). */
    public double marginalDivergence() {
        return kl(rowMarginal, a) + kl(columnMarginal, b);
    }

    /**
     * The primal objective &lt;C,P&gt; + eps KL(P | a b^T) + tau (KL(P 1 | a) + KL(P^T 1 | b)); on the
     * Gibbs plan eps KL(P | a b^T) = &lt;f, P 1&gt; + &lt;g, P^T 1&gt; - &lt;C,P&gt; - eps sum P + eps sum a sum b.
     */
    public double objective() {
        double mass = mass();
        double s = -epsilon * mass + epsilon * sum(a) * sum(b);
        for (int i = 0; i < a.length; i++) {
            s += f[i] * rowMarginal[i];
        }
        for (int j = 0; j < b.length; j++) {
            s += g[j] * columnMarginal[j];
        }
        return Double.isInfinite(tau) ? s : s + tau * marginalDivergence();
    }

    /** The dual objective at (f, g); equals {@link #objective()} at the optimum. */
    public double dualObjective() {
        double s = -epsilon * (mass() - sum(a) * sum(b));
        for (int i = 0; i < a.length; i++) {
            s += Double.isInfinite(tau) ? a[i] * f[i] : -tau * a[i] * Math.expm1(-f[i] / tau);
        }
        for (int j = 0; j < b.length; j++) {
            s += Double.isInfinite(tau) ? b[j] * g[j] : -tau * b[j] * Math.expm1(-g[j] / tau);
        }
        return s;
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

    private static double sum(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return s;
    }

    /** Generalised KL(p | q) = sum p log(p / q) - p + q, with 0 log 0 = 0. */
    private static double kl(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += (p[i] > 0 ? p[i] * Math.log(p[i] / q[i]) : 0) - p[i] + q[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return "UnbalancedResult{eps=" + epsilon + ", tau=" + tau + ", iterations=" + iterations + ", converged="
                + converged + ", mass=" + mass() + ", transportCost=" + transportCost + ", objective=" + objective() + "}";
    }
}
