package dev.otto.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void cosineStartsAtTheRateEndsAtTheFloorAndHalvesMidway() {
        LearningRateSchedule s = LearningRateSchedule.cosine(1e-2, 100, 1e-4);
        assertEquals(1e-2, s.rate(0), 1e-18);
        assertEquals((1e-2 + 1e-4) / 2, s.rate(50), 1e-15);
        assertEquals(1e-4, s.rate(100), 1e-18);
        assertEquals(1e-4, s.rate(1000), 1e-18);
    }

    @Test
    void stepDecaysByGammaEveryPeriod() {
        LearningRateSchedule s = LearningRateSchedule.step(1.0, 10, 0.5);
        assertEquals(1.0, s.rate(9));
        assertEquals(0.5, s.rate(10));
        assertEquals(0.25, s.rate(25));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1));
        assertEquals(true, e.getMessage().startsWith("lr:"));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(1, 5, 0));
    }

    /** The ends of each range: a floor equal to the rate or 0 is allowed, the cosine reaches it exactly at total. */
    @Test
    void rangesIncludeTheirEnds() {
        LearningRateSchedule cosine = LearningRateSchedule.cosine(1.0, 10, 0.1);
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 9 / 10)), cosine.rate(9), 1e-15);
        assertEquals(0.1, cosine.rate(10), 0.0);
        assertEquals(1.0, LearningRateSchedule.cosine(1.0, 10, 1.0).rate(3), 0.0);
        assertEquals(0.0, LearningRateSchedule.cosine(1.0, 10, 0.0).rate(10), 0.0);
        assertEquals(1.0, LearningRateSchedule.step(1.0, 1, 1.0).rate(7), 0.0);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(1.0, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1.0, 10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1.0, 10, -0.1));
    }
}
