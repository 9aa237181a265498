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
}
