package dev.otto.flows.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A schedule of one's own (MATH.md section 5: X_t = a(t) Z + b(t) X_1 needs a(0) = 1, b(0) = 0,
 * a(1) = 0, b(1) = 1, a non-increasing, b non-decreasing, and the derivatives given must be the
 * derivatives) is accepted exactly when it meets every condition; each violation is refused on its
 * own, at the edge of its tolerance. a a' keeps its finite limit where a' blows up at t = 1.
 */
class CustomScheduleTest {

    private static final DoubleUnaryOperator A = t -> 1 - t;
    private static final DoubleUnaryOperator B = t -> t;
    private static final DoubleUnaryOperator MINUS_ONE = t -> -1;
    private static final DoubleUnaryOperator ONE = t -> 1;

    @Test
    void theLinearScheduleWrittenByHandIsAccepted() {
        Schedule s = Schedule.custom("mine", A, B, MINUS_ONE, ONE);
        assertEquals("mine", s.name());
        assertEquals(0.75, s.a(0.25), 0.0);
        assertEquals(-0.75, s.aTimesAPrime(0.25), 0.0);
    }

    @Test
    void eachEndValueIsChecked() {
        double off = 2e-12;
        assertThrows(IllegalArgumentException.class, () -> Schedule.custom("m", t -> 1 - t + off, B, MINUS_ONE, ONE));
        assertThrows(IllegalArgumentException.class, () -> Schedule.custom("m", A, t -> t + off * (1 - t), MINUS_ONE, ONE));
        assertThrows(IllegalArgumentException.class, () -> Schedule.custom("m", t -> 1 - t + off * t, B, MINUS_ONE, ONE));
        assertThrows(IllegalArgumentException.class, () -> Schedule.custom("m", A, t -> t * (1 + off), MINUS_ONE, ONE));
        Schedule.custom("m", t -> 1 - t + 5e-13 * (1 - t), B, t -> -1 - 5e-13, ONE);
    }

    @Test
    void monotonicityIsCheckedOnTheGrid() {
        // a bump of height 1e-3 between grid points 0.5 and 0.501 makes a increase there; b likewise decrease
        DoubleUnaryOperator bumpA = t -> 1 - t + (t > 0.5 && t < 0.6 ? 0.02 * (t - 0.5) * (0.6 - t) * 1e3 : 0);
        DoubleUnaryOperator bumpB = t -> t - (t > 0.5 && t < 0.6 ? 0.02 * (t - 0.5) * (0.6 - t) * 1e3 : 0);
        IllegalArgumentException ea = assertThrows(IllegalArgumentException.class, () -> Schedule.custom("m", bumpA, B, MINUS_ONE, ONE));
        assertTrue(ea.getMessage().startsWith("a:"), ea.getMessage());
        IllegalArgumentException eb = assertThrows(IllegalArgumentException.class, () -> Schedule.custom("m", A, bumpB, MINUS_ONE, ONE));
        assertTrue(eb.getMessage().startsWith("b:"), eb.getMessage());
    }

    @Test
    void theDerivativesMustBeTheDerivatives() {
        IllegalArgumentException ea = assertThrows(IllegalArgumentException.class,
                () -> Schedule.custom("m", A, B, t -> -1 - 3e-5, ONE));
        assertTrue(ea.getMessage().startsWith("aPrime:"), ea.getMessage());
        IllegalArgumentException eb = assertThrows(IllegalArgumentException.class,
                () -> Schedule.custom("m", A, B, MINUS_ONE, t -> 1 + 3e-5));
        assertTrue(eb.getMessage().startsWith("bPrime:"), eb.getMessage());
        Schedule.custom("m", A, B, t -> -1 - 5e-6, t -> 1 + 5e-6);
    }

    @Test
    void namesAndFunctionsMustBeGiven() {
        assertThrows(IllegalArgumentException.class, () -> Schedule.custom(" ", A, B, MINUS_ONE, ONE));
        assertThrows(IllegalArgumentException.class, () -> Schedule.custom(null, A, B, MINUS_ONE, ONE));
        assertThrows(IllegalArgumentException.class, () -> Schedule.custom("m", A, null, MINUS_ONE, ONE));
    }

    /** a = sqrt(1 - t): a' = -1/(2 sqrt(1 - t)) is infinite at t = 1 but a a' = -1/2 everywhere. */
    @Test
    void aTimesAPrimeKeepsItsLimitWhereAPrimeBlowsUp() {
        Schedule s = Schedule.custom("sqrt", t -> Math.sqrt(1 - t), t -> 1 - Math.sqrt(1 - t),
                t -> -0.5 / Math.sqrt(1 - t), t -> 0.5 / Math.sqrt(1 - t));
        assertEquals(-0.5, s.aTimesAPrime(0.3), 1e-15);
        assertEquals(-0.5, s.aTimesAPrime(1.0), 1e-6);
    }
}
