package dev.otto.flows.interpolation;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The coefficients of a Gaussian interpolant X_t = a(t) Z + b(t) X_1 on t in [0, 1] (MATH.md
 * section 5; seed paper 3, the interpolant and its Table 1 of schedules), with a(0) = 1, b(0) = 0,
 * a(1) = 0, b(1) = 1, a non-increasing and b non-decreasing, and their derivatives a', b'.
 *
 * <p>Built in: {@link #linear()} (a = 1 - t, b = t), {@link #trigonometric()} (a = cos(pi t/2),
 * b = sin(pi t/2)), {@link #follmer()} (a = sqrt(1 - t^2), b = t) and the variance-preserving family
 * {@link #variancePreserving(double)} a = sqrt(1 - t^(2p)), b = t^p (p &gt;= 1; a^2 + b^2 = 1,
 * p = 1 is Follmer). {@link #custom} takes any (a, b, a', b') and checks the boundary values,
 * monotonicity and the derivatives.
 *
 * <p>The endpoint t = 1. There a = 0, so a'/a is undefined, and for the Follmer and VP schedules
 * a'(1) is infinite. The closed-form velocity ({@link GaussianMixtureVelocity}) never divides by a:
 * it only uses a^2, b^2, b', b b' and the product {@link #aTimesAPrime a a'} = (a^2)'/2, which is
 * finite at t = 1 for every built-in schedule (Follmer: a a' = -t; VP(p): -p t^(2p - 1)). So the
 * exact velocity is evaluated at t = 1 itself, by its exact limit, not on [0, 1 - tiny].
 */
public final class Schedule {

    /** Coefficients (a, b, a', b') and a a' at one time. */
    public record Values(double t, double a, double b, double aPrime, double bPrime, double aTimesAPrime) {
        /** b(t) b'(t). */
        public double bTimesBPrime() {
            return b * bPrime;
        }
    }

    private final String name;
    private final DoubleUnaryOperator a;
    private final DoubleUnaryOperator b;
    private final DoubleUnaryOperator aPrime;
    private final DoubleUnaryOperator bPrime;
    private final DoubleUnaryOperator aTimesAPrime;
    private final boolean builtIn;

    private Schedule(String name, DoubleUnaryOperator a, DoubleUnaryOperator b, DoubleUnaryOperator aPrime,
                     DoubleUnaryOperator bPrime, DoubleUnaryOperator aTimesAPrime, boolean builtIn) {
        this.name = name;
        this.a = a;
        this.b = b;
        this.aPrime = aPrime;
        this.bPrime = bPrime;
        this.aTimesAPrime = aTimesAPrime;
        this.builtIn = builtIn;
    }

    /** a = 1 - t, b = t (the rectified-flow / I-CFM interpolant). */
    public static Schedule linear() {
        return new Schedule("linear", t -> 1 - t, t -> t, t -> -1, t -> 1, t -> -(1 - t), true);
    }

    /** a = cos(pi t / 2), b = sin(pi t / 2) (variance preserving; TorchCFM's VP matcher). */
    public static Schedule trigonometric() {
        double h = Math.PI / 2;
        return new Schedule("trigonometric", t -> t == 1 ? 0.0 : Math.cos(h * t), t -> t == 1 ? 1.0 : Math.sin(h * t),
                t -> -h * Math.sin(h * t), t -> t == 1 ? 0.0 : h * Math.cos(h * t),
                t -> t == 1 ? 0.0 : -h * Math.sin(h * t) * Math.cos(h * t), true);
    }

    /** a = sqrt(1 - t^2), b = t (the Follmer flow); a'(1) = -infinity, a a' = -t is finite. */
    public static Schedule follmer() {
        return vp("follmer", 1.0);
    }

    /**
     * The variance-preserving family a = sqrt(1 - t^(2p)), b = t^p with p &gt;= 1 (a^2 + b^2 = 1;
     * p = 1 is {@link #follmer()}). a a' = -b b' = -p t^(2p - 1) is finite on [0, 1].
     *
     * @throws IllegalArgumentException if p is not a finite number &gt;= 1 (p &lt; 1 makes b'(0) infinite)
     */
    public static Schedule variancePreserving(double p) {
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("p: expected a finite exponent >= 1, got " + p);
        }
        return vp(String.format(Locale.ROOT, "vp(%s)", Double.toString(p)), p);
    }

    private static Schedule vp(String name, double p) {
        DoubleUnaryOperator b = t -> Math.pow(t, p);
        DoubleUnaryOperator a = t -> t >= 1 ? 0.0 : Math.sqrt(1 - Math.pow(t, 2 * p));
        DoubleUnaryOperator bPrime = t -> p == 1 ? 1.0 : p * Math.pow(t, p - 1);
        DoubleUnaryOperator aa = t -> -p * Math.pow(t, 2 * p - 1);
        DoubleUnaryOperator aPrime = t -> {
            double at = a.applyAsDouble(t);
            return at == 0 ? Double.NEGATIVE_INFINITY : aa.applyAsDouble(t) / at;
        };
        return new Schedule(name, a, b, aPrime, bPrime, aa, true);
    }

    /**
     * A user-defined schedule. Checked here: a(0) = 1, b(0) = 0, a(1) = 0, b(1) = 1 (to 1e-12); a
     * non-increasing and b non-decreasing on the grid t = k/1000; a' and b' against central finite
     * differences (step 1e-6) on t in [0.01, 0.99] to 1e-5 (1 + |difference|). a a' is a(t) a'(t);
     * where a = 0 and a' is infinite (a Follmer-like end) it is the one-sided difference
     * -(a(t - h)^2)/(2h) with h = 1e-7, an O(h) approximation of the finite limit (a^2)'/2.
     *
     * @throws IllegalArgumentException naming the violated condition, the time and the values found
     */
    public static Schedule custom(String name, DoubleUnaryOperator a, DoubleUnaryOperator b, DoubleUnaryOperator aPrime,
                                  DoubleUnaryOperator bPrime) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: expected a non-blank name, got " + name);
        }
        if (a == null || b == null || aPrime == null || bPrime == null) {
            throw new IllegalArgumentException("a, b, aPrime, bPrime: expected four functions, got a null");
        }
        checkValue("a(0)", a.applyAsDouble(0), 1);
        checkValue("b(0)", b.applyAsDouble(0), 0);
        checkValue("a(1)", a.applyAsDouble(1), 0);
        checkValue("b(1)", b.applyAsDouble(1), 1);
        int grid = 1000;
        for (int k = 1; k <= grid; k++) {
            double s = (k - 1) / (double) grid;
            double t = k / (double) grid;
            if (a.applyAsDouble(t) > a.applyAsDouble(s) + 1e-15) {
                throw new IllegalArgumentException("a: expected non-increasing, got a(" + s + ") = " + a.applyAsDouble(s)
                        + " < a(" + t + ") = " + a.applyAsDouble(t));
            }
            if (b.applyAsDouble(t) < b.applyAsDouble(s) - 1e-15) {
                throw new IllegalArgumentException("b: expected non-decreasing, got b(" + s + ") = " + b.applyAsDouble(s)
                        + " > b(" + t + ") = " + b.applyAsDouble(t));
            }
        }
        double h = 1e-6;
        for (int k = 1; k <= 99; k++) {
            double t = k / 100.0;
            checkDerivative("aPrime", t, aPrime.applyAsDouble(t), (a.applyAsDouble(t + h) - a.applyAsDouble(t - h)) / (2 * h));
            checkDerivative("bPrime", t, bPrime.applyAsDouble(t), (b.applyAsDouble(t + h) - b.applyAsDouble(t - h)) / (2 * h));
        }
        DoubleUnaryOperator aa = t -> {
            double at = a.applyAsDouble(t);
            double ap = aPrime.applyAsDouble(t);
            if (at == 0 && !Double.isFinite(ap)) {
                double step = 1e-7;
                double before = a.applyAsDouble(t - step);
                return -before * before / (2 * step);
            }
            return at * ap;
        };
        return new Schedule(name, a, b, aPrime, bPrime, aa, false);
    }

    private static void checkValue(String what, double actual, double expected) {
        if (!(Math.abs(actual - expected) <= 1e-12)) {
            throw new IllegalArgumentException(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static void checkDerivative(String what, double t, double given, double difference) {
        if (!(Math.abs(given - difference) <= 1e-5 * (1 + Math.abs(difference)))) {
            throw new IllegalArgumentException(what + ": expected the derivative, about " + difference
                    + " by central differences at t = " + t + ", got " + given);
        }
    }

    /**
     * The built-in schedule of this name: "linear", "trigonometric", "follmer" or "vp(p)".
     *
     * @throws IllegalArgumentException for any other name (custom schedules cannot be rebuilt by name)
     */
    public static Schedule byName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name: expected a schedule name, got null");
        }
        switch (name) {
            case "linear":
                return linear();
            case "trigonometric":
                return trigonometric();
            case "follmer":
                return follmer();
            default:
                if (name.startsWith("vp(") && name.endsWith(")")) {
                    try {
                        return variancePreserving(Double.parseDouble(name.substring(3, name.length() - 1)));
                    } catch (NumberFormatException e) {
                        // fall through to the error below
                    }
                }
                throw new IllegalArgumentException("name: expected linear, trigonometric, follmer or vp(p), got '"
                        + name + "'");
        }
    }

    /** The schedule's name ("linear", "vp(2.0)", or the custom name). */
    public String name() {
        return name;
    }

    /** True for the built-in schedules, which {@link #byName} can rebuild (and a model file can store). */
    public boolean isBuiltIn() {
        return builtIn;
    }

    private static double checkTime(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("t: expected a time in [0, 1], got " + t);
        }
        return t;
    }

    public double a(double t) {
        return a.applyAsDouble(checkTime(t));
    }

    public double b(double t) {
        return b.applyAsDouble(checkTime(t));
    }

    /** a'(t); may be -infinity at t = 1 (Follmer, VP). */
    public double aPrime(double t) {
        return aPrime.applyAsDouble(checkTime(t));
    }

    public double bPrime(double t) {
        return bPrime.applyAsDouble(checkTime(t));
    }

    /** a(t) a'(t) = (a^2)'(t) / 2, finite on [0, 1] for the built-in schedules. */
    public double aTimesAPrime(double t) {
        return aTimesAPrime.applyAsDouble(checkTime(t));
    }

    /** All coefficients at t. */
    public Values at(double t) {
        checkTime(t);
        return new Values(t, a.applyAsDouble(t), b.applyAsDouble(t), aPrime.applyAsDouble(t), bPrime.applyAsDouble(t),
                aTimesAPrime.applyAsDouble(t));
    }

    @Override
    public String toString() {
        return "Schedule[" + name + "]";
    }
}
