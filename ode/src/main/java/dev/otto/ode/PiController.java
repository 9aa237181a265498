package dev.otto.ode;

/**
 * The proportional-integral step-size controller of adaptive integration (MATH.md section 3;
 * Hairer and Wanner, Solving ODEs I section II.4 and their DOPRI5 code; Gustafsson 1991): after a
 * step with scaled error err (accepted when err &lt;= 1) and previous accepted error errPrev,
 * <pre>
 *   h_new = h * clamp( safety * err^(-alpha) * errPrev^beta , minFactor, maxFactor )
 * </pre>
 * with alpha = 1/(q+1) - 0.75 beta, beta = 0.04 for an embedded order q (q = 4 for Dormand-Prince:
 * alpha = 0.17, the DOPRI5 values). After a rejection the factor is also capped at 1: a step
 * that just failed is never enlarged. Defaults: safety 0.9, factor within [0.2, 10].
 */
public record PiController(double safety, double minFactor, double maxFactor, double beta) {

    /** Hairer's initial errPrev: no integral action on the first step. */
    static final double INITIAL_ERROR = 1e-4;

    public PiController {
        if (!(safety > 0 && safety <= 1)) {
            throw new IllegalArgumentException("safety: expected a value in (0, 1], got " + safety);
        }
        if (!(minFactor > 0 && minFactor < 1)) {
            throw new IllegalArgumentException("minFactor: expected a value in (0, 1), got " + minFactor);
        }
        if (!(maxFactor > 1 && Double.isFinite(maxFactor))) {
            throw new IllegalArgumentException("maxFactor: expected a finite value > 1, got " + maxFactor);
        }
        if (!(beta >= 0 && beta < 0.2)) {
            throw new IllegalArgumentException("beta: expected a value in [0, 0.2), got " + beta);
        }
    }

    /** safety 0.9, factor within [0.2, 10], beta 0.04. */
    public static PiController standard() {
        return new PiController(0.9, 0.2, 10.0, 0.04);
    }

    /**
     * The factor multiplying h for the next attempt.
     *
     * @param err           scaled error of the step just attempted (may be NaN or infinite)
     * @param errPrev       scaled error of the last accepted step ({@link #INITIAL_ERROR} at first)
     * @param accepted      whether the step was accepted
     * @param embeddedOrder the order q of the error estimate
     */
    public double factor(double err, double errPrev, boolean accepted, int embeddedOrder) {
        if (!(err == err) || Double.isInfinite(err)) {
            return minFactor;
        }
        if (err == 0.0) {
            return accepted ? maxFactor : 1.0;
        }
        double alpha = 1.0 / (embeddedOrder + 1) - 0.75 * beta;
        double f = safety * Math.pow(err, -alpha) * Math.pow(Math.max(errPrev, INITIAL_ERROR), beta);
        f = Math.max(minFactor, Math.min(maxFactor, f));
        return accepted ? f : Math.min(1.0, f);
    }
}
