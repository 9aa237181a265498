package dev.otto.ot.sinkhorn;

import dev.otto.ot.internal.Checks;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.internal.Parallel;

import java.util.Arrays;

/**
 * Entropic optimal transport by Sinkhorn's algorithm, MATH.md section 1 ("Entropic OT"):
 * OT_eps(a,b) = min_P &lt;C,P&gt; + eps KL(P | a b^T).
 *
 * <p>Two iterations, both alternating an f-update (row marginal exact) and a g-update (column
 * marginal exact), started from f = g = 0 or from warm-start potentials:
 * <ul>
 *   <li>{@link Method#LOG_DOMAIN}: f_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps) and symmetrically
 *       for g; never overflows; streams rows of C (and of C^T), so on-the-fly costs need O(n + m)
 *       memory; each row is reduced by one thread, max-shifted, in a fixed order.</li>
 *   <li>{@link Method#SCALING}: u = a / (K v), v = b / (K^T u) with a stored kernel
 *       K = exp(-C/eps) (n m memory); each iteration is one fused pass over K. If K v or K^T u
 *       underflows to 0 or overflows, the solve continues in the log domain from the last finite
 *       potentials (reported by {@link SinkhornResult#method()}).</li>
 * </ul>
 * Stopping rule: the L1 row-marginal error |P 1 - a|_1 of the iterate after its g-update, checked
 * every iteration (it costs nothing: it falls out of the next f-update), below
 * {@code tolerance * sum(a)}. Defaults: eps = 0.05 x the mean cost under the independent
 * coupling, sum_ij a_i b_j C_ij / (sum a sum b) (equal to 0.05 mean(C) for uniform weights);
 * tolerance 1e-9 (for eps below 0.01 x that mean cost: see {@link #defaultTolerance}); at most
 * 10,000 iterations; over-relaxation (see below); epsilon scaling (eps_k = max|C| 2^-k down to eps,
 * warm-starting the potentials) automatically when eps &lt; 0.01 x that mean cost.
 * b is rescaled by sum(a)/sum(b) (which must agree to a relative 1e-9).
 * {@link StoppingRule#L2_EVERY_10} reproduces POT's rule for like-for-like timing.
 *
 * <p>Over-relaxation (log domain, explicit cost): after 20 plain iterations the plain contraction
 * rate theta is estimated from the error history and the updates become
 * f = (1 - omega) f + omega f_Sinkhorn (same for g) with Young's optimal SOR factor
 * omega = 2 / (1 + sqrt(1 - theta)) (at most {@link #OMEGA_MAX}); every {@link #RELAX_WINDOW}
 * iterations the observed relaxed rate rho re-estimates theta from (rho + omega - 1)^2 =
 * omega^2 theta rho, so omega follows the rate as it approaches 1 at small eps. Progress is judged by
 * the minimum error per window (the relaxed error oscillates); two windows without progress return
 * to plain updates. Only a plain iterate can end the solve.
 *
 * <p>Instances are immutable; configure with the {@code with*} methods.
 */
public final class Sinkhorn {

    /** The Sinkhorn iteration used. */
    public enum Method {
        /** Multiplicative updates on the kernel exp(-C/eps). */
        SCALING,
        /** Log-sum-exp updates on the potentials (stable for any eps). */
        LOG_DOMAIN
    }

    /**
     * When to stop. The error measured is the marginal that the last half-step did not make exact
     * (the row marginal |P 1 - a| after a g-update), scaled by sum(a) through the tolerance.
     */
    public enum StoppingRule {
        /** L1 norm |P 1 - a|_1 checked after every iteration (the default; free in this solver). */
        L1_EVERY_ITERATION,
        /**
         * POT's rule (ot.sinkhorn, 0.8.2): the L2 norm of the column error |P^T 1 - b|_2 of the
         * iterate after its f-update, checked every 10 iterations; the scaling iteration then also
         * starts with a g-update, as POT's does, so the iterates are POT's. L2 &lt;= L1, so at the
         * same tolerance this stops earlier; offered for like-for-like timing.
         */
        L2_EVERY_10
    }

    /** Default eps as a fraction of the mean cost under the independent coupling. */
    public static final double DEFAULT_RELATIVE_EPSILON = 0.05;
    /** Default tolerance on |P 1 - a|_1 / sum(a). */
    public static final double DEFAULT_TOLERANCE = 1e-9;
    /** Default iteration limit (all epsilon stages together). */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;
    /** Epsilon scaling turns itself on below this fraction of the mean cost. */
    public static final double AUTO_SCALING_THRESHOLD = 0.01;
    /** Ratio between consecutive eps in epsilon scaling. */
    public static final double SCALING_FACTOR = 0.5;

    private static final int ROW_BLOCK = 16;
    /** Re-absorb the cached kernel once potentials drift by more than this many eps. */
    static final double ABSORB = 100;
    private static final int KERNEL_BLOCKS = 16;
    /** Largest over-relaxation factor (2 is the divergence limit of SOR). */
    static final double OMEGA_MAX = 1.998;
    /** Iterations between re-estimates of the over-relaxation factor. */
    static final int RELAX_WINDOW = 50;

    private final Method method;
    private final double epsilon;
    private final double relativeEpsilon;
    private final double tolerance;
    private final int maxIterations;
    private final Boolean epsilonScaling;
    private final double[] f0;
    private final double[] g0;
    private final StoppingRule rule;

