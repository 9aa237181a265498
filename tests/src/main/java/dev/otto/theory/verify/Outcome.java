package dev.otto.theory.verify;

/**
 * The outcome of one generated case: the measured quantity, the bound it is compared with, and the
 * slack, a scale-free margin that is &gt;= 0 exactly when the case holds (NaN counts as failing),
 * and the relation that must hold between measured and bound ({@code "<="}, {@code ">="}, {@code "= 0"}, {@code "~"}).
 * Slacks make cases of different scales comparable, so that a check can report its worst case.
 *
 * <p>Tolerances are folded into the bound by the caller (an inequality lhs &lt;= rhs checked with
 * tolerance tol is {@code atMost(lhs, rhs + tol)}), so for inequalities and identities "holds" means
 * measured &lt;= bound (or &gt;= for lower bounds); for orders it means |measured - bound| &lt;= margin.
 * {@code at} is the case's place on the check's abscissa, NaN when the check has none.
 */
public record Outcome(double measured, double bound, double slack, String relation, double at) {

    /** An outcome without an abscissa. */
    public Outcome(double measured, double bound, double slack, String relation) {
        this(measured, bound, slack, relation, Double.NaN);
    }

    /**
     * The same outcome placed at {@code x} on the check's abscissa (its {@link TheoremCheck#abscissa},
     * such as eps or the step size), for plots of measured and bound against it.
     */
    public Outcome at(double x) {
        return new Outcome(measured, bound, slack, relation, x);
    }

    /** True when the case holds (a NaN slack does not). */
    public boolean holds() {
        return slack >= 0;
    }

    /** value &lt;= bound; slack (bound - value) / (|value| + |bound|). */
    public static Outcome atMost(double value, double bound) {
        return new Outcome(value, bound, relative(bound - value, Math.abs(value) + Math.abs(bound)), "<=");
    }

    /** value &gt;= bound; slack (value - bound) / (|value| + |bound|). */
    public static Outcome atLeast(double value, double bound) {
        return new Outcome(value, bound, relative(value - bound, Math.abs(value) + Math.abs(bound)), ">=");
    }

    /** An identity checked as |error| &lt;= tolerance (measured: the error, bound: the tolerance). */
    public static Outcome error(double error, double tolerance) {
        return atMost(Math.abs(error), tolerance);
    }

    /** value == 0 exactly (an identity without rounding): slack 1 if it is, -1 if not. */
    public static Outcome exactlyZero(double value) {
        return new Outcome(value, 0, value == 0 ? 1 : -1, "=");
    }

    /** lower &lt;= value &lt;= upper; the reported bound is the nearer end (the one with the smaller slack). */
    public static Outcome between(double lower, double value, double upper) {
        Outcome below = atLeast(value, lower);
        Outcome above = atMost(value, upper);
        return worst(below, above);
    }

    /** An observed order near the theoretical one: |observed - expected| &lt;= margin, slack in units of the margin. */
    public static Outcome near(double observed, double expected, double margin) {
        return new Outcome(observed, expected, (margin - Math.abs(observed - expected)) / margin, "~");
    }

    /** The outcome with the smallest slack (NaN first): several conditions of one case reported as one. */
    public static Outcome worst(Outcome... outcomes) {
        if (outcomes.length == 0) {
            throw new IllegalArgumentException("outcomes: expected at least one outcome");
        }
        Outcome w = null;
        for (Outcome o : outcomes) {
            w = worseOf(w, o);
        }
        return w;
    }

    /** The worse of two outcomes (null: none yet), for accumulating over the parts of a case. */
    public static Outcome worseOf(Outcome a, Outcome b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.worseThan(a) ? a : b;
    }

    /** True when this outcome's slack is smaller than the other's (a NaN slack is the worst). */
    public boolean worseThan(Outcome other) {
        if (Double.isNaN(slack)) {
            return !Double.isNaN(other.slack);
        }
        return !Double.isNaN(other.slack) && slack < other.slack;
    }

    private static double relative(double margin, double scale) {
        if (Double.isNaN(margin)) {
            return Double.NaN;
        }
        if (Double.isInfinite(margin)) {
            return Math.signum(margin);
        }
        if (margin == 0) {
            return 0;
        }
        double s = margin / scale;
        return Double.isFinite(s) ? s : Math.signum(margin);
    }
}
