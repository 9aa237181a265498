package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;

/**
 * An f-divergence D_f(P|Q) = E_Q[f(dP/dQ)] in the variational form the W1 proximal needs
 * (MATH.md section 6; seed paper 2, the Lipschitz-regularised divergence, eq. (2.3)-(2.4)):
 * D_f^L(P|Q) = sup_{Lip(g) &lt;= L} E_P[g] - E_Q[f*(g)], with f*(y) = sup_x xy - f(x).
 *
 * <p>The four divergences, with the conjugates of MATH.md section 6:
 * <ul>
 *   <li>{@link #kl()}: f = x log x, f*(y) = exp(y - 1). The training objective uses the
 *       Donsker-Varadhan form E_P g - log E_Q e^g instead of E_Q f*(g), as the authors' code does
 *       ({@link #dataTerm}); for every g, log E_Q e^g &lt;= E_Q e^(g-1) (log z &lt;= z/e), so the DV
 *       bound is the tighter one, and log E_Q e^g &gt;= E_Q g (Jensen), so it also obeys
 *       E_P g - (data term) &lt;= L W_1(P, Q).</li>
 *   <li>{@link #reverseKl()}: f = -log x, f*(y) = -1 - log(-y) for y &lt; 0 and +infinity otherwise.
 *       The discriminator is parameterised to stay in that domain: {@link #outputMap} sends the
 *       network's raw output h to g = -softplus(h) &lt; 0 (softplus is 1-Lipschitz, so Lip(g) &lt;= Lip(h)
 *       and the gradient penalty still controls it). If softplus underflows to 0 the conjugate is
 *       +infinity, never NaN; the trainer then stops on the non-finite loss.</li>
 *   <li>{@link #alpha(double)} (alpha &gt; 1): f = (x^alpha - 1)/(alpha(alpha-1)),
 *       f*(y) = ((alpha-1) y)_+^(alpha/(alpha-1))/alpha + 1/(alpha(alpha-1)).</li>
 *   <li>{@link #w1()}: the integral probability metric case, f*(y) = y (f is 0 at x = 1 and +infinity
 *       elsewhere), so D_f^L = L W_1 (Kantorovich-Rubinstein) - the comparison baseline.</li>
 * </ul>
 * Every conjugate satisfies f*(y) &gt;= y (take x = 1), which is what makes E_P g - E_Q f*(g) a
 * lower bound of L W_1(P, Q) for every L-Lipschitz g (checked by the property suite).
 */
public final class FDivergence {

    /** Which f. */
    public enum Kind {
        KL, REVERSE_KL, ALPHA, W1
    }

    private final Kind kind;
    private final double alpha;

    private FDivergence(Kind kind, double alpha) {
        this.kind = kind;
        this.alpha = alpha;
    }

    /** KL(P|Q), f = x log x; trained in Donsker-Varadhan form. */
    public static FDivergence kl() {
        return new FDivergence(Kind.KL, Double.NaN);
    }

    /** Reverse KL, f = -log x; the discriminator output is mapped to g = -softplus(h) &lt; 0. */
    public static FDivergence reverseKl() {
        return new FDivergence(Kind.REVERSE_KL, Double.NaN);
    }

    /**
     * The alpha-divergence, f = (x^alpha - 1)/(alpha(alpha-1)).
     *
     * @throws IllegalArgumentException unless alpha &gt; 1 and finite
     */
    public static FDivergence alpha(double alpha) {
        if (!(alpha > 1) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha: expected a finite value > 1, got " + alpha);
        }
        return new FDivergence(Kind.ALPHA, alpha);
    }

    /** The W1 (integral probability metric) case: f*(y) = y. */
    public static FDivergence w1() {
        return new FDivergence(Kind.W1, Double.NaN);
    }

    /**
     * Parses "kl", "reverse-kl" (or "reverse_kl"), "w1", "alpha:2.0" (or "alpha" for alpha = 2).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static FDivergence parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name: expected kl, reverse-kl, alpha:<a> or w1, got null");
        }
        String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (n.equals("kl")) {
            return kl();
        }
        if (n.equals("reverse-kl") || n.equals("reversekl")) {
            return reverseKl();
        }
        if (n.equals("w1")) {
            return w1();
        }
        if (n.equals("alpha")) {
            return alpha(2.0);
        }
        if (n.startsWith("alpha:")) {
            return alpha(Double.parseDouble(n.substring(6)));
        }
        throw new IllegalArgumentException("name: expected kl, reverse-kl, alpha:<a> or w1, got '" + name + "'");
    }

    public Kind kind() {
        return kind;
    }

    /** alpha for the alpha-divergence, NaN otherwise. */
    public double alphaValue() {
        return alpha;
    }

