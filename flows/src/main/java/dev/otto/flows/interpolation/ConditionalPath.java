package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A conditional probability path between a source point x0 and a data point x1 and its conditional
 * velocity (MATH.md section 5, "Conditional paths"): with e ~ N(0, I) independent of (x0, x1),
 * <pre>
 *   x_t = mu_t + gamma(t) e,   mu_t = a(t) x0 + b(t) x1,
 *   u_t = a'(t) x0 + b'(t) x1 + gamma'(t) e          ( = d x_t / dt for fixed x0, x1, e ),
 * </pre>
 * the stochastic-interpolant form of Albergo and Vanden-Eijnden (2023), eq. (2.1), of which
 * Tong et al. (2024), section 3, list the cases built here:
 * <ul>
 *   <li>{@link #interpolant(Schedule)}: gamma = 0, the Gaussian interpolant of seed paper 3 with any
 *       {@link Schedule} (I-CFM / rectified flow with the linear one);</li>
 *   <li>{@link #constantSigma(double)}: a = 1 - t, b = t, gamma = sigma (I-CFM and OT-CFM with
 *       sigma_min; Tong et al., eq. (14)-(15)): u_t = x1 - x0;</li>
 *   <li>{@link #schrodingerBridge(double)}: a = 1 - t, b = t, gamma = sigma sqrt(t (1 - t)), the
 *       Brownian bridge of diffusion sigma^2 pinned at x0 and x1 (Tong et al., Proposition 3.4 and
 *       eq. (18)): u_t = (1 - 2t) / (2 t (1 - t)) (x_t - mu_t) + (x1 - x0), trained on pairs from the
 *       entropic plan with eps = 2 sigma^2 ({@link #coupling()});</li>
 *   <li>{@link #variancePreserving(double)}: a = cos(pi t / 2), b = sin(pi t / 2), gamma = sigma, the
 *       trigonometric interpolant (Albergo and Vanden-Eijnden 2023, eq. (4.1); TorchCFM's
 *       VariancePreservingConditionalFlowMatcher): u_t = (pi / 2)(cos(pi t / 2) x1 - sin(pi t / 2) x0).
 *       It is the cos-type VP path, not the VP-SDE schedule exp(-int beta / 2).</li>
 * </ul>
 * The regression E |v(t, x_t) - u_t|^2 is minimised by the marginal velocity E[u_t | x_t = x], whose
 * flow carries the law of x_0 to the law of x_1 (Tong et al., Theorem 3.1). At t = 0 the path's law
 * is that of x0 + gamma(0) e: the source itself when gamma(0) = 0 (interpolants, the bridge), the
 * source blurred by N(0, sigma^2 I) for the constant-sigma and VP paths; likewise at t = 1.
 */
public final class ConditionalPath {

    private final String name;
    private final Schedule schedule;
    private final double sigma;
    private final DoubleUnaryOperator gamma;
    private final DoubleUnaryOperator gammaPrime;
    private final Coupling coupling;

    private ConditionalPath(String name, Schedule schedule, double sigma, DoubleUnaryOperator gamma,
                            DoubleUnaryOperator gammaPrime, Coupling coupling) {
        this.name = name;
        this.schedule = schedule;
        this.sigma = sigma;
        this.gamma = gamma;
        this.gammaPrime = gammaPrime;
        this.coupling = coupling;
    }

    /** x_t = a(t) x0 + b(t) x1 with no added noise (gamma = 0). */
    public static ConditionalPath interpolant(Schedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule: expected a Schedule, got null");
        }
        return new ConditionalPath(schedule.name(), schedule, 0, t -> 0, t -> 0, null);
    }

    /** x_t = (1 - t) x0 + t x1 + sigma e, u_t = x1 - x0 (sigma &gt;= 0; sigma = 0 is the linear interpolant). */
    public static ConditionalPath constantSigma(double sigma) {
        checkSigma(sigma, 0);
        return new ConditionalPath(named("constant-sigma", sigma), Schedule.linear(), sigma, t -> sigma, t -> 0, null);
    }

    /**
     * The Brownian bridge x_t = (1 - t) x0 + t x1 + sigma sqrt(t (1 - t)) e with the Schrodinger-bridge
     * coupling: the entropic plan for |x0 - x1|^2 with eps = 2 sigma^2 (sigma &gt; 0). Its target
     * gamma'(t) e = sigma (1 - 2t) / (2 sqrt(t (1 - t))) e is infinite at t = 0 and t = 1, so it is
     * trained on t in [timeEpsilon, 1 - timeEpsilon].
     */
    public static ConditionalPath schrodingerBridge(double sigma) {
        checkSigma(sigma, Double.MIN_VALUE);
        DoubleUnaryOperator g = t -> sigma * Math.sqrt(t * (1 - t));
        DoubleUnaryOperator gp = t -> sigma * (1 - 2 * t) / (2 * Math.sqrt(t * (1 - t)));
        return new ConditionalPath(named("schrodinger-bridge", sigma), Schedule.linear(), sigma, g, gp,
                Coupling.entropic(2 * sigma * sigma));
    }

    /** x_t = cos(pi t / 2) x0 + sin(pi t / 2) x1 + sigma e (sigma &gt;= 0). */
    public static ConditionalPath variancePreserving(double sigma) {
        checkSigma(sigma, 0);
        return new ConditionalPath(named("vp", sigma), Schedule.trigonometric(), sigma, t -> sigma, t -> 0, null);
    }

    private static void checkSigma(double sigma, double least) {
        if (!(sigma >= least) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma: expected a finite value " + (least > 0 ? "> 0" : ">= 0")
                    + ", got " + sigma);
        }
    }

    private static String named(String kind, double sigma) {
        return kind + ":" + Double.toString(sigma);
    }

    /**
     * The path of this name: a schedule name ({@link Schedule#byName}: the interpolant with that
     * schedule), or "constant-sigma:S", "schrodinger-bridge:S", "vp:S" as {@link #name()} writes them.
     *
     * @throws IllegalArgumentException naming the expected forms and what was given
     */
    public static ConditionalPath byName(String name) {
        String expected = "expected a schedule (linear, trigonometric, follmer, vp(p)), constant-sigma:S,"
                + " schrodinger-bridge:S or vp:S, got '" + name + "'";
        if (name == null) {
            throw new IllegalArgumentException(expected);
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            try {
                return interpolant(Schedule.byName(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(expected);
            }
        }
        double s;
        try {
            s = Double.parseDouble(name.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
        switch (name.substring(0, colon)) {
            case "constant-sigma":
                return constantSigma(s);
            case "schrodinger-bridge":
                return schrodingerBridge(s);
            case "vp":
                return variancePreserving(s);
            default:
                throw new IllegalArgumentException(expected);
        }
    }

    /** "linear" (an interpolant: its schedule's name), "constant-sigma:0.1", "schrodinger-bridge:0.5", "vp:0.1". */
    public String name() {
        return name;
    }

    /** a(t), b(t) of the mean mu_t = a x0 + b x1. */
    public Schedule schedule() {
        return schedule;
    }

    /** The noise level sigma (0 for an interpolant). */
    public double sigma() {
        return sigma;
    }

    /** Whether gamma is identically 0 (no noise e is drawn). */
    public boolean isDeterministic() {
        return sigma == 0;
    }

    /** The coupling the path prescribes (the Schrodinger bridge's entropic plan), or null: any coupling. */
    public Coupling coupling() {
        return coupling;
    }

    /** The standard deviation gamma(t) of x_t given (x0, x1). */
    public double gamma(double t) {
        return gamma.applyAsDouble(checkTime(t));
    }

    /** gamma'(t); infinite at t = 0 and 1 for the Schrodinger bridge. */
    public double gammaPrime(double t) {
        return gammaPrime.applyAsDouble(checkTime(t));
    }

    /** Whether the conditional velocity's coefficients a', b', gamma' are finite at t. */
    public boolean finiteTargetAt(double t) {
        return Double.isFinite(schedule.aPrime(t)) && Double.isFinite(schedule.bPrime(t))
                && Double.isFinite(gammaPrime(t));
    }

    private static double checkTime(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("t: expected a time in [0, 1], got " + t);
        }
        return t;
    }

    /** The points and targets of one batch: x_t (n x d) and u_t (n x d). */
    public record Batch(Tensor xt, Tensor target) {
    }

    /**
     * x_t and u_t for rows (x0_i, x1_i, e_i) at times t_i; e may be null when the path is
     * {@link #isDeterministic()}.
     *
     * @throws IllegalArgumentException if the shapes disagree or e is missing for a noisy path
     */
    public Batch at(Tensor x0, Tensor x1, Tensor e, double[] t) {
        int n = x0.rows();
        if (!x0.sameShape(x1) || t.length != n || (e != null && !e.sameShape(x0))) {
            throw new IllegalArgumentException("x0, x1, e, t: expected n x d batches and n times, got " + x0.shape()
                    + ", " + x1.shape() + ", " + (e == null ? "no e" : e.shape()) + " and " + t.length + " times");
        }
        if (e == null && !isDeterministic()) {
            throw new IllegalArgumentException("e: path " + name + " adds noise gamma(t) e; expected an n x d batch e,"
                    + " got null");
        }
        double[] a = new double[n];
        double[] b = new double[n];
        double[] ap = new double[n];
        double[] bp = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = schedule.a(t[i]);
            b[i] = schedule.b(t[i]);
            ap[i] = schedule.aPrime(t[i]);
            bp[i] = schedule.bPrime(t[i]);
        }
        Tensor xt = x0.mul(Tensor.wrap(n, 1, a)).add(x1.mul(Tensor.wrap(n, 1, b)));
        Tensor target = x0.mul(Tensor.wrap(n, 1, ap)).add(x1.mul(Tensor.wrap(n, 1, bp)));
        if (e != null && !isDeterministic()) {
            double[] g = new double[n];
            double[] gp = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = gamma(t[i]);
                gp[i] = gammaPrime(t[i]);
            }
            xt = xt.add(e.mul(Tensor.wrap(n, 1, g)));
            target = target.add(e.mul(Tensor.wrap(n, 1, gp)));
        }
        return new Batch(xt, target);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ConditionalPath[%s]", name);
    }
}
