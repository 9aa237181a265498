package dev.otto.ot.sinkhorn;

/**
 * {@link GeometricExtrapolation} for the balanced log-domain iterations ({@link
 * AbsorbedKernelIteration}, {@link StreamedLogIteration}; MATH.md section 1, "Entropic OT"), for
 * the slow mode that {@link OverRelaxation} cannot accelerate.
 *
 * <p>The case: a near-permutation plan, where the second eigenvalue of the Sinkhorn iteration is
 * about 1 - 4 (P12 + P21) for two points (the mass off the permutation) and one direction of the
 * potentials, the relative offset of the two nearly decoupled blocks of the plan, contracts by
 * 1 - 1e-5 or less per sweep while the others contract fast. Young's optimum for that rate is
 * omega close to 2, where the relaxed error oscillates and the controller finds no new minimum, so
 * it returns to plain sweeps until it turns relaxation off; from then on the plain sweeps are
 * extrapolated along that mode. Before, the sweeps are left alone: a jump would disturb the rate
 * the controller reads off the errors, and where relaxation works it is the faster of the two.
 *
 * <p>A jump moves f and g together, so the g it leaves is not the Sinkhorn update of the f: the
 * column marginal of the jumped state is not exact, and an error measured on that state must not
 * end the solve ({@link #movedLastSweep}).
 */
final class SlowModeExtrapolation {

    private GeometricExtrapolation extrapolation;
    private boolean active;
    private boolean moved;

    private SlowModeExtrapolation(double[] f, double[] g) {
        extrapolation = GeometricExtrapolation.of(f, g);
    }

    /** For the potentials f and g, starting from their present values. */
    static SlowModeExtrapolation of(double[] f, double[] g) {
        return new SlowModeExtrapolation(f, g);
    }

    /**
     * Before a sweep made under the controller {@code relax}: the sweeps are extrapolated only once
     * it has turned relaxation off for good (plain sweeps from then on), and the block estimates
     * start when it does.
     */
    void beforeSweep(double[] f, double[] g, OverRelaxation relax) {
        if (relax.disabled() && !active) {
            restart(f, g);
            active = true;
        }
        if (active) {
            extrapolation.beforeSweep(f, g);
        }
    }

    /** After the sweep: may move f and g to the extrapolated limit, or back from a jump that did not help. */
    void afterSweep(double[] f, double[] g) {
        moved = active && extrapolation.afterSweep(f, g);
    }

    /** Whether the last sweep's potentials were moved by the extrapolation (not a Sinkhorn iterate). */
    boolean movedLastSweep() {
        return moved;
    }

    /** Block estimates start afresh from f and g (after the potentials were moved by other means). */
    void restart(double[] f, double[] g) {
        extrapolation = GeometricExtrapolation.of(f, g);
        moved = false;
    }
}
