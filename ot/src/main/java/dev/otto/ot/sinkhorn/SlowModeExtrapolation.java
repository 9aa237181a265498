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

    /** Sweeps after a jump before the marginal error judges it (the row rule measures one sweep late). */
    static final int JUDGE_AFTER = GeometricExtrapolation.CHECK_AFTER + 2;

    private GeometricExtrapolation extrapolation;
    private final double[] fBefore;
    private final double[] gBefore;
    private boolean active;
    private boolean vetoed;
    private boolean moved;
    private int judgeIn;
    private double errorBefore;

    private SlowModeExtrapolation(double[] f, double[] g) {
        extrapolation = GeometricExtrapolation.of(f, g);
        fBefore = new double[f.length];
        gBefore = new double[g.length];
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
        if (relax.disabled() && !active && !vetoed) {
            restart(f, g);
            active = true;
        }
        if (active) {
            extrapolation.beforeSweep(f, g);
        }
    }

    /**
     * After the sweep, given the last marginal error recorded: may move f and g to the extrapolated
     * limit, or back from a jump that did not help. Besides the extrapolation's own check (on the
     * size of a sweep), a jump must lower the marginal error {@link #JUDGE_AFTER} sweeps later; if
     * it does not, the potentials return to where it started and extrapolation stops for the
     * rest of the stage.
     */
    void afterSweep(double[] f, double[] g, double error) {
        moved = false;
        if (!active) {
            return;
        }
        if (judgeIn > 0 && --judgeIn == 0 && !(error < errorBefore)) {
            undoJump(f, g);
            return;
        }
        if (judgeIn == 0) {
            System.arraycopy(f, 0, fBefore, 0, f.length);
            System.arraycopy(g, 0, gBefore, 0, g.length);
        }
        int jumps = extrapolation.jumps();
        moved = extrapolation.afterSweep(f, g);
        if (extrapolation.jumps() > jumps) {
            judgeIn = JUDGE_AFTER;
            errorBefore = error;
        }
    }

    /**
     * The stage ends unconverged (its budget spent): a jump not yet judged is undone, so the
     * potentials handed on are a plain iterate rather than an untested extrapolation (measured: on
     * a 2 x 2 plan at eps = 1.6e-5, a jump late in the budget took the L1 error from 4.6e-10 to
     * 0.18 and the stage ended at 2.1e-5, which the averaged iteration a caller continues with
     * could not bring to the tolerance).
     */
    void settle(double[] f, double[] g) {
        if (judgeIn > 0) {
            undoJump(f, g);
        }
    }

    private void undoJump(double[] f, double[] g) {
        System.arraycopy(fBefore, 0, f, 0, f.length);
        System.arraycopy(gBefore, 0, g, 0, g.length);
        judgeIn = 0;
        active = false;
        vetoed = true;
        moved = true;
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
