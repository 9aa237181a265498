package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.internal.Checks;

/**
 * Unbalanced entropic optimal transport, log domain: the marginal constraints of MATH.md section 1
 * ("Entropic OT") relaxed into KL penalties of strength tau,
 * <pre>
 *   UOT_{eps,tau}(a, b) = min_{P &gt;= 0} &lt;C,P&gt; + eps KL(P | a b^T) + tau KL(P 1 | a) + tau KL(P^T 1 | b),
 * </pre>
 * with the generalised KL(p | q) = sum p log(p/q) - sum p + sum q, so a and b may carry different
 * masses. Chizat, Peyre, Schmitzer and Vialard 2018 ("Scaling algorithms for unbalanced optimal
 * transport problems", Prop. 3.1 and eq. (3.4) with the KL proximal operator of Example 3.5) and
 * Sejourne, Feydy, Vialard, Trouve and Peyre 2019 ("Sinkhorn divergences for unbalanced optimal
 * transport", eq. (9)) give the dual
 * <pre>
 *   max_{f,g} -tau &lt;a, e^{-f/tau} - 1&gt; - tau &lt;b, e^{-g/tau} - 1&gt; - eps &lt;a b^T, e^{(f + g - C)/eps} - 1&gt;,
 * </pre>
 * whose alternate maximisation is the balanced log-domain update damped by tau / (tau + eps):
 * <pre>
 *   f_i = -(tau / (tau + eps)) eps LSE_j(log b_j + (g_j - C_ij)/eps),
 *   g_j = -(tau / (tau + eps)) eps LSE_i(log a_i + (f_i - C_ij)/eps),
 * </pre>
 * (setting the f-derivative to zero: a_i e^{-f_i/tau} = a_i e^{f_i/eps} sum_j b_j e^{(g_j - C_ij)/eps}),
 * and the plan keeps the Gibbs form P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps). At the optimum the
 * marginals are P 1 = a e^{-f/tau} and P^T 1 = b e^{-g/tau}; tau = +infinity is the balanced
 * solver's iteration (damping 1). The "reach" parametrisation of GeomLoss sets tau = reach^p for the
 * cost |x - y|^p: mass is moved over distances up to about the reach and destroyed or created beyond.
 *
 * <p>Each iteration (f-update, g-update) ends with the translation step of Sejourne, Vialard and
 * Peyre 2022 (section 3): (f + lambda, g - lambda) with the lambda that maximises the dual in closed
 * form, lambda = (tau/2) log(&lt;a, e^{-f/tau}&gt; / &lt;b, e^{-g/tau}&gt;). The half-steps alone
 * contract in the Hilbert metric by tau / (tau + eps) (Chizat et al. 2018, Theorem 4.1), but
 * the direction (+1, -1), along which the dual changes only through its penalty terms, shrinks
 * by just 1 - (tau/(tau + eps))^2 ~ 2 eps / tau per sweep: for tau = 1e6 eps a solve needed
 * millions of iterations. The translation solves that direction exactly at each iteration and
 * leaves the optimum fixed; for tau = +infinity there is nothing to solve (the balanced dual is
 * invariant along it) and it is skipped.
 *
 * <p>Near-permutation plans. The translation leaves one slow direction that is not the penalties'
 * but Sinkhorn's own: when the plan is close to a permutation (eps small against the gaps between
 * the costs of competing assignments), the nearly decoupled blocks of the plan shift against each
 * other only through the mass off the permutation, and a sweep contracts that offset by about
 * 1 - 4 (P_12 + P_21) (two points of weight 1/2; measured 1 - 6.4e-6 at off-diagonal mass 1.6e-6).
 * At tau &lt;= 1e4 eps the damping adds 2 eps/tau per sweep and hides it; at tau = 1.65e7 eps, and
 * at tau = +infinity, a 2 x 2 case stayed unconverged at tolerance 1e-13 after 500,000 sweeps (the
 * balanced solver too, after 200,000). The changes of consecutive sweeps are then parallel and
 * shrink geometrically, so {@link GeometricExtrapolation} jumps to the limit of that geometric
 * sequence (Aitken's process, over blocks of sweeps long enough to resolve the rate above the
 * rounding of the sweeps): the same case converges in 430 sweeps (6,390 at tau = +infinity, most
 * of them spent resolving the rate near the rounding floor of a 1e-13 tolerance), and at
 * tau = 1e4 eps in 30 instead of 82,000. A jump never ends a solve; only a plain sweep does.
 *
 * <p>Stopping rule: a bound on the largest change of a potential over one iteration, the
 * half-steps' max(|Delta f|_inf, |Delta g|_inf) plus |lambda|, below tolerance x eps, i.e.
 * every plan entry changed by a relative factor of about exp(tolerance) at most (default
 * tolerance 1e-9, at most 10,000 iterations).
 * Epsilon scaling (off by default) runs the stages of {@link EpsilonScaling} (eps_k = max|C| 2^-k
 * down to eps, at most 100 iterations each with tolerance 1e-3), warm-starting the potentials.
 *
 * <p>Passes. On a cost matrix, and on an on-the-fly cost whose n x m kernel fits the kernel memory
 * ({@link #withKernelMemory}, {@link Sinkhorn#DEFAULT_KERNEL_MEMORY} bytes by default, the balanced
 * solver's budget and rule), the log domain runs the damped updates on a stored absorbed kernel
 * exp((fa_i + ga_j - C_ij)/eps) (Schmitzer 2019; {@link UnbalancedKernelIteration}): one
 * multiply-add per entry and half-step instead of one exponential, with the potentials absorbed
 * again when they drift more than {@link AbsorbedKernelIteration#ABSORB} eps, so it reaches the
 * fixed point of the log-sum-exp form at any eps and at the kernel form's speed (measured at
 * n = 1000: 0.74-0.84 ms per iteration against 9.4-10 ms streamed and 0.67-0.80 ms for the
 * kernel form). The first sweep at each eps is streamed (it makes the potentials consistent with
 * that eps before they are absorbed), and so is any sweep whose kernel sums under- or overflow.
 * Larger on-the-fly costs stream rows of C in O(n + m) memory ({@link KernelPasses#lsePass}).
 * {@link #withMethod} SCALING runs the same updates on the plain kernel exp(-C/eps).
 * All passes cut rows into fixed blocks, so results are bitwise identical whatever the thread
 * count.
 *
 * <p>Instances are immutable; configure with the {@code with*} methods.
 */
