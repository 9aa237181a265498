package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The safeguards {@link SlowModeExtrapolation} adds to {@link GeometricExtrapolation}, on the linear
 * iteration x &lt;- x* + diag(rates) (x - x*) with one slow mode (rate 1 - 1e-6): no jump while the
 * over-relaxation controller is still on; a jump not yet judged when the stage ends is undone; a
 * jump after which the recorded marginal error did not fall is undone.
 */
class SlowModeExtrapolationTest {

    private static final double[] RATES = {1 - 1e-6, 0.5, 0.3};

    /** Sweeps until the first jump (at most 1,000); returns the potentials just before it, or null. */
    private static double[][] sweepUntilJump(SlowModeExtrapolation e, double[] f, double[] g, OverRelaxation relax) {
        for (int s = 0; s < 1_000; s++) {
            e.beforeSweep(f, g, relax);
            f[0] *= RATES[0];
            f[1] *= RATES[1];
            g[0] *= RATES[2];
            double[][] before = {f.clone(), g.clone()};
            e.afterSweep(f, g, 1.0);
            if (e.movedLastSweep()) {
                return before;
            }
        }
        return null;
    }

    @Test
    void noJumpWhileRelaxationIsOn() {
        double[] f = {1, 1};
        double[] g = {1};
        assertTrue(sweepUntilJump(SlowModeExtrapolation.of(f, g), f, g, OverRelaxation.start()) == null);
    }

    @Test
    void anUnjudgedJumpIsUndoneWhenTheStageEnds() {
        double[] f = {1, 1};
        double[] g = {1};
        SlowModeExtrapolation e = SlowModeExtrapolation.of(f, g);
        double[][] before = sweepUntilJump(e, f, g, OverRelaxation.start().disable());
        assertTrue(before != null, "the slow mode was not extrapolated");
        e.settle(f, g);
        assertArrayEquals(before[0], f, 0);
        assertArrayEquals(before[1], g, 0);
    }

    @Test
    void aJumpThatDoesNotLowerTheErrorIsUndone() {
        double[] f = {1, 1};
        double[] g = {1};
        SlowModeExtrapolation e = SlowModeExtrapolation.of(f, g);
        OverRelaxation off = OverRelaxation.start().disable();
        double[][] before = sweepUntilJump(e, f, g, off);
        assertTrue(before != null, "the slow mode was not extrapolated");
        // the sweeps after the jump leave the potentials as they are (which the extrapolation's own
        // check on the size of a sweep accepts) and record an error above the one before it (1.0)
        for (int s = 0; s < SlowModeExtrapolation.JUDGE_AFTER; s++) {
            e.beforeSweep(f, g, off);
            e.afterSweep(f, g, 2.0);
        }
        assertTrue(e.movedLastSweep());
        assertArrayEquals(before[0], f, 0);
        assertArrayEquals(before[1], g, 0);
        // and extrapolation stays off for the stage
        assertTrue(sweepUntilJump(e, f, g, off) == null);
        assertFalse(e.movedLastSweep());
    }
}
