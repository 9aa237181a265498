package dev.otto.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The PI step-size controller (MATH.md section 3; Hairer and Wanner, Solving ODEs II, IV.2, and
 * Gustafsson's PI control): factor = safety err^(-(1/(q+1) - 0.75 beta)) errPrev^beta, clamped to
 * [minFactor, maxFactor], never above 1 after a rejection; each parameter at the edges of its range.
 */
class PiControllerTest {

    @Test
    void parametersAreCheckedAtTheirBoundaries() {
        assertThrows(IllegalArgumentException.class, () -> new PiController(0.0, 0.2, 10, 0.04));
        new PiController(1.0, 0.2, 10, 0.04);
        assertThrows(IllegalArgumentException.class, () -> new PiController(Math.nextUp(1.0), 0.2, 10, 0.04));
        assertThrows(IllegalArgumentException.class, () -> new PiController(0.9, 0.0, 10, 0.04));
        assertThrows(IllegalArgumentException.class, () -> new PiController(0.9, 1.0, 10, 0.04));
        new PiController(0.9, Math.nextDown(1.0), 10, 0.04);
        assertThrows(IllegalArgumentException.class, () -> new PiController(0.9, 0.2, 1.0, 0.04));
        new PiController(0.9, 0.2, Math.nextUp(1.0), 0.04);
        assertThrows(IllegalArgumentException.class,
                () -> new PiController(0.9, 0.2, Double.POSITIVE_INFINITY, 0.04));
        assertThrows(IllegalArgumentException.class, () -> new PiController(0.9, 0.2, 10, -1e-9));
        new PiController(0.9, 0.2, 10, 0.0);
        assertThrows(IllegalArgumentException.class, () -> new PiController(0.9, 0.2, 10, 0.2));
    }

    @Test
    void theFactorIsThePiFormulaClamped() {
        PiController c = PiController.standard();
        double err = 0.5;
        double errPrev = 0.01;
        double alpha = 1.0 / 5 - 0.75 * 0.04;
        double expected = 0.9 * Math.pow(err, -alpha) * Math.pow(errPrev, 0.04);
        assertEquals(expected, c.factor(err, errPrev, true, 4), 1e-15);
        assertEquals(Math.min(1.0, expected), c.factor(err, errPrev, false, 4), 1e-15);
        // errPrev below Hairer's 1e-4 floor counts as 1e-4
        assertEquals(0.9 * Math.pow(err, -alpha) * Math.pow(1e-4, 0.04), c.factor(err, 1e-9, true, 4), 1e-15);
        // a rejected step with a large error shrinks by the formula, down to minFactor
        double big = 50;
        assertEquals(Math.max(0.2, 0.9 * Math.pow(big, -alpha) * Math.pow(errPrev, 0.04)),
                c.factor(big, errPrev, false, 4), 1e-15);
        assertEquals(0.2, c.factor(1e12, errPrev, false, 4), 0.0);
        assertEquals(10.0, c.factor(1e-30, errPrev, true, 4), 0.0);
    }

    @Test
    void degenerateErrorsHaveFixedFactors() {
        PiController c = PiController.standard();
        assertEquals(0.2, c.factor(Double.NaN, 1.0, false, 4), 0.0);
        assertEquals(0.2, c.factor(Double.POSITIVE_INFINITY, 1.0, false, 4), 0.0);
        assertEquals(10.0, c.factor(0.0, 1.0, true, 4), 0.0);
        assertEquals(1.0, c.factor(0.0, 1.0, false, 4), 0.0);
    }
}