public final class UnbalancedSinkhorn {

    /** Default tolerance on the potential change per iteration, relative to eps. */
    public static final double DEFAULT_TOLERANCE = 1e-9;
    /** Default iteration limit (all epsilon stages together). */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;

    private final double tau;
    private final double epsilon;
    private final double relativeEpsilon;
    private final double tolerance;
    private final int maxIterations;
    private final boolean epsilonScaling;
    private final Sinkhorn.Method method;
    private final long kernelMemory;

    private UnbalancedSinkhorn(double tau, double epsilon, double relativeEpsilon, double tolerance,
                               int maxIterations, boolean epsilonScaling, Sinkhorn.Method method,
                               long kernelMemory) {
        this.method = method;
        this.kernelMemory = kernelMemory;
        this.tau = tau;
        this.epsilon = epsilon;
        this.relativeEpsilon = relativeEpsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.epsilonScaling = epsilonScaling;
    }

    /**
     * Marginal penalty strength tau &gt; 0 (+infinity gives the balanced problem; then a and b must
     * carry equal masses for a finite objective); eps defaults to 0.05 x the mean cost under the
     * independent coupling, as in {@link Sinkhorn}.
     */
    public static UnbalancedSinkhorn withPenalty(double tau) {
        if (!(tau > 0)) {
            throw new IllegalArgumentException("tau: expected a marginal penalty > 0, got " + tau);
        }
        return new UnbalancedSinkhorn(tau, Double.NaN, Sinkhorn.DEFAULT_RELATIVE_EPSILON, DEFAULT_TOLERANCE,
                DEFAULT_MAX_ITERATIONS, false, Sinkhorn.Method.LOG_DOMAIN, Sinkhorn.DEFAULT_KERNEL_MEMORY);
    }

