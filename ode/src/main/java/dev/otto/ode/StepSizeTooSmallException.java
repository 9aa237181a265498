package dev.otto.ode;

/**
 * The adaptive controller asked for a step below the minimum step (or below the resolution of
 * double-precision time): the problem is stiff or singular near this time for the requested
 * tolerances (torchdiffeq's "underflow in dt").
 */
public final class StepSizeTooSmallException extends IntegrationException {
    private static final long serialVersionUID = 1L;

    public StepSizeTooSmallException(int stepIndex, double time, double step, double minStep) {
        super("step size " + Math.abs(step) + " fell below the minimum step " + minStep + " at step " + stepIndex
                + ", t = " + time + " (stiff or singular problem for these tolerances?)", stepIndex, time);
    }
}
