package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.internal.Checks;

/**
 * Entropic partial optimal transport, log domain: the partial problem of
 * {@link dev.otto.ot.exact.PartialTransport} with the entropy of MATH.md section 1 ("Entropic OT"),
 * <pre>
 *   min { &lt;C,P&gt; + eps KL(P | a b^T) : P &gt;= 0, P 1 &lt;= a, P^T 1 &lt;= b, sum P = m },   0 &lt; m &lt;= min(|a|, |b|),
 * </pre>
 * i.e. the KL projection of the Gibbs kernel a_i b_j e^{-C_ij/eps} onto the intersection of the
 * three constraint sets (Benamou, Carlier, Cuturi, Nenna and Peyre 2015, "Iterative Bregman
 * projections for regularized transportation problems", section 5.2, solved there by Dykstra's
 * algorithm; POT's {@code ot.partial.entropic_partial_wasserstein} runs it on the kernel). Each
 * Dykstra correction of a row or column projection is a row or column scaling, so the iteration is
 * block coordinate ascent on the dual, which we run on potentials instead of kernel entries. With
 * multipliers f &lt;= 0 for P 1 &lt;= a, g &lt;= 0 for P^T 1 &lt;= b and a free lambda for the mass, the
 * plan has the Gibbs form P_ij = a_i b_j exp((f_i + g_j + lambda - C_ij)/eps) and the dual
 * <pre>
 *   D(f, g, lambda) = &lt;a, f&gt; + &lt;b, g&gt; + lambda m - eps sum_ij P_ij + eps |a| |b|
 * </pre>
 * is concave and separable in each block, so each block is maximised exactly:
 * <pre>
 *   f_i = min(0, -eps LSE_j(log b_j + (g_j + lambda - C_ij)/eps))     (row i = a_i unless that needs f_i &gt; 0)
 *   g_j = min(0, -eps LSE_i(log a_i + (f_i + lambda - C_ij)/eps))
 *   lambda += eps log(m / sum P)                                        (sum P = m)
 * </pre>
 * The row passes are the balanced solver's ({@link KernelPasses#lsePass}), so results do not depend
 * on the thread count and an on-the-fly cost needs O(n + m) memory; sum P comes free out of the
 * g-pass: column j holds b_j exp((g_j - g*_j)/eps), g* the unclipped update, an exponent &lt;= 0.
 *
 * <p>Stopping rule: the optimality residual of the marginal bounds, relative to m, at most the
 * tolerance (default 1e-9, at most 10,000 iterations): sum_i |(P 1)_i - a_i| over the rows whose
 * multiplier f_i &lt; 0 (complementary slackness makes those bounds tight) plus sum_i ((P 1)_i - a_i)_+
 * over the others, and the same for the columns. It is measured on the plan itself, not on the
 * potentials: at m = |a| = |b| the dual is flat along (f - c, g, lambda + c), so the potentials can
 * keep drifting while the plan has converged. The row sums of an iterate fall out of the next
 * f-pass, as in the balanced solver. The returned plan moves exactly m (the lambda-step is its last
 * update, up to round-off), and its rows and columns exceed a and b by at most tolerance x m in L1.
 * The residual cannot go below the round-off of the plan entries, about 1e-16 max|C| / eps relative
 * (potentials of size max|C| in an exponent divided by eps); ask for more only with eps near max|C|. Facts the properties check: at m = |a| = |b| it is
 * entropic balanced OT; 0 &lt;= &lt;C,P_eps&gt; - POT_m &lt;= eps KL(P* | a b^T) for an exact
 * partial plan P*, so the cost tends to the exact one as eps -&gt; 0.
 *
 * <p>Slow blocks. Where the plan is close to a permutation on a block of rows and columns, the
 * offset of that block against the rest moves only through the small mass between them, about
 * 1 - 4 P_12 per sweep on a 2 x 2 block (the balanced solver's near-permutation mode, see
 * {@link UnbalancedSinkhorn}): C = [[0, 1.2], [0.9, 0.1]] with weights 1/2 at eps = 0.1 took 99,405
 * sweeps at full mass. When the changes of consecutive sweeps turn parallel and geometric,
 * {@link GeometricExtrapolation} jumps to their limit (that case: 46 sweeps); the iterate after a
 * jump is not a half-step's, so its residual cannot end the solve.
 *
 * <p>Epsilon scaling, automatic below {@link Sinkhorn#AUTO_SCALING_THRESHOLD} x the mean cost as
 * in {@link Sinkhorn} ({@link #withEpsilonScaling} forces it), runs the stages of
 * {@link EpsilonScaling} (eps_k = max|C| 2^-k down to eps, at most 100 sweeps each to a residual of
 * 1e-3 m), warm-starting f, g and lambda; the iteration counts and residuals cover every stage. It
 * saves time, not sweeps: on 400 points at eps = 0.01 mean(C) (mass 0.5) 94 sweeps against 104,
 * at 0.003 mean(C) 1,023 against 684 (measured); what bounds the sweeps at small eps is the rate
 * of the slowest mode, which a warm start does not change.
 *
 * <p>Instances are immutable; configure with the {@code with*} methods.
 */
