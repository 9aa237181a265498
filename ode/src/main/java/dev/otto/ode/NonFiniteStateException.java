package dev.otto.ode;

/**
 * The state became NaN or infinite during a step (for example an overflowing field or a step far
 * beyond the stability region). The message names the step index, its start and end times and the
 * component (0 = primary state).
 */
public final class NonFiniteStateException extends IntegrationException {
    private static final long serialVersionUID = 1L;

    public NonFiniteStateException(int stepIndex, double time, double endTime, int component) {
        super("non-finite state after step " + stepIndex + " from t = " + time + " to t = " + endTime
                + " (component " + component + (component == 0 ? ", the primary state" : "") + ")",
                stepIndex, time);
    }
}
