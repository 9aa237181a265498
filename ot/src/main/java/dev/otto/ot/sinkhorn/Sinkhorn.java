package dev.otto.ot.sinkhorn;

import dev.otto.ot.internal.Checks;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;

/**
 * Entropic optimal transport by Sinkhorn's algorithm, MATH.md section 1 ("Entropic OT"):
 * OT_eps(a,b) = min_P &lt;C,P&gt; + eps KL(P | a b^T).
 *
 * <p>Two iterations, both alternating an f-update (row marginal exact) and a g-update (column
 * marginal exact), started from f = g = 0 or from warm-start potentials:
 * <ul>
 *   <li>{@link Method#LOG_DOMAIN}: f_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps) and symmetrically
 *       for g; never overflows. On a stored cost, and on any cost whose n x m kernel fits the
 *       kernel memory ({@link #withKernelMemory}, {@value #DEFAULT_KERNEL_MEMORY} bytes by default),
 *       it runs as scaling on a kernel with the potentials absorbed into it (Schmitzer's
 *       stabilisation, {@link AbsorbedKernelIteration}): one multiply-add per entry instead of one
 *       exponential. Larger on-the-fly costs stream rows of C (and of C^T) in O(n + m) memory,
 *       one exponential per entry and half-step, shifted by the current potential (max-shifted
 *       only where that sum leaves the double range), each row reduced by one thread in a fixed
 *       order; point clouds form C in vector registers ({@link StreamedLogIteration}).</li>
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
 * <p>Over-relaxation (log domain, absorbed or streamed): after 20 plain iterations the updates become
 * f = (1 - omega) f + omega f_Sinkhorn (same for g) with Young's optimal SOR factor for the observed
 * contraction rate, re-estimated as the rate approaches 1 at small eps; see {@link OverRelaxation}.
 * Only a plain iterate can end the solve.
 *
 * <p>This class holds the configuration and the epsilon-scaling driver (the schedule is
 * {@link EpsilonScaling}'s, shared with the unbalanced and partial solvers). The iterations are
 * {@link StreamedLogIteration} (log domain, any cost, rows streamed), {@link AbsorbedKernelIteration}
 * (log domain on a stored cost, as scaling on an absorbed kernel) and {@link ScalingIteration};
 * they share a {@link SinkhornState}, are built from {@link KernelPasses}, and end in one
 * {@link PlanPass}.
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
    /**
     * Default bytes the log domain may spend on an absorbed n x m kernel of an on-the-fly cost
     * (512 MiB: 8192 x 8192 points); larger problems stream.
     */
    public static final long DEFAULT_KERNEL_MEMORY = 512L << 20;

    private final Method method;
    private final double epsilon;
    private final double relativeEpsilon;
    private final double tolerance;
    private final int maxIterations;
    private final Boolean epsilonScaling;
    private final double[] f0;
    private final double[] g0;
    private final StoppingRule rule;
    private final long kernelMemory;

    private Sinkhorn(Method method, double epsilon, double relativeEpsilon, double tolerance, int maxIterations,
                     Boolean epsilonScaling, double[] f0, double[] g0, StoppingRule rule, long kernelMemory) {
        this.rule = rule;
        this.kernelMemory = kernelMemory;
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
                DEFAULT_MAX_ITERATIONS, null, null, null, StoppingRule.L1_EVERY_ITERATION, DEFAULT_KERNEL_MEMORY);
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
        return new Sinkhorn(m, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0, rule, kernelMemory);
    }

    /** Absolute regularisation eps &gt; 0. */
    public Sinkhorn withEpsilon(double eps) {
        Checks.epsilon(eps);
        return new Sinkhorn(method, eps, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0, rule, kernelMemory);
    }

    /** eps = rel x (mean cost under the independent coupling); rel &gt; 0. */
    public Sinkhorn withRelativeEpsilon(double rel) {
        if (!(rel > 0) || !Double.isFinite(rel)) {
            throw new IllegalArgumentException("relativeEpsilon: expected a finite value > 0, got " + rel);
        }
        return new Sinkhorn(method, Double.NaN, rel, tolerance, maxIterations, epsilonScaling, f0, g0, rule, kernelMemory);
    }

    /** Tolerance on |P 1 - a|_1 / sum(a), &gt; 0. */
    public Sinkhorn withTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tol);
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tol, maxIterations, epsilonScaling, f0, g0, rule, kernelMemory);
    }

    /** Iteration limit, &gt;= 1. */
    public Sinkhorn withMaxIterations(int it) {
        if (it < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + it);
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, it, epsilonScaling, f0, g0, rule, kernelMemory);
    }

    /** Stopping rule (default {@link StoppingRule#L1_EVERY_ITERATION}). */
    public Sinkhorn withStoppingRule(StoppingRule r) {
        if (r == null) {
            throw new IllegalArgumentException("stoppingRule: expected L1_EVERY_ITERATION or L2_EVERY_10, got null");
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0, r, kernelMemory);
    }

    /** Forces epsilon scaling on or off (default: automatic, see the class documentation). */
    public Sinkhorn withEpsilonScaling(boolean on) {
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, on, f0, g0, rule, kernelMemory);
    }

    /** Starts from given potentials (copied; lengths are checked against the problem at solve time). */
    public Sinkhorn withWarmStart(double[] f, double[] g) {
        if (f == null || g == null) {
            throw new IllegalArgumentException("warmStart: expected two potentials, got " + (f == null ? "f = null" : "g = null"));
        }
        Checks.finite("warmStart.f", f);
        Checks.finite("warmStart.g", g);
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f.clone(), g.clone(), rule, kernelMemory);
    }

    /**
     * Bytes the log-domain iteration may spend on a stored kernel of an on-the-fly cost (8 n m for
     * an n x m problem; default {@value #DEFAULT_KERNEL_MEMORY}); 0 streams every on-the-fly cost.
     * A cost matrix is always absorbed (its kernel costs as much as the matrix itself), and the
     * scaling method always stores its kernel.
     */
    public Sinkhorn withKernelMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("kernelMemory: expected a number of bytes >= 0, got " + bytes);
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0, rule, bytes);
    }

    /**
     * Whether the log domain stores an absorbed kernel for this cost: always for a cost matrix
     * (the kernel costs as much as the matrix), for an on-the-fly cost when its 8 n m bytes fit
     * the kernel memory.
     */
    static boolean storesKernel(Cost cost, long kernelMemory) {
        return cost instanceof CostMatrix || (long) cost.rows() * cost.cols() * Double.BYTES <= kernelMemory;
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

    /** Mean cost under the independent coupling (max|C|, or 1, when that is 0): the scale of the default eps. */
    static double costScale(double[] a, double[] b, Cost cost) {
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

        SinkhornState st = new SinkhornState(aa, bb, cost, f0 == null ? new double[n] : f0.clone(),
                g0 == null ? new double[m] : g0.clone(), rule);
        Method used = method;
        boolean absorb = storesKernel(cost, kernelMemory);
        if (scaleEps) {
            // one iteration is always left for the target eps: potentials from a coarser stage can
            // make exp((f + g - C)/eps) overflow at the target eps, while one update at that eps
            // bounds every plan entry by b_j (finite results even when the limit is hit)
            for (double e : EpsilonScaling.stages(cost.maxAbs(), eps)) {
                if (st.iterations >= maxIterations - 1) {
                    break;
                }
                int budget = Math.min(EpsilonScaling.STAGE_ITERATIONS, maxIterations - 1 - st.iterations);
                double stageTol = Math.max(tolAbs, EpsilonScaling.STAGE_TOLERANCE * sa);
                used = stage(st, used, absorb, e, stageTol, budget);
            }
        }
        if (st.iterations < maxIterations) {
            used = stage(st, used, absorb, eps, tolAbs, maxIterations - st.iterations);
        }
        return PlanPass.finish(st, eps, tolAbs, used);
    }

    /**
     * One epsilon stage: the configured iteration, continuing in the log domain when scaling under-
     * or overflows; the log domain runs on the absorbed kernel when {@code absorb} (a stored cost,
     * or a kernel within the kernel memory), streamed otherwise.
     */
    private static Method stage(SinkhornState st, Method m, boolean absorb, double eps, double tolAbs, int budget) {
        int start = st.iterations;
        if (m == Method.SCALING) {
            if (ScalingIteration.run(st, eps, tolAbs, budget)) {
                return Method.SCALING;
            }
            // under- or overflow: continue in the log domain from the last finite potentials
        }
        int left = budget - (st.iterations - start);
        if (absorb) {
            AbsorbedKernelIteration.run(st, eps, tolAbs, left);
        } else {
            StreamedLogIteration.run(st, eps, tolAbs, left);
        }
        return Method.LOG_DOMAIN;
    }
}
