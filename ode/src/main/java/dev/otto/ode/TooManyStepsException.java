package dev.otto.ode;

/** The adaptive integration attempted more steps (accepted plus rejected) than its maximum. */
public final class TooManyStepsException extends IntegrationException {
    private static final long serialVersionUID = 1L;

    public TooManyStepsException(int stepIndex, double time, int maxSteps, double t1) {
        super("maximum number of steps " + maxSteps + " reached at step " + stepIndex + ", t = " + time
                + ", before reaching t1 = " + t1, stepIndex, time);
    }
}
