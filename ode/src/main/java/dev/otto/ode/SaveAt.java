package dev.otto.ode;

import java.util.Arrays;

/**
 * Which states a solve keeps besides the final one (the output part of Diffrax's solver /
 * controller / output split, MATH.md section 3):
 * <ul>
 *   <li>{@link #end()}: the final state only (the default; no extra memory);</li>
 *   <li>{@link #times(double...)}: the states at given times, monotone in the direction of
 *       integration and inside [t0, t1]. Fixed grids require them to be grid points; the adaptive
 *       integrator shortens steps so as to land on them exactly (no interpolation, so saved
 *       states are as accurate and as differentiable as the final one);</li>
 *   <li>{@link #steps()}: t0 and the end of every accepted step.</li>
 * </ul>
 */
public final class SaveAt {

    /** The kind of output. */
    public enum Kind { END, TIMES, STEPS }

    private static final SaveAt END = new SaveAt(Kind.END, new double[0]);
    private static final SaveAt STEPS = new SaveAt(Kind.STEPS, new double[0]);

    private final Kind kind;
    private final double[] times;

    private SaveAt(Kind kind, double[] times) {
        this.kind = kind;
        this.times = times;
    }

    public static SaveAt end() {
        return END;
    }

    public static SaveAt steps() {
        return STEPS;
    }

    /** The states at the given times (at least one, finite, strictly monotone). */
    public static SaveAt times(double... times) {
        if (times == null || times.length == 0) {
            throw new IllegalArgumentException("times: expected at least one save time, got none");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException("times: expected finite save times, got " + times[i] + " at index " + i);
            }
        }
        double dir = times.length > 1 ? Math.signum(times[1] - times[0]) : 1;
        for (int i = 1; i < times.length; i++) {
            if (dir == 0 || Math.signum(times[i] - times[i - 1]) != dir) {
                throw new IllegalArgumentException("times: expected strictly monotone save times, got "
                        + Arrays.toString(times));
            }
        }
        return new SaveAt(Kind.TIMES, times.clone());
    }

    public Kind kind() {
        return kind;
    }

    /** The requested save times (empty unless {@link Kind#TIMES}). */
    public double[] requestedTimes() {
        return times.clone();
    }

    /** Checks that the save times lie in [t0, t1] in the direction of integration. */
    void checkWithin(double t0, double t1) {
        if (kind != Kind.TIMES) {
            return;
        }
        double dir = Math.signum(t1 - t0);
        if (times.length > 1 && Math.signum(times[1] - times[0]) != dir) {
            throw new IllegalArgumentException("times: save times must run in the direction of integration from t0 = "
                    + t0 + " to t1 = " + t1 + ", got " + Arrays.toString(times));
        }
        double lo = Math.min(t0, t1);
        double hi = Math.max(t0, t1);
        for (double s : times) {
            if (s < lo || s > hi) {
                throw new IllegalArgumentException("times: expected save times within [" + lo + ", " + hi + "], got " + s);
            }
        }
    }

    @Override
    public String toString() {
        return kind == Kind.TIMES ? "SaveAt.times" + Arrays.toString(times) : "SaveAt." + kind.name().toLowerCase();
    }
}