    /** The name {@link #parse} reads back. */
    public String name() {
        return switch (kind) {
            case KL -> "kl";
            case REVERSE_KL -> "reverse-kl";
            case ALPHA -> "alpha:" + alpha;
            case W1 -> "w1";
        };
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FDivergence other && other.kind == kind
                && Double.doubleToLongBits(other.alpha) == Double.doubleToLongBits(alpha);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(alpha);
    }

    /** f(x) on its domain x &gt;= 0 (x &gt; 0 for reverse KL), +infinity outside it. */
    public double f(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x: expected a number, got NaN");
        }
        return switch (kind) {
            case KL -> x < 0 ? Double.POSITIVE_INFINITY : x == 0 ? 0.0 : x * Math.log(x);
            case REVERSE_KL -> x <= 0 ? Double.POSITIVE_INFINITY : -Math.log(x);
            case ALPHA -> x < 0 ? Double.POSITIVE_INFINITY : (Math.pow(x, alpha) - 1) / (alpha * (alpha - 1));
            case W1 -> x == 1 ? 0.0 : Double.POSITIVE_INFINITY;
        };
    }

    /** f*(y), +infinity outside the conjugate's domain (y &gt;= 0 for reverse KL); never NaN. */
    public double conjugate(double y) {
        if (Double.isNaN(y)) {
            throw new IllegalArgumentException("y: expected a number, got NaN");
        }
        return switch (kind) {
            case KL -> Math.exp(y - 1);
            case REVERSE_KL -> y < 0 ? -1 - Math.log(-y) : Double.POSITIVE_INFINITY;
            case ALPHA -> Math.pow(Math.max(0.0, (alpha - 1) * y), alpha / (alpha - 1)) / alpha
                    + 1 / (alpha * (alpha - 1));
            case W1 -> y;
        };
    }

    /**
     * The maximiser x*(y) of xy - f(x), i.e. (f*)'(y), where f(x*) + f*(y) = x* y holds with equality
     * (Fenchel-Young equality case); NaN where the conjugate is infinite.
     */
    public double conjugateArgmax(double y) {
        return switch (kind) {
            case KL -> Math.exp(y - 1);
            case REVERSE_KL -> y < 0 ? -1 / y : Double.NaN;
            case ALPHA -> Math.pow(Math.max(0.0, (alpha - 1) * y), 1 / (alpha - 1));
            case W1 -> 1.0;
        };
    }

    /** Whether y is in the domain where f* is finite. */
    public boolean inConjugateDomain(double y) {
        return kind != Kind.REVERSE_KL || y < 0;
    }

    /**
     * The map from the discriminator network's raw output h (n x 1) to g: identity, except for
     * reverse KL where g = -softplus(h) keeps g in the conjugate's domain (y &lt; 0). Recorded.
     */
    public Tensor outputMap(Tensor raw) {
        return kind == Kind.REVERSE_KL ? raw.softplus().neg() : raw;
    }

    /** f*(y) elementwise, recorded; +infinity (not NaN) where y &gt;= 0 for reverse KL. */
    public Tensor conjugate(Tensor y) {
        return switch (kind) {
            case KL -> y.addScalar(-1).exp();
            // max(-y, 0): log(0) = -inf gives +inf for y >= 0 instead of the NaN log(-y) would
            case REVERSE_KL -> y.neg().maximum(Tensor.scalar(0.0)).log().neg().addScalar(-1);
            case ALPHA -> y.relu().scale(alpha - 1).pow(alpha / (alpha - 1)).scale(1 / alpha)
                    .addScalar(1 / (alpha * (alpha - 1)));
            case W1 -> y;
        };
    }

    /**
     * The data term of the objective, recorded (1 x 1): log E_Q e^g (Donsker-Varadhan, computed
     * with a stable log-sum-exp) for KL, E_Q f*(g) for the others. {@code gOnData} is n x 1.
     */
    public Tensor dataTerm(Tensor gOnData) {
        if (gOnData.cols() != 1) {
            throw new IllegalArgumentException("gOnData: expected n x 1, got " + gOnData.shape());
        }
        if (kind == Kind.KL) {
            return gOnData.transpose().logSumExpRows().addScalar(-Math.log(gOnData.rows()));
        }
        return conjugate(gOnData).mean();
    }

    /**
     * The variational objective E_P[g] - (data term) (1 x 1, recorded) that the discriminator
     * ascends, without the gradient penalty: a lower bound of D_f^L(P|Q) for any L-Lipschitz g.
     */
    public Tensor objective(Tensor gOnGenerated, Tensor gOnData) {
        return gOnGenerated.mean().sub(dataTerm(gOnData));
    }
}
