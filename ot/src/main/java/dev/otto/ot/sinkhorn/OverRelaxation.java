package dev.otto.ot.sinkhorn;

/**
 * The over-relaxation controller of the log-domain iterations, absorbed and streamed (MATH.md
 * section 1, "Entropic OT"; Thibault, Chizat, Dossal and Papadakis 2021, "Overrelaxed
 * Sinkhorn-Knopp"; Young's SOR theory): the potential updates become f = (1 - omega) f + omega f_Sinkhorn (same for g), and
 * omega follows the contraction rate of plain Sinkhorn.
 *
 * <ul>
 *   <li>After {@link #PLAIN_ITERATIONS} plain iterations the plain rate theta is read off the last
 *       ten errors, theta = (err_k / err_{k-10})^(1/10), and omega becomes Young's optimum
 *       2 / (1 + sqrt(1 - theta)), at most {@link #OMEGA_MAX}.</li>
 *   <li>Every {@link #WINDOW} relaxed iterations the observed relaxed rate rho re-estimates theta
 *       from (rho + omega - 1)^2 = omega^2 theta rho (valid below the optimum omega, where
 *       rho &gt; omega - 1), and omega only grows: it follows theta as it approaches 1 at small eps.</li>
 *   <li>Above the optimum the relaxed error oscillates while its envelope decays, so progress is
 *       judged by the minimum error per window: two windows without a new minimum, a non-finite
 *       error or one 1000 times the last window's minimum return to plain updates; after three
 *       such returns the controller stays plain.</li>
 * </ul>
 * A value: every method returns the controller for the next iteration.
 *
 * @param omega         the factor for the next update (1: plain Sinkhorn)
 * @param disabled      whether relaxation is off for the rest of the stage
 * @param plainSince    plain iterations since the last estimate
 * @param relaxedSince  relaxed iterations since relaxation started
 * @param rises         consecutive windows whose minimum did not improve
 * @param resets        returns to plain updates so far
 * @param windowMin     the smallest error of the current window
 * @param prevWindowMin the smallest error of the previous window
 */
record OverRelaxation(double omega, boolean disabled, int plainSince, int relaxedSince, int rises, int resets,
                      double windowMin, double prevWindowMin) {

    /** Largest over-relaxation factor (2 is the divergence limit of SOR). */
    static final double OMEGA_MAX = 1.998;
    /** Iterations between re-estimates of the factor. */
    static final int WINDOW = 50;
    /** Plain iterations before the first estimate of the plain rate. */
    static final int PLAIN_ITERATIONS = 20;
    /** Resets after which relaxation stays off. */
    static final int MAX_RESETS = 3;

    private static final double INF = Double.POSITIVE_INFINITY;

    /** Plain updates, relaxation allowed. */
    static OverRelaxation start() {
        return new OverRelaxation(1, false, 0, 0, 0, 0, INF, INF);
    }

    /** Plain updates from now on (after the iteration had to fall back to the streamed kernel). */
    OverRelaxation disable() {
        return new OverRelaxation(1, true, plainSince, relaxedSince, rises, resets, windowMin, prevWindowMin);
    }

    /**
     * A relaxed iterate met the tolerance: it is not a Sinkhorn iterate, so switch to plain
     * updates, which either meet the tolerance or relax again.
     */
    OverRelaxation probe() {
        return new OverRelaxation(1, disabled, 0, relaxedSince, rises, resets, windowMin, prevWindowMin);
    }

    /**
     * The controller after an update made with {@link #omega}, given the errors recorded so far
     * ({@code count} of them, the last measuring that update's iterate).
     */
    OverRelaxation observe(double[] errors, int count) {
        double err = errors[count - 1];
        if (omega == 1) {
            int plain = plainSince + 1;
            if (disabled || plain < PLAIN_ITERATIONS) {
                return new OverRelaxation(1, disabled, plain, relaxedSince, rises, resets, windowMin, prevWindowMin);
            }
            // plain Sinkhorn contracts the error by theta per iteration near the solution; Young's
            // SOR theory for this 2-block iteration gives the optimum
            double theta = Math.pow(err / errors[count - 11], 0.1);
            double om = theta > 0 && theta < 1 ? Math.min(OMEGA_MAX, 2 / (1 + Math.sqrt(1 - theta))) : 1;
            return new OverRelaxation(om, false, 0, 0, 0, resets, INF, INF);
        }
        int relaxed = relaxedSince + 1;
        double wMin = Math.min(windowMin, err);
        double pMin = prevWindowMin;
        int r = rises;
        boolean windowEnds = relaxed % WINDOW == 0;
        boolean stalled = false;
        if (windowEnds) {
            r = wMin >= pMin ? r + 1 : 0;
            stalled = r >= 2;
            pMin = wMin;
            wMin = INF;
        }
        if (stalled || !Double.isFinite(err) || err > 1e3 * pMin) {
            return new OverRelaxation(1, resets + 1 >= MAX_RESETS, 0, relaxed, 0, resets + 1, INF, INF);
        }
        double om = omega;
        if (windowEnds) {
            // observed relaxed rate rho; below the optimum omega (rho > omega - 1) the plain rate
            // follows from (rho + omega - 1)^2 = omega^2 theta rho
            double rho = Math.pow(errors[count - 1] / errors[count - 1 - WINDOW], 1.0 / WINDOW);
            if (rho < 1 && rho > (om - 1) + 0.1 * (2 - om)) {
                double theta = (rho + om - 1) * (rho + om - 1) / (om * om * rho);
                if (theta < 1) {
                    om = Math.min(OMEGA_MAX, Math.max(om, 2 / (1 + Math.sqrt(1 - theta))));
                }
            }
        }
        return new OverRelaxation(om, disabled, plainSince, relaxed, r, resets, wMin, pMin);
    }
}