    private Sinkhorn(Method method, double epsilon, double relativeEpsilon, double tolerance, int maxIterations,
                     Boolean epsilonScaling, double[] f0, double[] g0, StoppingRule rule) {
        this.rule = rule;
        this.method = method;
        this.epsilon = epsilon;
        this.relativeEpsilon = relativeEpsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.epsilonScaling = epsilonScaling;
        this.f0 = f0;
        this.g0 = g0;
    }

    /** Log-domain Sinkhorn with the defaults. */
    public static Sinkhorn logDomain() {
        return new Sinkhorn(Method.LOG_DOMAIN, Double.NaN, DEFAULT_RELATIVE_EPSILON, Double.NaN,
                DEFAULT_MAX_ITERATIONS, null, null, null, StoppingRule.L1_EVERY_ITERATION);
    }

    /** Scaling (kernel) Sinkhorn with the defaults. */
    public static Sinkhorn scaling() {
        return logDomain().withMethod(Method.SCALING);
    }

    /** Same settings, other iteration. */
    public Sinkhorn withMethod(Method m) {
        if (m == null) {
            throw new IllegalArgumentException("method: expected SCALING or LOG_DOMAIN, got null");
        }
        return new Sinkhorn(m, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0, rule);
    }

    /** Absolute regularisation eps &gt; 0. */
    public Sinkhorn withEpsilon(double eps) {
        Checks.epsilon(eps);
        return new Sinkhorn(method, eps, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0, rule);
    }

    /** eps = rel x (mean cost under the independent coupling); rel &gt; 0. */
    public Sinkhorn withRelativeEpsilon(double rel) {
        if (!(rel > 0) || !Double.isFinite(rel)) {
            throw new IllegalArgumentException("relativeEpsilon: expected a finite value > 0, got " + rel);
        }
        return new Sinkhorn(method, Double.NaN, rel, tolerance, maxIterations, epsilonScaling, f0, g0, rule);
    }