public final class EntropicPartialTransport {

    /** Default tolerance on the L1 optimality residual of the marginal bounds, relative to the mass. */
    public static final double DEFAULT_TOLERANCE = 1e-9;
    /** Default iteration limit. */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;

    private final double epsilon;
    private final double relativeEpsilon;
    private final double tolerance;
    private final int maxIterations;
    private final Boolean epsilonScaling;

    private EntropicPartialTransport(double epsilon, double relativeEpsilon, double tolerance, int maxIterations,
                                     Boolean epsilonScaling) {
        this.epsilon = epsilon;
        this.relativeEpsilon = relativeEpsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.epsilonScaling = epsilonScaling;
    }

    /** The defaults: eps = 0.05 x the mean cost under the independent coupling, as {@link Sinkhorn}. */
    public static EntropicPartialTransport create() {
        return new EntropicPartialTransport(Double.NaN, Sinkhorn.DEFAULT_RELATIVE_EPSILON, DEFAULT_TOLERANCE,
                DEFAULT_MAX_ITERATIONS, null);
    }

    /** Absolute regularisation eps &gt; 0. */
    public EntropicPartialTransport withEpsilon(double eps) {
        Checks.epsilon(eps);
        return new EntropicPartialTransport(eps, relativeEpsilon, tolerance, maxIterations, epsilonScaling);
    }

    /** eps = rel x (mean cost under the independent coupling); rel &gt; 0. */
    public EntropicPartialTransport withRelativeEpsilon(double rel) {
        if (!(rel > 0) || !Double.isFinite(rel)) {
            throw new IllegalArgumentException("relativeEpsilon: expected a finite value > 0, got " + rel);
        }
        return new EntropicPartialTransport(Double.NaN, rel, tolerance, maxIterations, epsilonScaling);
    }