    /**
     * The reach parametrisation (GeomLoss): tau = reach^p for the ground cost |x - y|^p, reach &gt; 0,
     * p &gt;= 1.
     */
    public static UnbalancedSinkhorn withReach(double reach, double p) {
        if (!(reach > 0) || !Double.isFinite(reach)) {
            throw new IllegalArgumentException("reach: expected a finite length > 0, got " + reach);
        }
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("p: expected a finite exponent >= 1, got " + p);
        }
        return withPenalty(Math.pow(reach, p));
    }

    /** Absolute regularisation eps &gt; 0. */
    public UnbalancedSinkhorn withEpsilon(double eps) {
        Checks.epsilon(eps);
        return new UnbalancedSinkhorn(tau, eps, relativeEpsilon, tolerance, maxIterations, epsilonScaling, method, kernelMemory);
    }

    /** eps = rel x (mean cost under the independent coupling); rel &gt; 0. */
    public UnbalancedSinkhorn withRelativeEpsilon(double rel) {
        if (!(rel > 0) || !Double.isFinite(rel)) {
            throw new IllegalArgumentException("relativeEpsilon: expected a finite value > 0, got " + rel);
        }
        return new UnbalancedSinkhorn(tau, Double.NaN, rel, tolerance, maxIterations, epsilonScaling, method, kernelMemory);
    }

    /** Tolerance on the potential change per iteration relative to eps, &gt; 0. */
    public UnbalancedSinkhorn withTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tol);
        }
        return new UnbalancedSinkhorn(tau, epsilon, relativeEpsilon, tol, maxIterations, epsilonScaling, method, kernelMemory);
    }

    /** Iteration limit, &gt;= 1. */
    public UnbalancedSinkhorn withMaxIterations(int it) {
        if (it < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + it);
        }
        return new UnbalancedSinkhorn(tau, epsilon, relativeEpsilon, tolerance, it, epsilonScaling, method, kernelMemory);
    }

    /** Epsilon scaling on or off (default off). */
    public UnbalancedSinkhorn withEpsilonScaling(boolean on) {
        return new UnbalancedSinkhorn(tau, epsilon, relativeEpsilon, tolerance, maxIterations, on, method, kernelMemory);
    }

    /**
     * LOG_DOMAIN (the default: any eps; an absorbed kernel while it fits the kernel memory,
     * log-sum-exp passes beyond) or SCALING (the same updates on a stored kernel exp(-C/eps), n m
     * memory, one multiply-add per entry; continues in the log domain on an absorbed kernel from
     * the last potentials when a kernel sum under- or overflows). See {@link UnbalancedKernelIteration}.
     */
    public UnbalancedSinkhorn withMethod(Sinkhorn.Method m) {
        if (m == null) {
            throw new IllegalArgumentException("method: expected SCALING or LOG_DOMAIN, got null");
        }
        return new UnbalancedSinkhorn(tau, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, m, kernelMemory);
    }

    /**
     * Bytes the log domain may spend on a stored absorbed kernel of an on-the-fly cost (8 n m for
     * an n x m problem; default {@link Sinkhorn#DEFAULT_KERNEL_MEMORY}); 0 streams every
     * on-the-fly cost. As in {@link Sinkhorn#withKernelMemory}, a cost matrix is always absorbed
     * and the scaling method always stores its kernel.
     */
    public UnbalancedSinkhorn withKernelMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("kernelMemory: expected a number of bytes >= 0, got " + bytes);
        }
        return new UnbalancedSinkhorn(tau, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, method,
                bytes);
    }

    /** The marginal penalty tau. */
    public double tau() {
        return tau;
    }

    /** Solves for an explicit cost array. */
    public UnbalancedResult solve(double[] a, double[] b, double[][] cost) {
        return solve(a, b, CostMatrix.of(cost));
    }

    /** Solves UOT_{eps,tau}(a, b) for the cost C; a and b may have different total masses. */
    public UnbalancedResult solve(double[] a, double[] b, Cost cost) {
        Checks.present("cost", "a cost", cost);
        Checks.weights("a", a);
        Checks.weights("b", b);
        Checks.shape(a, b, cost.rows(), cost.cols());
        double eps = Double.isNaN(epsilon) ? relativeEpsilon * Sinkhorn.costScale(a, b, cost) : epsilon;
        Checks.epsilon(eps);
        double[] f = new double[a.length];
        double[] g = new double[b.length];
        double[] logA = GibbsPlan.logs(a);
        double[] logB = GibbsPlan.logs(b);
        UnbalancedKernelIteration kernel = method == Sinkhorn.Method.SCALING
                || Sinkhorn.storesKernel(cost, kernelMemory) ? UnbalancedKernelIteration.storage(cost, a, b) : null;
        int used = 0;
        if (epsilonScaling) {
            for (double e : EpsilonScaling.stages(cost.maxAbs(), eps)) {
                if (used >= maxIterations - 1) {
                    break;
                }
                int budget = Math.min(EpsilonScaling.STAGE_ITERATIONS, maxIterations - 1 - used);
                used += iterate(cost, kernel, a, b, logA, logB, f, g, e, EpsilonScaling.STAGE_TOLERANCE, budget, null);
            }
        }
        double[] errors = new double[maxIterations - used];
        int last = iterate(cost, kernel, a, b, logA, logB, f, g, eps, tolerance, maxIterations - used, errors);
        boolean converged = last > 0 && errors[last - 1] <= tolerance;
        double[] history = java.util.Arrays.copyOf(errors, last);
        GibbsPlan.Marginals fromKernel = kernel == null ? null : kernel.marginals(f, g, eps);
        GibbsPlan.Marginals pm = fromKernel != null ? fromKernel : GibbsPlan.marginals(cost, a, b, f, g, eps);
        return UnbalancedResult.of(cost, a.clone(), b.clone(), f, g, eps, tau, used + last, converged, history, pm);
    }

    /**
     * Damped log-domain iterations at fixed eps, in place on f and g, until the potential change
     * relative to eps is at most tol; returns the number of iterations and records the changes.
     * With a kernel (null: streamed log-sum-exp passes only), the scaling method starts on
     * exp(-C/eps); the log domain sweeps once streamed, which makes the potentials consistent
     * with this eps, and then absorbs them. After a kernel sum under- or overflows, one streamed
     * sweep follows and the potentials are absorbed again.
     */
    private int iterate(Cost cost, UnbalancedKernelIteration kernel, double[] a, double[] b, double[] logA,
                        double[] logB, double[] f, double[] g, double eps, double tol, int budget, double[] errors) {
        int n = f.length;
        int m = g.length;
        double inv = 1 / eps;
        double damping = Double.isInfinite(tau) ? 1 : tau / (tau + eps);
        double[] h = new double[Math.max(n, m)];
        double[] fNext = new double[n];
        double[] gNext = new double[m];
        Cost costT = cost.transpose();
        boolean kernelReady = method == Sinkhorn.Method.SCALING;
        if (kernelReady) {
            kernel.scaling(eps);
        }
        GeometricExtrapolation extrapolation = GeometricExtrapolation.of(f, g);
        for (int it = 0; it < budget; it++) {
            extrapolation.beforeSweep(f, g);
            if (kernel != null && !kernelReady && it > 0) {
                kernel.absorb(f, g, eps);
                kernelReady = true;
            }
            double change = kernelReady ? kernel.step(f, g, damping) : Double.NaN;
            if (Double.isNaN(change)) {
                // no kernel yet, or a kernel sum under- or overflowed: a streamed log-domain sweep
                kernelReady = false;
                change = halfStep(cost, logB, g, f, h, fNext, inv, eps, damping);
                change = Math.max(change, halfStep(costT, logA, f, g, h, gNext, inv, eps, damping));
            }
            if (!Double.isInfinite(tau)) {
                // each potential moved by at most the half-step's change plus the translation
                change += translate(a, b, logA, logB, f, g);
            }
            double rel = change * inv;
            if (errors != null) {
                errors[it] = rel;
            }
            if (!Double.isFinite(rel)) {
                throw new ArithmeticException("unbalanced Sinkhorn: non-finite potentials at eps = " + eps
                        + " (iteration " + (it + 1) + ")");
            }
            if (rel <= tol) {
                return it + 1;
            }
            extrapolation.afterSweep(f, g);
        }
        return budget;
    }

    /**
     * The translation step: (f, g) &lt;- (f + lambda, g - lambda) with the lambda that maximises the
     * dual, which leaves its eps term (a function of f + g) unchanged, so only the two penalty terms
     * -tau &lt;a, e^{-(f + lambda)/tau}&gt; - tau &lt;b, e^{-(g - lambda)/tau}&gt; move; setting their
     * derivative e^{-lambda/tau} A - e^{lambda/tau} B to zero, with A = &lt;a, e^{-f/tau}&gt; and
     * B = &lt;b, e^{-g/tau}&gt; (the masses the penalties assign to the two marginals), gives
     * lambda = (tau/2) log(A/B). Without it the damped sweep moves this direction only by
     * 1 - (tau/(tau + eps))^2, about 2 eps/tau per iteration, which is what left solves with
     * tau &gt;&gt; eps unconverged; with it the iteration contracts like the balanced one
     * (Sejourne, Vialard and Peyre 2022, "Faster unbalanced optimal transport: translation
     * invariant Sinkhorn and 1-D Frank-Wolfe", section 3). The optimum is a fixed point (lambda = 0
     * there, by stationarity of the dual). Returns |lambda|.
     */
    private double translate(double[] a, double[] b, double[] logA, double[] logB, double[] f, double[] g) {
        double lambda = 0.5 * tau * (Math.log(KernelPasses.sum(a) / KernelPasses.sum(b))
                + logRelativeMass(a, logA, f) - logRelativeMass(b, logB, g));
        if (lambda == 0 || !Double.isFinite(lambda)) {
            return 0;
        }
        for (int i = 0; i < f.length; i++) {
            f[i] += lambda;
        }
        for (int j = 0; j < g.length; j++) {
            g[j] -= lambda;
        }
        return Math.abs(lambda);
    }

    /**
     * log(&lt;w, e^{-h/tau}&gt; / |w|). Where every |h_i| / tau &lt;= 1 as log1p(sum_i w_i expm1(-h_i/tau) / |w|),
     * whose error is relative to the small deviation itself: lambda is this times tau / 2, and a
     * log-sum-exp near log|w| would carry an absolute error of an ulp, i.e. tau x 1e-16 in lambda,
     * which for tau = 1e6 eps is 1e-10 eps, far above the 1e-13 eps a tight tolerance asks for
     * (measured: the change stalled at 2.2e-10 eps). Otherwise max-shifted log-sum-exp.
     */
    private double logRelativeMass(double[] w, double[] logW, double[] h) {
        double largest = 0;
        for (int i = 0; i < h.length; i++) {
            if (w[i] > 0) {
                largest = Math.max(largest, Math.abs(h[i]) / tau);
            }
        }
        if (largest <= 1) {
            double s = 0;
            for (int i = 0; i < h.length; i++) {
                s += w[i] * Math.expm1(-h[i] / tau);
            }
            return Math.log1p(s / KernelPasses.sum(w));
        }
        double mx = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < h.length; i++) {
            mx = Math.max(mx, logW[i] - h[i] / tau);
        }
        double s = 0;
        for (int i = 0; i < h.length; i++) {
            s += Math.exp(logW[i] - h[i] / tau - mx);
        }
        return mx + Math.log(s) - Math.log(KernelPasses.sum(w));
    }

    /**
     * out_i = damping x (-eps LSE_j(logW_j + (other_j - C_ij)/eps)) for the rows of c; returns
     * max_i |out_i(new) - out_i(old)|.
     */
    private static double halfStep(Cost c, double[] logW, double[] other, double[] out, double[] h, double[] next,
                                   double inv, double eps, double damping) {
        int cols = other.length;
        for (int j = 0; j < cols; j++) {
            h[j] = logW[j] + other[j] * inv;
        }
        KernelPasses.lsePass(c, h, inv, eps, next);
        double change = 0;
        for (int i = 0; i < out.length; i++) {
            double v = damping * next[i];
            change = Math.max(change, Math.abs(v - out[i]));
            out[i] = v;
        }
        return change;
    }
}
