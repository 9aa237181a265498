package dev.otto.ot;

import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.internal.Checks;
import dev.otto.ot.internal.Parallel;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;

/**
 * Free-support Wasserstein-2 barycenter of K weighted point clouds (Cuturi and Doucet 2014, "Fast
 * computation of Wasserstein barycenters", Algorithm 2; Alvarez-Esteban et al. 2016, Theorem 3.6
 * for the fixed point): the support X (n points with fixed weights w) of
 * <pre>
 *   min_X sum_k lambda_k W_2^2(sum_i w_i delta_{x_i}, nu_k),
 * </pre>
 * found by the fixed-point iteration X &lt;- sum_k lambda_k T_k(X), where T_k is the barycentric map
 * (MATH.md section 1, "Barycentric map of a plan") of the exact optimal plan from (X, w) to nu_k
 * (network simplex, cost |x - y|^2). With the couplings held fixed, the objective is a quadratic in X
 * minimised exactly by that average, and re-solving the couplings can only lower it, so the
 * objective never increases; it stops when no coordinate moves by more than tolerance x the
 * coordinate scale of the clouds (default 1e-9, at most 100 iterations).
 *
 * <p>Oracles the properties check: in 1-D with n uniform points per cloud the barycenter is the
 * quantile average sum_k lambda_k y^k_(i) of the sorted clouds (MATH.md section 1, "1-D"); for
 * clouds that are images A_k z + m_k of one cloud under commuting symmetric positive definite A_k
 * (gradients of convex functions, so the identity matching is optimal) it is
 * (sum lambda_k A_k) z + sum lambda_k m_k, the sample form of the Gaussian barycenter
 * ({@link GaussianBarycenter}).
 *
 * <p>With {@link #withEntropicCouplings} the couplings are entropic (Cuturi and Doucet 2014, section
 * 4: the same fixed point on Sinkhorn plans, MATH.md section 1 "Entropic OT"); the objective then
 * reports sum_k lambda_k &lt;C, P_k&gt; of those plans. Either way the barycentric maps preserve means
 * (sum_i w_i T_k(x_i) = sum_j b_j y_j when the plan's column marginal is b), so the support's
 * weighted mean is sum_k lambda_k mean(nu_k) after every iteration.
 *
 * <p>The K transport problems of an iteration are solved over the common pool, each into its own
 * slot, and averaged in k order, so results are bitwise identical whatever the thread count.
 * Weights are normalised to probabilities. Instances are immutable.
 */
public final class FreeSupportBarycenter {

    /** Default tolerance on the largest coordinate move, relative to the clouds' coordinate scale. */
    public static final double DEFAULT_TOLERANCE = 1e-9;
    /** Default iteration limit. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    private final double tolerance;
    private final int maxIterations;
    private final Sinkhorn entropic;

    private FreeSupportBarycenter(double tolerance, int maxIterations, Sinkhorn entropic) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.entropic = entropic;
    }

    /** The defaults. */
    public static FreeSupportBarycenter create() {
        return new FreeSupportBarycenter(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS, null);
    }