    /** Tolerance on the L1 optimality residual of the marginal bounds relative to the mass, &gt; 0. */
    public EntropicPartialTransport withTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tol);
        }
        return new EntropicPartialTransport(epsilon, relativeEpsilon, tol, maxIterations, epsilonScaling);
    }

    /** Iteration limit, &gt;= 1. */
    public EntropicPartialTransport withMaxIterations(int it) {
        if (it < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + it);
        }
        return new EntropicPartialTransport(epsilon, relativeEpsilon, tolerance, it, epsilonScaling);
    }

    /**
     * Forces epsilon scaling on or off (default: automatic, on below
     * {@link Sinkhorn#AUTO_SCALING_THRESHOLD} x the mean cost under the independent coupling, as in
     * {@link Sinkhorn}).
     */
    public EntropicPartialTransport withEpsilonScaling(boolean on) {
        return new EntropicPartialTransport(epsilon, relativeEpsilon, tolerance, maxIterations, on);
    }

    /** Solves for an explicit cost array. */
    public EntropicPartialResult solve(double[] a, double[] b, double[][] cost, double mass) {
        return solve(a, b, CostMatrix.of(cost), mass);
    }

    /** Solves the entropic partial problem of mass 0 &lt; m &lt;= min(sum a, sum b) (relative round-off 1e-12 allowed above). */
    public EntropicPartialResult solve(double[] a, double[] b, Cost cost, double mass) {
        Checks.present("cost", "a cost", cost);
        Checks.shape(a, b, cost.rows(), cost.cols());
        double cap = Math.min(Checks.weights("a", a), Checks.weights("b", b));
        if (!(mass > 0) || !(mass <= cap * (1 + 1e-12))) {
            throw new IllegalArgumentException("mass: expected 0 < mass <= min(sum a, sum b) = " + cap + ", got " + mass);
        }
        double m = Math.min(mass, cap);
        double scale = Sinkhorn.costScale(a, b, cost);
        double eps = Double.isNaN(epsilon) ? relativeEpsilon * scale : epsilon;
        Checks.epsilon(eps);
        boolean scaleEps = epsilonScaling != null ? epsilonScaling : eps < Sinkhorn.AUTO_SCALING_THRESHOLD * scale;
        Ascent ascent = new Ascent(a, b, cost, m);
        double[] residuals = new double[maxIterations];
        int used = 0;
        if (scaleEps) {
            // as in Sinkhorn, one iteration is always left for the target eps
            for (double e : EpsilonScaling.stages(cost.maxAbs(), eps)) {
                if (used >= maxIterations - 1) {
                    break;
                }
                int budget = Math.min(EpsilonScaling.STAGE_ITERATIONS, maxIterations - 1 - used);
                used += ascent.run(e, Math.max(tolerance, EpsilonScaling.STAGE_TOLERANCE), budget, residuals, used);
            }
        }
        used += ascent.run(eps, tolerance, maxIterations - used, residuals, used);
        return EntropicPartialResult.of(cost, a.clone(), b.clone(), ascent.f, ascent.g, ascent.lambda, eps, m, used,
                ascent.converged, java.util.Arrays.copyOf(residuals, used));
    }

    /**
     * The block coordinate ascent of the class note on potentials (f, g, lambda) that persist from
     * one epsilon stage to the next.
     */
    private static final class Ascent {
        final double[] a;
        final double[] b;
        final double[] logA;
        final double[] logB;
        final Cost cost;
        final Cost costT;
        final double m;
        final double[] f;
        final double[] g;
        final double[] h;
        final double[] u;
        final double[] v;
        double lambda;
        boolean converged;

        Ascent(double[] a, double[] b, Cost cost, double m) {
            this.a = a;
            this.b = b;
            this.logA = GibbsPlan.logs(a);
            this.logB = GibbsPlan.logs(b);
            this.cost = cost;
            this.costT = cost.transpose();
            this.m = m;
            this.f = new double[a.length];
            this.g = new double[b.length];
            this.h = new double[Math.max(a.length, b.length)];
            this.u = new double[a.length];
            this.v = new double[b.length];
        }

        /**
         * Sweeps (f, lambda, g, lambda) at this eps until the optimality residual of an iterate,
         * relative to m, is at most tol, or budget sweeps; records the residuals of iterates 1, 2, ...
         * at residuals[offset], ...; returns the number of sweeps. The first pass at a new eps checks
         * nothing: only the iterate of a half-step at this eps has exact columns and mass.
         */
        int run(double eps, double tol, int budget, double[] residuals, int offset) {
            int n = a.length;
            double inv = 1 / eps;
            int it = 0;
            converged = false;
            GeometricExtrapolation extrapolation = GeometricExtrapolation.of(f, g);
            boolean moved = false;
            while (true) {
                unclippedUpdate(cost, logB, g, u, h, inv, eps);
                if (it > 0) {
                    // the row sums of the current iterate fall out of this pass: a_i e^{(f_i + lambda - u_i)/eps};
                    // its columns and mass are exact by construction of the last half-step
                    double r = 0;
                    for (int i = 0; i < n; i++) {
                        r += residual(a[i], a[i] * Math.exp((f[i] + lambda - u[i]) * inv), f[i] < 0);
                    }
                    r /= m;
                    residuals[offset + it - 1] = r;
                    if (!Double.isFinite(r)) {
                        throw new ArithmeticException("entropic partial transport: non-finite plan at eps = " + eps
                                + " (iteration " + (offset + it) + ")");
                    }
                    // an iterate the extrapolation moved is not a half-step's: its columns are not exact
                    converged = !moved && r <= tol;
                }
                if (converged || it == budget) {
                    return it;
                }
                extrapolation.beforeSweep(f, g);
                lambda = massLevel(a, logA, u, m, eps);
                clip(u, lambda, f);
                unclippedUpdate(costT, logA, f, v, h, inv, eps);
                lambda = massLevel(b, logB, v, m, eps);
                clip(v, lambda, g);
                it++;
                moved = extrapolation.afterSweep(f, g);
            }
        }
    }

    /**
     * The violation of the optimality conditions of one marginal bound: a sum above its bound, or
     * below it while its multiplier is negative (complementary slackness: a bound with a negative
     * multiplier must hold with equality).
     */
    private static double residual(double bound, double sum, boolean tight) {
        return tight ? Math.abs(sum - bound) : Math.max(0, sum - bound);
    }

    /** out_i = u_i = -eps LSE_j(logW_j + (other_j - C_ij)/eps) over the rows of c. */
    private static void unclippedUpdate(Cost c, double[] logW, double[] other, double[] out, double[] h, double inv,
                                        double eps) {
        for (int j = 0; j < other.length; j++) {
            h[j] = logW[j] + other[j] * inv;
        }
        KernelPasses.lsePass(c, h, inv, eps, out);
    }

    /** The multipliers min(0, u_i - lambda): bound i holds with equality where that is &lt;= 0. */
    private static void clip(double[] u, double lambda, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(0, u[i] - lambda);
        }
    }

    /**
     * The lambda of the joint maximisation over (f, lambda): with f_i = min(0, u_i - lambda) row i
     * carries w_i min(1, e^{(lambda - u_i)/eps}), and the mass M(lambda) = sum_i of that, continuous
     * and nondecreasing, must equal m. With the rows sorted by u, on the segment where the k rows of
     * smallest u are saturated, M(lambda) = W_k + e^{lambda/eps} sum_{rest} w_i e^{-u_i/eps} (W_k
     * their weight), so lambda = eps (log(m - W_k) - LSE_{rest}(log w_i - u_i/eps)); the first k
     * whose lambda leaves row k unsaturated is the root. At m = |w| every row saturates and lambda
     * = max_i u_i (the smallest root), which makes the update the balanced Sinkhorn step.
     */
    private static double massLevel(double[] w, double[] logW, double[] u, double m, double eps) {
        int count = 0;
        for (double x : w) {
            if (x > 0) {
                count++;
            }
        }
        Integer[] order = new Integer[count];
        int q = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                order[q++] = i;
            }
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(u[x], u[y]));
        // tail[k] = LSE over the rows order[k..] of log w_i - u_i / eps
        double[] tail = new double[count + 1];
        tail[count] = Double.NEGATIVE_INFINITY;
        for (int k = count - 1; k >= 0; k--) {
            int i = order[k];
            tail[k] = logAddExp(tail[k + 1], logW[i] - u[i] / eps);
        }
        double saturated = 0;
        for (int k = 0; k < count; k++) {
            double left = m - saturated;
            if (!(left > 0)) {
                return u[order[Math.max(0, k - 1)]];
            }
            double lambda = eps * (Math.log(left) - tail[k]);
            if (lambda <= u[order[k]]) {
                return k == 0 ? lambda : Math.max(lambda, u[order[k - 1]]);
            }
            saturated += w[order[k]];
        }
        return u[order[count - 1]];
    }

    private static double logAddExp(double x, double y) {
        double hi = Math.max(x, y);
        if (hi == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return hi + Math.log(Math.exp(x - hi) + Math.exp(y - hi));
    }
}
