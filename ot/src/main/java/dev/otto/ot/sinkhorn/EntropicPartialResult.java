package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;

/**
 * Result of {@link EntropicPartialTransport}, with the conventions of
 * {@link dev.otto.ot.exact.PartialTransport.Plan} (the mass moved, the transport cost &lt;C,P&gt;,
 * the plan) and of the entropic solvers (potentials, iterations, converged flag): the plan is the
 * Gibbs form P_ij = a_i b_j exp((f_i + g_j + lambda - C_ij)/eps) with multipliers f, g &lt;= 0 of
 * the marginal bounds and lambda of the mass, evaluated on demand and not stored.
 */
public final class EntropicPartialResult {

    private final Cost cost;
    private final double[] a;
    private final double[] b;
    /** f + lambda: the row potential of the Gibbs form. */
    private final double[] rowPotential;
    private final double[] g;
    private final double lambda;
    private final double epsilon;
    private final double targetMass;
    private final int iterations;
    private final boolean converged;
    private final double[] changes;
    private final GibbsPlan.Marginals marginals;

    private EntropicPartialResult(Cost cost, double[] a, double[] b, double[] rowPotential, double[] g, double lambda,
                                  double epsilon, double targetMass, int iterations, boolean converged,
                                  double[] changes, GibbsPlan.Marginals marginals) {
        this.cost = cost;
        this.a = a;
        this.b = b;
        this.rowPotential = rowPotential;
        this.g = g;
        this.lambda = lambda;
        this.epsilon = epsilon;
        this.targetMass = targetMass;
        this.iterations = iterations;
        this.converged = converged;
        this.changes = changes;
        this.marginals = marginals;
    }

    /** Evaluates the plan once, row by row in index order, for the marginals and &lt;C,P&gt;. */
    static EntropicPartialResult of(Cost cost, double[] a, double[] b, double[] f, double[] g, double lambda,
                                    double eps, double mass, int iterations, boolean converged, double[] changes) {
        double[] shifted = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            shifted[i] = f[i] + lambda;
        }
        return new EntropicPartialResult(cost, a, b, shifted, g, lambda, eps, mass, iterations, converged, changes,
                GibbsPlan.marginals(cost, a, b, shifted, g, eps));
    }

    /** The multiplier f &lt;= 0 of the row bound P 1 &lt;= a (n entries; 0 where the bound is slack). */
    public double[] f() {
        double[] out = new double[rowPotential.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rowPotential[i] - lambda;
        }
        return out;
    }

    /** The multiplier g &lt;= 0 of the column bound P^T 1 &lt;= b (m entries). */
    public double[] g() {
        return g.clone();
    }

    /** The multiplier lambda of the mass constraint sum P = m. */
    public double massMultiplier() {
        return lambda;
    }

    /** The regularisation eps used. */
    public double epsilon() {
        return epsilon;
    }

    /** The mass m asked for. */
    public double targetMass() {
        return targetMass;
    }

    /** Number of iterations (f-, g- and lambda-update each). */
    public int iterations() {
        return iterations;
    }

    /** Whether the optimality residual of the marginal bounds met the tolerance (x m). */
    public boolean converged() {
        return converged;
    }

    /**
     * The optimality residual of the marginal bounds of each iterate, relative to m (copy; see
     * {@link EntropicPartialTransport}).
     */
    public double[] residuals() {
        return changes.clone();
    }

    /** P 1 (copy). */
    public double[] rowMarginal() {
        return marginals.rows().clone();
    }

    /** P^T 1 (copy). */
    public double[] columnMarginal() {
        return marginals.cols().clone();
    }

    /** The mass the plan moves, sum P (m up to the stopping tolerance). */
    public double mass() {
        return KernelPasses.sum(marginals.rows());
    }

    /** &lt;C,P&gt;. */
    public double transportCost() {
        return marginals.transportCost();
    }

    /**
     * The regularised objective &lt;C,P&gt; + eps KL(P | a b^T); on the Gibbs plan
     * eps KL(P | a b^T) = &lt;f + lambda, P 1&gt; + &lt;g, P^T 1&gt; - &lt;C,P&gt; - eps sum P + eps sum a sum b.
     */
    public double objective() {
        double s = -epsilon * mass() + epsilon * KernelPasses.sum(a) * KernelPasses.sum(b);
        double[] rows = marginals.rows();
        double[] cols = marginals.cols();
        for (int i = 0; i < a.length; i++) {
            s += rowPotential[i] * rows[i];
        }
        for (int j = 0; j < b.length; j++) {
            s += g[j] * cols[j];
        }
        return s;
    }

    /** One plan entry P_ij. */
    public double planEntry(int i, int j) {
        return GibbsPlan.entry(cost, a, b, rowPotential, g, epsilon, i, j);
    }

    /** Row i of the plan into {@code out} (m entries). */
    public void planRow(int i, double[] out) {
        GibbsPlan.row(cost, a, b, rowPotential, g, epsilon, i, out);
    }

    /** The dense plan (n x m). */
    public double[][] plan() {
        return GibbsPlan.dense(cost, a, b, rowPotential, g, epsilon);
    }

    /** Number of source points. */
    public int n() {
        return a.length;
    }

    /** Number of target points. */
    public int m() {
        return b.length;
    }

    @Override
    public String toString() {
        return "EntropicPartialResult{eps=" + epsilon + ", targetMass=" + targetMass + ", iterations=" + iterations
                + ", converged=" + converged + ", mass=" + mass() + ", transportCost=" + transportCost() + "}";
    }
}