    /** Tolerance on |P 1 - a|_1 / sum(a), &gt; 0. */
    public Sinkhorn withTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tol);
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tol, maxIterations, epsilonScaling, f0, g0, rule);
    }

    /** Iteration limit, &gt;= 1. */
    public Sinkhorn withMaxIterations(int it) {
        if (it < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + it);
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, it, epsilonScaling, f0, g0, rule);
    }

    /** Stopping rule (default {@link StoppingRule#L1_EVERY_ITERATION}). */
    public Sinkhorn withStoppingRule(StoppingRule r) {
        if (r == null) {
            throw new IllegalArgumentException("stoppingRule: expected L1_EVERY_ITERATION or L2_EVERY_10, got null");
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0, r);
    }

    /** Forces epsilon scaling on or off (default: automatic, see the class documentation). */
    public Sinkhorn withEpsilonScaling(boolean on) {
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, on, f0, g0, rule);
    }

    /** Starts from given potentials (copied; lengths are checked against the problem at solve time). */
    public Sinkhorn withWarmStart(double[] f, double[] g) {
        if (f == null || g == null) {
            throw new IllegalArgumentException("warmStart: expected two potentials, got " + (f == null ? "f = null" : "g = null"));
        }
        Checks.finite("warmStart.f", f);
        Checks.finite("warmStart.g", g);
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f.clone(), g.clone(), rule);
    }

    /** The eps this solver would use on the problem. */
    public double resolveEpsilon(double[] a, double[] b, Cost cost) {
        if (!Double.isNaN(epsilon)) {
            return epsilon;
        }
        return relativeEpsilon * costScale(a, b, cost);
    }

    /**
     * The default relative tolerance: {@link #DEFAULT_TOLERANCE}, except below
     * {@link #AUTO_SCALING_THRESHOLD} x the mean cost, where it is
     * max(1e-9, 0.01 eps (H(a/M) + H(b/M)) / max|C|), M = sum(a). Why: a plan with L1 marginal
     * error delta M differs in transport cost by at most delta M max|C| from one with exact
     * marginals, and the entropic bias itself is bounded by M eps (H(a/M) + H(b/M)) (MATH.md
     * section 1); this tolerance keeps the first below 1% of the second. At small eps Sinkhorn's
     * contraction rate approaches 1 on near-permutation plans (measured: below 2e-8 the L1 error
     * of 1000 points at eps = 1e-3 mean(C) falls by 1% per 3000 iterations), so 1e-9 would cost
     * orders of magnitude more iterations for a change in &lt;C,P&gt; far below the entropic bias.
     */
    public static double defaultTolerance(double[] a, double[] b, Cost cost, double eps) {
        return defaultTolerance(a, b, cost, eps, Double.NaN);
    }

    static double defaultTolerance(double[] a, double[] b, Cost cost, double eps, double scale) {
        double sc = Double.isNaN(scale) ? costScale(a, b, cost) : scale;
        if (!(eps < AUTO_SCALING_THRESHOLD * sc)) {
            return DEFAULT_TOLERANCE;
        }
        double mx = cost.maxAbs();
        if (!(mx > 0)) {
            return DEFAULT_TOLERANCE;
        }
        double h = entropy(a) + entropy(b);
        return Math.max(DEFAULT_TOLERANCE, 0.01 * eps * h / mx);
    }

    /** H(w / sum w). */
    private static double entropy(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        double h = 0;
        for (double v : w) {
            if (v > 0) {
                double p = v / s;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    private static double costScale(double[] a, double[] b, Cost cost) {
        double mean = Math.abs(cost.meanUnder(a, b));
        if (mean > 0 && Double.isFinite(mean)) {
            return mean;
        }
        double mx = cost.maxAbs();
        return mx > 0 ? mx : 1;
    }

    /** Solves for an explicit cost array. */
    public SinkhornResult solve(double[] a, double[] b, double[][] cost) {
        return solve(a, b, CostMatrix.of(cost));
    }

    /** Solves OT_eps(a, b) for the cost C. */
    public SinkhornResult solve(double[] a, double[] b, Cost cost) {
        Checks.present("cost", "a cost", cost);
        double[] mass = Checks.problem(a, b, cost.rows(), cost.cols());
        int n = a.length;
        int m = b.length;
        double sa = mass[0];
        double sb = mass[1];
        double[] bb = b.clone();
        if (sa != sb) {
            for (int j = 0; j < m; j++) {
                bb[j] *= sa / sb;
            }
        }
        double[] aa = a.clone();
        if (f0 != null && f0.length != n) {
            throw new IllegalArgumentException("warmStart.f: expected " + n + " entries, got " + f0.length);
        }
        if (g0 != null && g0.length != m) {
            throw new IllegalArgumentException("warmStart.g: expected " + m + " entries, got " + g0.length);
        }
        double scale = Double.isNaN(epsilon) || epsilonScaling == null ? costScale(aa, bb, cost) : Double.NaN;
        double eps = Double.isNaN(epsilon) ? relativeEpsilon * scale : epsilon;
        Checks.epsilon(eps);
        boolean scaleEps = epsilonScaling != null ? epsilonScaling : eps < AUTO_SCALING_THRESHOLD * scale;
        double tolAbs = (Double.isNaN(tolerance) ? defaultTolerance(aa, bb, cost, eps, scale) : tolerance) * sa;

        State st = new State(aa, bb, cost, f0 == null ? new double[n] : f0.clone(), g0 == null ? new double[m] : g0.clone());
        st.rule = rule;
        Method used = method;
        if (scaleEps) {
            double e = Math.max(cost.maxAbs(), eps);
            // one iteration is always left for the target eps: potentials from a coarser stage can
            // make exp((f + g - C)/eps) overflow at the target eps, while one update at that eps
            // bounds every plan entry by b_j (finite results even when the limit is hit)
            while (e > eps / SCALING_FACTOR && st.iterations < maxIterations - 1) {
                int budget = Math.min(100, maxIterations - 1 - st.iterations);
                double stageTol = Math.max(tolAbs, 1e-3 * sa);
                used = stage(st, used, e, stageTol, budget);
                e *= SCALING_FACTOR;
            }
        }
        if (st.iterations < maxIterations) {
            used = stage(st, used, eps, tolAbs, maxIterations - st.iterations);
        }
        return st.finish(eps, tolAbs, used);
    }

    private Method stage(State st, Method m, double eps, double tolAbs, int budget) {
        if (m == Method.SCALING) {
            if (st.scalingStage(eps, tolAbs, budget)) {
                return Method.SCALING;
            }
            // under- or overflow: continue in the log domain from the last finite potentials
        }
        int left = budget - st.lastStageIterations;
        if (st.cost instanceof CostMatrix) {
            st.cachedLogStage(eps, tolAbs, left);
        } else {
            st.logStage(eps, tolAbs, left);
        }
        return Method.LOG_DOMAIN;
    }

    /** Mutable solver state: potentials, error history, iteration count. */
    static final class State {
        final double[] a;
        final double[] b;
        final Cost cost;
        private Cost costT;
        final double[] logA;
        final double[] logB;
        double[] f;
        double[] g;
        double[] errors = new double[64];
        /** Kernel rows: exp(-C/eps) in scaling stages, the absorbed kernel in cached log stages. */
        double[][] kernel;
        /** When planEps equals the final eps, the final plan is P_ij = planX_i kernel_ij planY_j. */
        double[] planX;
        double[] planY;
        double planEps = Double.NaN;
        /** Potentials absorbed into the kernel, and the eps they were absorbed at (NaN: none). */
        double[] fa;
        double[] ga;
        double absorbedEps = Double.NaN;
        boolean lastMet;
        StoppingRule rule = StoppingRule.L1_EVERY_ITERATION;
        int iterations;
        int lastStageIterations;

        State(double[] a, double[] b, Cost cost, double[] f, double[] g) {
            this.a = a;
            this.b = b;
            this.cost = cost;
            this.f = f;
            this.g = g;
            logA = new double[a.length];
            logB = new double[b.length];
            for (int i = 0; i < a.length; i++) {
                logA[i] = Math.log(a[i]);
            }
            for (int j = 0; j < b.length; j++) {
                logB[j] = Math.log(b[j]);
            }
        }

        void record(double err) {
            if (iterations >= errors.length) {
                errors = Arrays.copyOf(errors, errors.length * 2);
            }
            errors[iterations] = Double.isNaN(err) ? Double.MAX_VALUE : Math.min(err, Double.MAX_VALUE);
        }

        /** Log-domain iterations at fixed eps until the error is below tolAbs or the budget is spent. */
        void logStage(double eps, double tolAbs, int budget) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            double[] h = new double[Math.max(n, m)];
            double[] fNew = new double[n];
            double[] gNew = new double[m];
            // the potentials move away from any stored kernel
            planEps = Double.NaN;
            absorbedEps = Double.NaN;
            boolean colRule = rule == StoppingRule.L2_EVERY_10;
            for (int it = 0; it <= budget; it++) {
                if (colRule && it == budget) {
                    break;
                }
                for (int j = 0; j < m; j++) {
                    h[j] = logB[j] + g[j] * inv;
                }
                lsePass(cost, h, inv, eps, fNew);
                if (it > 0 && !colRule) {
                    double l1 = 0;
                    double l2 = 0;
                    for (int i = 0; i < n; i++) {
                        double e = a[i] == 0 ? 0 : a[i] * Math.abs(Math.exp((f[i] - fNew[i]) * inv) - 1);
                        l1 += e;
                        l2 += e * e;
                    }
                    if (recordAndTest(l1, l2, tolAbs) || it == budget) {
                        break;
                    }
                }
                double[] t = f;
                f = fNew;
                fNew = t;
                for (int i = 0; i < n; i++) {
                    h[i] = logA[i] + f[i] * inv;
                }
                if (costT == null) {
                    costT = cost.transpose();
                }
                lsePass(costT, h, inv, eps, gNew);
                if (colRule) {
                    // POT's rule: column error of (new f, old g), measured before the g-update
                    double l1 = 0;
                    double l2 = 0;
                    for (int j = 0; j < m; j++) {
                        double e = b[j] == 0 ? 0 : b[j] * Math.abs(Math.exp((g[j] - gNew[j]) * inv) - 1);
                        l1 += e;
                        l2 += e * e;
                    }
                    if (recordAndTest(l1, l2, tolAbs)) {
                        checkFinite(eps);
                        return;
                    }
                }
                t = g;
                g = gNew;
                gNew = t;
                checkFinite(eps);
            }
        }

        /**
         * Log-domain iterations for an explicit cost with a cached kernel: the same updates as
         * {@link #logStage}, f_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps), written as
         * f_i = fa_i - eps log sum_j Kt_ij b_j exp((g_j - ga_j)/eps) with the absorbed kernel
         * Kt_ij = exp((fa_i + ga_j - C_ij)/eps) stored once per absorption. Potentials are
         * re-absorbed whenever they drift by more than {@link #ABSORB} eps from (fa, ga), so every
         * exponent stays within the double range and no term that matters underflows: the result
         * equals the streamed log-domain iteration up to round-off, at the price of one multiply-add
         * per entry and half-step instead of one exp. On any zero or non-finite sum the iteration
         * is redone by the streamed kernel and the potentials re-absorbed.
         */
        void cachedLogStage(double eps, double tolAbs, int budget) {
            cachedLogIterations(eps, tolAbs, budget);
            if (absorbedEps == eps) {
                int n = a.length;
                int m = b.length;
                double inv = 1 / eps;
                double[] x = new double[n];
                double[] y = new double[m];
                for (int i = 0; i < n; i++) {
                    x[i] = a[i] * Math.exp((f[i] - fa[i]) * inv);
                }
                for (int j = 0; j < m; j++) {
                    y[j] = b[j] * Math.exp((g[j] - ga[j]) * inv);
                }
                planScale(x, y, eps);
            }
        }

        private void cachedLogIterations(double eps, double tolAbs, int budget) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            int start = iterations;
            if (budget <= 0) {
                return;
            }
            // one streamed iteration makes the potentials consistent with this eps before absorbing
            logStage(eps, tolAbs, 1);
            if (iterations - start >= budget || (iterations > start && lastMet)) {
                return;
            }
            final double[][] kt = kernelStorage();
            final double[] c = ((CostMatrix) cost).data();
            fa = f.clone();
            ga = g.clone();
            absorb(kt, c, eps);
            double[] w = new double[m];
            double[] rowS = new double[n];
            double[] fNew = new double[n];
            int bs = blockSize(n);
            double[][] acc = accumulators(n, m);
            double[] col = new double[m];
            boolean colRule = rule == StoppingRule.L2_EVERY_10;
            boolean first = true;
            double prevOm = 1;
            double[] omega = {1};
            boolean noRelax = false;
            double windowMin = Double.POSITIVE_INFINITY;
            double prevWindowMin = Double.POSITIVE_INFINITY;
            int rises = 0;
            int resets = 0;
            int plainSince = 0;
            int relaxedSince = 0;
            while (iterations - start < budget) {
                for (int j = 0; j < m; j++) {
                    w[j] = b[j] * Math.exp((g[j] - ga[j]) * inv);
                }
                final double om = omega[0];
                fusedPass(kt, w, a, rowS, acc, bs, om, f, fa, eps);
                boolean ok = positiveFinite(rowS);
                if (ok) {
                    reduce(acc, col);
                    ok = positiveFinite(col);
                }
                if (!ok) {
                    logStage(eps, tolAbs, 1);
                    System.arraycopy(f, 0, fa, 0, n);
                    System.arraycopy(g, 0, ga, 0, m);
                    absorb(kt, c, eps);
                    first = true;
                    omega[0] = 1;
                    noRelax = true;
                    if (iterations > start && lastMet) {
                        return;
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    fNew[i] = fa[i] - eps * Math.log(rowS[i]);
                }
                if (!first || colRule) {
                    double l1 = 0;
                    double l2 = 0;
                    if (colRule) {
                        // POT's rule: column error of (new f, old g): b_j |col_j exp((g_j - ga_j)/eps) - 1|
                        for (int j = 0; j < m; j++) {
                            double e = b[j] == 0 ? 0 : Math.abs(col[j] * w[j] - b[j]);
                            l1 += e;
                            l2 += e * e;
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            double e = a[i] == 0 ? 0 : a[i] * Math.abs(Math.exp((f[i] - fNew[i]) * inv) - 1);
                            l1 += e;
                            l2 += e * e;
                        }
                    }
                    boolean met = recordAndTest(l1, l2, tolAbs);
                    double err = errors[iterations - 1];
                    // the measured state: after this f-update (column rule) or after the previous
                    // iteration's updates (row rule); a relaxed state is not a Sinkhorn iterate, so
                    // meeting the tolerance there switches to plain updates instead of stopping
                    double stateOmega = colRule ? om : prevOm;
                    boolean probe = false;
                    if (stateOmega != 1) {
                        probe = met;
                        met = false;
                    }
                    if (met) {
                        if (colRule) {
                            System.arraycopy(fNew, 0, f, 0, n);
                        }
                        return;
                    }
                    if (iterations - start >= budget) {
                        if (colRule) {
                            for (int i = 0; i < n; i++) {
                                f[i] = om == 1 ? fNew[i] : (1 - om) * f[i] + om * fNew[i];
                            }
                        }
                        return;
                    }
                    if (probe) {
                        // switch to plain updates: they either meet the tolerance or relax again
                        omega[0] = 1;
                        plainSince = 0;
                    } else if (om == 1) {
                        plainSince++;
                        if (!noRelax && plainSince >= 20) {
                            // plain Sinkhorn contracts the error by theta per iteration near the
                            // solution; Young's SOR theory for this 2-block iteration gives the optimum
                            double theta = Math.pow(err / errors[iterations - 11], 0.1);
                            if (theta > 0 && theta < 1) {
                                omega[0] = Math.min(OMEGA_MAX, 2 / (1 + Math.sqrt(1 - theta)));
                            }
                            plainSince = 0;
                            relaxedSince = 0;
                            rises = 0;
                            prevWindowMin = Double.POSITIVE_INFINITY;
                            windowMin = Double.POSITIVE_INFINITY;
                        }
                    } else {
                        relaxedSince++;
                        windowMin = Math.min(windowMin, err);
                        // above the optimum omega the relaxed error oscillates (complex eigenvalues)
                        // while its envelope decays like (omega - 1)^k: judge progress by the minimum
                        // over windows, not by single rises
                        boolean stalled = false;
                        if (relaxedSince % RELAX_WINDOW == 0) {
                            rises = windowMin >= prevWindowMin ? rises + 1 : 0;
                            stalled = rises >= 2;
                            prevWindowMin = windowMin;
                            windowMin = Double.POSITIVE_INFINITY;
                        }
                        if (stalled || !Double.isFinite(err) || err > 1e3 * prevWindowMin) {
                            omega[0] = 1;
                            plainSince = 0;
                            rises = 0;
                            prevWindowMin = Double.POSITIVE_INFINITY;
                            windowMin = Double.POSITIVE_INFINITY;
                            noRelax = ++resets >= 3;
                        } else if (relaxedSince % RELAX_WINDOW == 0) {
                            // observed relaxed rate rho; below the optimum omega (rho > omega - 1) the
                            // plain rate follows from (rho + omega - 1)^2 = omega^2 theta rho
                            double rho = Math.pow(errors[iterations - 1] / errors[iterations - 1 - RELAX_WINDOW], 1.0 / RELAX_WINDOW);
                            if (rho < 1 && rho > (om - 1) + 0.1 * (2 - om)) {
                                double theta = (rho + om - 1) * (rho + om - 1) / (om * om * rho);
                                if (theta < 1) {
                                    omega[0] = Math.min(OMEGA_MAX, Math.max(om, 2 / (1 + Math.sqrt(1 - theta))));
                                }
                            }
                        }
                    }
                }
                first = false;
                double drift = 0;
                double o = om;
                prevOm = om;
                for (int i = 0; i < n; i++) {
                    f[i] = o == 1 ? fNew[i] : (1 - o) * f[i] + o * fNew[i];
                    drift = Math.max(drift, Math.abs(f[i] - fa[i]));
                }
                for (int j = 0; j < m; j++) {
                    double gs = ga[j] - eps * Math.log(col[j]);
                    g[j] = o == 1 ? gs : (1 - o) * g[j] + o * gs;
                    drift = Math.max(drift, Math.abs(g[j] - ga[j]));
                }
                if (drift * inv > ABSORB) {
                    System.arraycopy(f, 0, fa, 0, n);
                    System.arraycopy(g, 0, ga, 0, m);
                    absorb(kt, c, eps);
                }
            }
        }

        /** kt_ij = exp((fa_i + ga_j - C_ij) / eps). */
        private void absorb(double[][] kt, double[] c, double eps) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            final double[] fa = this.fa;
            final double[] ga = this.ga;
            Parallel.forEachBlock(n, ROW_BLOCK, (long) n * m * 8, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double[] ki = kt[i];
                    System.arraycopy(c, i * m, ki, 0, m);
                    double fi = fa[i];
                    for (int j = 0; j < m; j++) {
                        double x = (fi + ga[j] - ki[j]) * inv;
                        // entries below e^-500 (1e-217 of the O(1) row maximum of an absorbed
                        // kernel) are dropped: with scalings up to e^ABSORB their products would
                        // be subnormal, and subnormal arithmetic is 5x-10x slower on x86
                        ki[j] = x < -500 ? 0 : FastExp.exp(x);
                    }
                }
            });
            absorbedEps = eps;
        }

        void checkFinite(double eps) {
            for (double v : f) {
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException("sinkhorn: non-finite potential f at iteration " + iterations
                            + " (eps = " + eps + "): is C / eps beyond the double range?");
                }
            }
            for (double v : g) {
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException("sinkhorn: non-finite potential g at iteration " + iterations
                            + " (eps = " + eps + "): is C / eps beyond the double range?");
                }
            }
        }

        /**
         * Kernel iterations; returns false (state left at the last finite potentials, budget used
         * in {@link #lastStageIterations}) when the kernel under- or overflows.
         *
         * <p>u = a / (K v), v = b / (K^T u), one fused pass over the rows of K per iteration
         * ({@link #fusedPass}). Potentials are only formed when the stage ends (f = -eps log K v,
         * g = -eps log K^T u of the last complete iteration), so an iteration costs 2 n m flops
         * and no logarithm.
         */
        boolean scalingStage(double eps, double tolAbs, int budget) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            int start = iterations;
            lastStageIterations = 0;
            double[][] k = kernelRows(eps);
            double[] v = new double[m];
            for (int j = 0; j < m; j++) {
                v[j] = b[j] * Math.exp(g[j] * inv);
                if (!Double.isFinite(v[j])) {
                    return false;
                }
            }
            double[] s = new double[n];
            double[] sPrev = new double[n];
            double[] col = new double[m];
            double[] colPrev = new double[m];
            double[][] acc = accumulators(n, m);
            int bs = blockSize(n);
            boolean colRule = rule == StoppingRule.L2_EVERY_10;
            boolean hasPrev = false;
            if (colRule) {
                // POT's order: the first half-step is the g-update v = b / K^T u, u = a exp(f/eps)
                double[] u0 = new double[n];
                for (int i = 0; i < n; i++) {
                    u0[i] = a[i] * Math.exp(f[i] * inv);
                }
                columnPass(k, u0, acc, bs, m);
                reduce(acc, colPrev);
                if (positiveFinite(colPrev)) {
                    for (int j = 0; j < m; j++) {
                        v[j] = b[j] / colPrev[j];
                    }
                    hasPrev = true;
                }
            }
            for (int it = 0; it <= budget; it++) {
                fusedPass(k, v, a, s, acc, bs, 1, null, null, eps);
                if (!positiveFinite(s)) {
                    return endScaling(it > 0, sPrev, colPrev, start, eps, false);
                }
                if (it > 0 && !colRule) {
                    boolean met = measure(s, sPrev, tolAbs);
                    if (met || it == budget) {
                        return endScaling(true, sPrev, colPrev, start, eps, true);
                    }
                }
                reduce(acc, col);
                if (!positiveFinite(col)) {
                    return endScaling(it > 0, sPrev, colPrev, start, eps, false);
                }
                if (colRule) {
                    // POT's rule: column error of (u = a / s, v), |v_j (K^T u)_j - b_j|, before the v-update
                    double l1 = 0;
                    double l2 = 0;
                    for (int j = 0; j < m; j++) {
                        double e = Math.abs(v[j] * col[j] - b[j]);
                        l1 += e;
                        l2 += e * e;
                    }
                    if (recordAndTest(l1, l2, tolAbs) || iterations - start >= budget) {
                        lastStageIterations = iterations - start;
                        double[] x = new double[n];
                        for (int i = 0; i < n; i++) {
                            f[i] = -eps * Math.log(s[i]);
                            x[i] = a[i] / s[i];
                        }
                        if (it > 0 || hasPrev) {
                            for (int j = 0; j < m; j++) {
                                g[j] = -eps * Math.log(colPrev[j]);
                            }
                        }
                        planScale(x, v.clone(), eps);
                        return true;
                    }
                }
                for (int j = 0; j < m; j++) {
                    v[j] = b[j] / col[j];
                }
                double[] t = sPrev;
                sPrev = s;
                s = t;
                t = colPrev;
                colPrev = col;
                col = t;
            }
            // budget 0: one pass made the potentials consistent with this eps
            return endScaling(true, sPrev, colPrev, start, eps, true);
        }

        /** Ends a scaling stage at the iterate (u = a / s, v = b / col). */
        private boolean endScaling(boolean complete, double[] s, double[] col, int start, double eps, boolean ok) {
            lastStageIterations = iterations - start;
            if (complete) {
                int n = a.length;
                int m = b.length;
                double[] x = new double[n];
                double[] y = new double[m];
                for (int i = 0; i < n; i++) {
                    f[i] = -eps * Math.log(s[i]);
                    x[i] = a[i] / s[i];
                }
                for (int j = 0; j < m; j++) {
                    g[j] = -eps * Math.log(col[j]);
                    y[j] = b[j] / col[j];
                }
                planScale(x, y, eps);
            }
            return ok;
        }

        /**
         * Records the row-marginal error of the plan before this pass, sum_i |a_i s_i / sPrev_i - a_i|
         * (L1) or its L2 norm, counts the iteration and says whether the stopping rule is met.
         */
        private boolean measure(double[] s, double[] sPrev, double tolAbs) {
            int n = a.length;
            double l1 = 0;
            double l2 = 0;
            for (int i = 0; i < n; i++) {
                double e = Math.abs(a[i] * (s[i] / sPrev[i]) - a[i]);
                l1 += e;
                l2 += e * e;
            }
            return recordAndTest(l1, l2, tolAbs);
        }

        /** Records the rule's norm of the error, counts the iteration, tests the rule. */
        boolean recordAndTest(double l1, double l2sq, double tolAbs) {
            double err = rule == StoppingRule.L1_EVERY_ITERATION ? l1 : Math.sqrt(l2sq);
            record(err);
            iterations++;
            boolean check = rule == StoppingRule.L1_EVERY_ITERATION || (iterations - 1) % 10 == 0;
            lastMet = check && err <= tolAbs;
            return lastMet;
        }

        /** The kernel rows exp(-C_ij / eps) (storage shared with the absorbed kernel). */
        double[][] kernelRows(double eps) {
            int n = a.length;
            int m = b.length;
            double[][] k = kernelStorage();
            double inv = 1 / eps;
            Parallel.forEachBlock(n, ROW_BLOCK, (long) n * m * 8, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double[] ki = k[i];
                    cost.row(i, ki);
                    for (int j = 0; j < m; j++) {
                        ki[j] = FastExp.expKernel(-ki[j] * inv);
                    }
                }
            });
            return k;
        }

        double[][] kernelStorage() {
            if (kernel == null) {
                long entries = (long) a.length * b.length;
                if (entries > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("cost: a stored kernel of " + a.length + " x " + b.length
                            + " entries is too large; use the log-domain method with an on-the-fly cost");
                }
                kernel = new double[a.length][b.length];
            }
            planEps = Double.NaN;
            absorbedEps = Double.NaN;
            return kernel;
        }

        /** Declares P_ij = x_i K_ij y_j for the stored kernel (used by {@link #finish}). */
        void planScale(double[] x, double[] y, double eps) {
            planX = x;
            planY = y;
            planEps = eps;
        }

        /**
         * One pass over the plan: cost, objective, marginal errors. When the stored kernel
         * represents the final plan (P_ij = x_i K_ij y_j) the pass multiplies instead of taking
         * n m exponentials.
         */
        SinkhornResult finish(double eps, double tolAbs, Method used) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            double[] rowSum = new double[n];
            double[] rowCost = new double[n];
            int bs = blockSize(n);
            int blocks = Parallel.blockCount(n, bs);
            double[][] colAcc = new double[blocks][m];
            final double[] ff = f;
            final double[] gg = g;
            if (planEps == eps && kernel != null) {
                final double[][] k = kernel;
                final double[] x = planX;
                final double[] y = planY;
                Parallel.forEachBlock(n, bs, (long) n * m * 4, (lo, hi) -> {
                    double[] ac = colAcc[lo / bs];
                    double[] buf = new double[m];
                    double[] ky = new double[m];
                    for (int i = lo; i < hi; i++) {
                        if (a[i] == 0) {
                            continue;
                        }
                        double[] ki = k[i];
                        cost.row(i, buf);
                        for (int j = 0; j < m; j++) {
                            ky[j] = ki[j] * y[j];
                        }
                        double xi = x[i];
                        rowSum[i] = xi * sum(ky);
                        rowCost[i] = xi * dot(ky, buf);
                        for (int j = 0; j < m; j++) {
                            ac[j] += xi * ky[j];
                        }
                    }
                });
            } else {
            Parallel.forEachBlock(n, bs, (long) n * m * 8, (lo, hi) -> {
                double[] ac = colAcc[lo / bs];
                double[] buf = new double[m];
                for (int i = lo; i < hi; i++) {
                    if (a[i] == 0) {
                        continue;
                    }
                    cost.row(i, buf);
                    double rs = 0;
                    double rc = 0;
                    for (int j = 0; j < m; j++) {
                        double p = b[j] == 0 ? 0 : a[i] * b[j] * FastExp.exp((ff[i] + gg[j] - buf[j]) * inv);
                        rs += p;
                        rc += p * buf[j];
                        ac[j] += p;
                    }
                    rowSum[i] = rs;
                    rowCost[i] = rc;
                }
            });
            }
            double[] colSum = new double[m];
            for (double[] ac : colAcc) {
                for (int j = 0; j < m; j++) {
                    colSum[j] += ac[j];
                }
            }
            double transport = 0;
            double mass = 0;
            double rowErr = 0;
            double lin = 0;
            double sa = 0;
            double sb = 0;
            for (int i = 0; i < n; i++) {
                transport += rowCost[i];
                mass += rowSum[i];
                rowErr += Math.abs(rowSum[i] - a[i]);
                lin += f[i] * rowSum[i];
                sa += a[i];
            }
            double rowErr2 = 0;
            for (int i = 0; i < n; i++) {
                rowErr2 += (rowSum[i] - a[i]) * (rowSum[i] - a[i]);
            }
            double colErr = 0;
            double colErr2 = 0;
            for (int j = 0; j < m; j++) {
                colErr += Math.abs(colSum[j] - b[j]);
                colErr2 += (colSum[j] - b[j]) * (colSum[j] - b[j]);
                lin += g[j] * colSum[j];
                sb += b[j];
            }
            double objective = lin - eps * mass + eps * sa * sb;
            if (!Double.isFinite(transport) || !Double.isFinite(objective) || !Double.isFinite(rowErr)) {
                throw new ArithmeticException("sinkhorn: non-finite plan statistics after iteration " + iterations
                        + " (eps = " + eps + ")");
            }
            double floor = Math.max(tolAbs, 1e-13 * sa);
            boolean converged = rule == StoppingRule.L1_EVERY_ITERATION
                    ? rowErr <= floor && colErr <= floor
                    : Math.sqrt(rowErr2) <= floor && Math.sqrt(colErr2) <= floor;
            return new SinkhornResult(cost, a, b, f.clone(), g.clone(), eps, iterations, converged,
                    Arrays.copyOf(errors, iterations), transport, objective, rowErr, colErr, used);
        }
    }

    /** sum_j k[j] v[j] with four independent partial sums (fixed order, deterministic). */
    static double dot(double[] k, double[] v) {
        int m = v.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            s0 += k[j] * v[j];
            s1 += k[j + 1] * v[j + 1];
            s2 += k[j + 2] * v[j + 2];
            s3 += k[j + 3] * v[j + 3];
        }
        for (; j < m; j++) {
            s0 += k[j] * v[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** sum_j v[j] with four independent partial sums. */
    static double sum(double[] v) {
        int m = v.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            s0 += v[j];
            s1 += v[j + 1];
            s2 += v[j + 2];
            s3 += v[j + 3];
        }
        for (; j < m; j++) {
            s0 += v[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Rows per block of the fused pass: a fixed number of blocks, so results do not depend on threads. */
    static int blockSize(int n) {
        return (n + KERNEL_BLOCKS - 1) / KERNEL_BLOCKS;
    }

    /** One column accumulator per block of the fused pass. */
    static double[][] accumulators(int n, int m) {
        return new double[Parallel.blockCount(n, blockSize(n))][m];
    }

    /**
     * The hot loop of both kernel iterations: for every row i, s_i = K_i . w (a reduction with four
     * accumulators), u_i = a_i / s_i (times the over-relaxation factor when om != 1), and
     * acc[block] += u_i K_i. Rows are separate arrays indexed by the bare loop variable, so HotSpot
     * C2 auto-vectorises the axpy (an offset into a flat n m buffer defeats it: measured 3 vs
     * 10-16 GF/s). Each block of rows is handled by one thread in index order and owns its
     * accumulator; {@link #reduce} adds the accumulators in block order, so the result is bitwise
     * the same for any number of threads. K_i is read twice while it is still in cache, so the pass
     * streams K from memory once.
     */
    static void fusedPass(double[][] k, double[] w, double[] a, double[] s, double[][] acc, int bs,
                          double om, double[] fCur, double[] fa, double eps) {
        int n = k.length;
        int m = w.length;
        double inv = 1 / eps;
        Parallel.forEachBlock(n, bs, (long) n * m * 2, (lo, hi) -> {
            double[] ac = acc[lo / bs];
            Arrays.fill(ac, 0);
            for (int i = lo; i < hi; i++) {
                double[] ki = k[i];
                double si = VectorSupport.ENABLED ? VectorDot.dot(ki, w) : dot(ki, w);
                s[i] = si;
                double u = a[i] / si;
                if (om != 1) {
                    // over-relaxed f_i = (1 - om) f_i + om fSinkhorn_i, fSinkhorn_i = fa_i - eps log s_i
                    double fs = fa[i] - eps * Math.log(si);
                    double fn = (1 - om) * fCur[i] + om * fs;
                    u *= Math.exp((fn - fs) * inv);
                }
                if (u != 0 && Double.isFinite(u)) {
                    for (int j = 0; j < m; j++) {
                        ac[j] += u * ki[j];
                    }
                }
            }
        });
    }

    /** acc[block] = sum over the block's rows of u_i K_i (the K^T u half of {@link #fusedPass}). */
    static void columnPass(double[][] k, double[] u, double[][] acc, int bs, int m) {
        int n = k.length;
        Parallel.forEachBlock(n, bs, (long) n * m, (lo, hi) -> {
            double[] ac = acc[lo / bs];
            Arrays.fill(ac, 0);
            for (int i = lo; i < hi; i++) {
                double[] ki = k[i];
                double ui = u[i];
                if (ui != 0 && Double.isFinite(ui)) {
                    for (int j = 0; j < m; j++) {
                        ac[j] += ui * ki[j];
                    }
                }
            }
        });
    }

    /** col = sum of the block accumulators, in block order. */
    static void reduce(double[][] acc, double[] col) {
        int m = col.length;
        System.arraycopy(acc[0], 0, col, 0, m);
        for (int b = 1; b < acc.length; b++) {
            double[] ac = acc[b];
            for (int j = 0; j < m; j++) {
                col[j] += ac[j];
            }
        }
    }

    static boolean positiveFinite(double[] v) {
        for (double x : v) {
            if (!(x > 0) || !Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * out_i = -eps LSE_j(h_j - C_ij / eps) for every row i of c, rows in fixed blocks, each row
     * reduced by one thread (max first, then the shifted sum), so results do not depend on the
     * number of threads.
     */
    static void lsePass(Cost c, double[] h, double inv, double eps, double[] out) {
        int rows = c.rows();
        int cols = c.cols();
        final double[] data = c instanceof CostMatrix ? ((CostMatrix) c).data() : null;
        Parallel.forEachBlock(rows, ROW_BLOCK, (long) rows * cols * 8, (lo, hi) -> {
            double[] z = new double[cols];
            double[] buf = data == null ? new double[cols] : null;
            for (int i = lo; i < hi; i++) {
                double[] src;
                int off;
                if (data != null) {
                    src = data;
                    off = i * cols;
                } else {
                    c.row(i, buf);
                    src = buf;
                    off = 0;
                }
                double mx = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    double v = h[j] - src[off + j] * inv;
                    z[j] = v;
                    mx = Math.max(mx, v);
                }
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += FastExp.expNonPositive(z[j] - mx);
                }
                out[i] = -eps * (mx + Math.log(s));
            }
        });
    }
}