    /** Tolerance on the largest coordinate move relative to the clouds' coordinate scale, &gt; 0. */
    public FreeSupportBarycenter withTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tol);
        }
        return new FreeSupportBarycenter(tol, maxIterations, entropic);
    }

    /** Iteration limit, &gt;= 1. */
    public FreeSupportBarycenter withMaxIterations(int it) {
        if (it < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + it);
        }
        return new FreeSupportBarycenter(tolerance, it, entropic);
    }

    /** Entropic couplings by the given Sinkhorn solver (cost |x - y|^2) instead of exact ones. */
    public FreeSupportBarycenter withEntropicCouplings(Sinkhorn solver) {
        Checks.present("solver", "a Sinkhorn solver", solver);
        return new FreeSupportBarycenter(tolerance, maxIterations, solver);
    }

    /**
     * The barycenter support, its (probability) weights, the objective sum_k lambda_k W_2^2 at the
     * last support the couplings were solved for (within the tolerance of the returned one), the
     * iteration count, whether the tolerance was met, and the marginal error of the couplings the
     * returned support was averaged from: max_k (|P_k 1 - w|_1 + |P_k^T 1 - b_k|_1), 0 for exact
     * couplings, at most the Sinkhorn tolerance (x 2) for entropic ones that converged. It bounds
     * how far the support's weighted mean can be from sum_k lambda_k mean(nu_k): by at most
     * marginalError x max_k max_j |y^k_j| (the barycentric map divides row i by the plan's row mass
     * r_i, so sum_i w_i T_k(x_i) = sum_i (w_i / r_i) sum_j P_ij y_j).
     */
    public record Result(double[][] support, double[] weights, double objective, int iterations, boolean converged,
                         double marginalError) {
    }

    /**
     * Solves from the initial support {@code init} (weights {@code initWeights}, null = uniform) for
     * clouds {@code clouds[k]} with weights {@code cloudWeights[k]} (null array or null entry =
     * uniform) and barycentric weights lambda (null = uniform; nonnegative, normalised).
     */
    public Result solve(double[][][] clouds, double[][] cloudWeights, double[] lambda, double[][] init,
                        double[] initWeights) {
        if (clouds == null || clouds.length == 0) {
            throw new IllegalArgumentException("clouds: expected at least one point cloud, got "
                    + (clouds == null ? "null" : "none"));
        }
        int k = clouds.length;
        int d = Checks.dimension("init", init);
        double[][] b = new double[k][];
        double scale = 0;
        for (int c = 0; c < k; c++) {
            int dc = Checks.dimension("clouds[" + c + "]", clouds[c]);
            if (dc != d) {
                throw new IllegalArgumentException("clouds[" + c + "]: expected points of dimension " + d
                        + " (as init), got " + dc);
            }
            double[] w = cloudWeights == null || cloudWeights[c] == null ? Checks.uniform(clouds[c].length) : cloudWeights[c];
            if (w.length != clouds[c].length) {
                throw new IllegalArgumentException("cloudWeights[" + c + "]: expected " + clouds[c].length
                        + " weights, got " + w.length);
            }
            b[c] = probability("cloudWeights[" + c + "]", w);
            for (double[] y : clouds[c]) {
                for (double v : y) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
        }
        double[] lam = probability("lambda", lambda == null ? Checks.uniform(k) : lambda);
        if (lam.length != k) {
            throw new IllegalArgumentException("lambda: expected " + k + " weights (one per cloud), got " + lam.length);
        }
        double[] a = probability("initWeights", initWeights == null ? Checks.uniform(init.length) : initWeights);
        if (a.length != init.length) {
            throw new IllegalArgumentException("initWeights: expected " + init.length + " weights, got " + a.length);
        }
        double step = tolerance * (scale > 0 ? scale : 1);
        double[][] x = copy(init);
        double objective = Double.NaN;
        double marginalError = 0;
        int it = 0;
        boolean converged = false;
        while (it < maxIterations && !converged) {
            double[][][] maps = new double[k][][];
            double[] costs = new double[k];
            double[] errors = new double[k];
            double[][] current = x;
            long work = (long) k * init.length * 64 * init.length;
            Parallel.forEachBlock(k, 1, work, (lo, hi) -> {
                for (int c = lo; c < hi; c++) {
                    if (entropic == null) {
                        ExactResult plan = Wasserstein.solve(current, a, clouds[c], b[c], 2);
                        costs[c] = plan.cost();
                        maps[c] = BarycentricMap.of(plan, current, clouds[c]);
                    } else {
                        SinkhornResult plan = entropic.solve(a, b[c], PointCloudCost.squaredEuclidean(current, clouds[c]));
                        costs[c] = plan.transportCost();
                        errors[c] = plan.rowMarginalError() + plan.columnMarginalError();
                        maps[c] = BarycentricMap.of(plan, current, clouds[c]);
                    }
                }
            });
            objective = 0;
            marginalError = 0;
            double[][] next = new double[x.length][d];
            for (int c = 0; c < k; c++) {
                objective += lam[c] * costs[c];
                marginalError = Math.max(marginalError, errors[c]);
                for (int i = 0; i < x.length; i++) {
                    for (int q = 0; q < d; q++) {
                        next[i][q] += lam[c] * maps[c][i][q];
                    }
                }
            }
            double move = 0;
            for (int i = 0; i < x.length; i++) {
                for (int q = 0; q < d; q++) {
                    move = Math.max(move, Math.abs(next[i][q] - x[i][q]));
                }
            }
            x = next;
            it++;
            converged = move <= step;
        }
        return new Result(x, a, objective, it, converged, marginalError);
    }

    private static double[] probability(String name, double[] w) {
        double s = Checks.weights(name, w);
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / s;
        }
        return out;
    }

    private static double[][] copy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        return out;
    }
}
