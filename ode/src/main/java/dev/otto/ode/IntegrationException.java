package dev.otto.ode;

/**
 * An integration that could not be completed. It names the step index (0-based count of accepted
 * steps before the failure) and the time at the start of the failing step, as DESIGN.md asks of
 * errors produced inside a computation.
 */
public class IntegrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int stepIndex;
    private final double time;

    public IntegrationException(String message, int stepIndex, double time) {
        super(message);
        this.stepIndex = stepIndex;
        this.time = time;
    }

    /** The index of the step that failed (the number of steps accepted before it). */
    public int stepIndex() {
        return stepIndex;
    }

    /** The time at the start of the failing step. */
    public double time() {
        return time;
    }
}
