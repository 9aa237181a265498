package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

/**
 * The over-relaxation controller on synthetic error sequences: geometric plain errors give Young's
 * optimal factor for their rate; a relaxed rate below the optimum raises the factor; stalled or
 * exploding relaxed errors return to plain updates, and three returns switch relaxation off.
 */
class OverRelaxationTest {

    /** Young's optimum for the plain rate theta. */
    private static double young(double theta) {
        return 2 / (1 + Math.sqrt(1 - theta));
    }

    /** Feeds errors e(0), e(1), ... (one per iteration) to the controller, from its current state. */
    private static final class Run {
        final double[] errors = new double[10_000];
        int count;
        OverRelaxation c = OverRelaxation.start();

        Run feed(int iterations, IntToDoubleFunction e) {
            for (int k = 0; k < iterations; k++) {
                errors[count] = e.applyAsDouble(count);
                count++;
                c = c.observe(errors, count);
            }
            return this;
        }
    }

    @Test
    void geometricPlainErrorsGiveYoungsFactorAfterTwentyIterations() {
        double theta = 0.9;
        Run r = new Run().feed(OverRelaxation.PLAIN_ITERATIONS - 1, k -> Math.pow(theta, k));
        assertEquals(1.0, r.c.omega(), "still plain before the first estimate");
        r.feed(1, k -> Math.pow(theta, k));
        // theta = (err_k / err_{k-10})^(1/10) recovers 0.9 up to round-off of pow
        assertEquals(young(theta), r.c.omega(), 1e-12);
        assertTrue(r.c.omega() > 1 && r.c.omega() < 2);
    }

    @Test
    void aRateCloseToOneIsCappedAtOmegaMax() {
        Run r = new Run().feed(OverRelaxation.PLAIN_ITERATIONS, k -> Math.pow(1 - 1e-9, k));
        assertEquals(OverRelaxation.OMEGA_MAX, r.c.omega());
    }

    @Test
    void errorsThatDoNotDecreaseKeepPlainUpdates() {
        Run r = new Run().feed(OverRelaxation.PLAIN_ITERATIONS, k -> 1.0);
        assertEquals(1.0, r.c.omega(), "theta = 1: no relaxation");
        r.feed(OverRelaxation.PLAIN_ITERATIONS, k -> 1.0 + k);
        assertEquals(1.0, r.c.omega(), "theta > 1: no relaxation");
    }

    @Test
    void aRelaxedRateBelowTheOptimumRaisesTheFactor() {
        double theta = 0.9;
        Run r = new Run().feed(OverRelaxation.PLAIN_ITERATIONS, k -> Math.pow(theta, k));
        double om = r.c.omega();
        // relaxed errors decaying at rho = 0.99, above omega - 1 = 0.52: the plain rate implied by
        // (rho + omega - 1)^2 = omega^2 theta' rho is closer to 1 than 0.9, so omega grows
        double rho = 0.99;
        double scale = r.errors[r.count - 1];
        int at = r.count;
        r.feed(OverRelaxation.WINDOW, k -> scale * Math.pow(rho, k - at + 1));
        double thetaImplied = (rho + om - 1) * (rho + om - 1) / (om * om * rho);
        assertEquals(Math.min(OverRelaxation.OMEGA_MAX, young(thetaImplied)), r.c.omega(), 1e-9);
        assertTrue(r.c.omega() > om);
    }

    @Test
    void aFastRelaxedRateLeavesTheFactorAlone() {
        Run r = new Run().feed(OverRelaxation.PLAIN_ITERATIONS, k -> Math.pow(0.9, k));
        double om = r.c.omega();
        double scale = r.errors[r.count - 1];
        int at = r.count;
        // rho = omega - 1: at the optimum, nothing to learn
        r.feed(OverRelaxation.WINDOW, k -> scale * Math.pow(om - 1, k - at + 1));
        assertEquals(om, r.c.omega());
    }

    @Test
    void stalledWindowsReturnToPlainAndThreeReturnsSwitchRelaxationOff() {
        Run r = new Run();
        for (int reset = 1; reset <= OverRelaxation.MAX_RESETS; reset++) {
            r.feed(OverRelaxation.PLAIN_ITERATIONS, k -> Math.pow(0.9, k % 1000));
            assertTrue(r.c.omega() > 1, "relaxing before reset " + reset);
            // the relaxed error oscillates without a new minimum: the first window sets the
            // reference, the next two make no progress on it
            double level = r.errors[r.count - 1];
            r.feed(2 * OverRelaxation.WINDOW, k -> level * (1 + 0.5 * (k % 2)));
            assertTrue(r.c.omega() > 1, "one window without progress is tolerated");
            r.feed(OverRelaxation.WINDOW, k -> level * (1 + 0.5 * (k % 2)));
            assertEquals(1.0, r.c.omega(), "plain after two windows without progress");
            assertEquals(reset, r.c.resets());
        }
        assertTrue(r.c.disabled());
        r.feed(5 * OverRelaxation.PLAIN_ITERATIONS, k -> Math.pow(0.9, k));
        assertEquals(1.0, r.c.omega(), "relaxation stays off");
    }

    @Test
    void anExplodingRelaxedErrorReturnsToPlainAtOnce() {
        Run r = new Run().feed(OverRelaxation.PLAIN_ITERATIONS, k -> Math.pow(0.9, k));
        double scale = r.errors[r.count - 1];
        int at = r.count;
        r.feed(OverRelaxation.WINDOW, k -> scale * Math.pow(0.95, k - at + 1));
        assertTrue(r.c.omega() > 1);
        double windowMin = r.errors[r.count - 1];
        r.feed(1, k -> 2e3 * windowMin);
        assertEquals(1.0, r.c.omega());
        assertFalse(r.c.disabled());
    }

    @Test
    void aProbeOrADisableMakesTheNextUpdatePlain() {
        Run r = new Run().feed(OverRelaxation.PLAIN_ITERATIONS, k -> Math.pow(0.9, k));
        assertTrue(r.c.omega() > 1);
        OverRelaxation probed = r.c.probe();
        assertEquals(1.0, probed.omega());
        assertFalse(probed.disabled(), "after a probe relaxation may resume");
        OverRelaxation off = r.c.disable();
        assertEquals(1.0, off.omega());
        r.c = off;
        r.feed(3 * OverRelaxation.PLAIN_ITERATIONS, k -> Math.pow(0.9, k));
        assertEquals(1.0, r.c.omega(), "after a fall-back to the streamed kernel the stage stays plain");
    }
}
