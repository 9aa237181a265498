package dev.otto.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedGridTest {

    private static final VectorField GROWTH = (t, x) -> x;

    @Test
    void gridPointsAreComputedFromTheIndexAndEndExactlyAtT1() {
        FixedGrid g = new FixedGrid(0.1, 0.7, 3);
        assertEquals(0.1, g.time(0), 0.0);
        assertEquals(0.7, g.time(3), 0.0);
        assertEquals(0.1 + (0.7 - 0.1) * 1 / 3, g.time(1), 0.0);
        // an accumulated sum 0.1 + 0.2 + 0.2 + 0.2 would not be 0.7; the index form is
        FixedGrid many = new FixedGrid(0.0, 1.0, 10);
        double t = 0;
        for (int k = 0; k < 10; k++) {
            t += 0.1;
        }
        assertTrue(t != 1.0);
        assertEquals(1.0, many.time(10), 0.0);
        assertEquals(0.3, many.time(3), 1e-16);
    }

    @Test
    void oneRk4StepOnGrowthIsTheQuarticTaylorPolynomial() {
        double h = 0.3;
        Tensor x = Odeint.fixed(GROWTH, Tensor.scalar(2.0), 0.0, h, 1, ButcherTableau.RK4).state();
        double expected = 2.0 * (1 + h + h * h / 2 + h * h * h / 6 + h * h * h * h / 24);
        assertEquals(expected, x.item(), 1e-15);
        // the 3/8 rule agrees on linear problems (same stability polynomial) ...
        Tensor y = Odeint.fixed(GROWTH, Tensor.scalar(2.0), 0.0, h, 1, ButcherTableau.RK4_THREE_EIGHTHS).state();
        assertEquals(expected, y.item(), 1e-15);
        // ... but not on time-dependent ones: dx/dt = t^3 integrates t^4/4 exactly with both (order 4),
        // while dx/dt = t^4 separates them
        VectorField quartic = (t, z) -> Tensor.filled(z.rows(), z.cols(), t * t * t * t);
        double classical = Odeint.fixed(quartic, Tensor.scalar(0), 0, 1, 1, ButcherTableau.RK4).state().item();
        double threeEighths = Odeint.fixed(quartic, Tensor.scalar(0), 0, 1, 1, ButcherTableau.RK4_THREE_EIGHTHS)
                .state().item();
        assertEquals(5.0 / 24, classical, 1e-15); // Simpson: (0 + 4/16 + 1)/6
        assertEquals((0 + 3.0 / 81 + 3 * 16.0 / 81 + 1) / 8, threeEighths, 1e-15);
    }

    @Test
    void backwardIntegrationUsesNegativeSteps() {
        Solution s = Odeint.fixed(GROWTH, Tensor.scalar(1.0), 1.0, 0.0, 200, ButcherTableau.RK4);
        assertEquals(Math.exp(-1), s.state().item(), 1e-10);
        assertEquals(800, s.evaluations());
        assertEquals(200, s.acceptedSteps());
        assertEquals(0, s.rejectedSteps());
    }

    @Test
    void equalEndpointsAreTheIdentityWithoutEvaluations() {
        Tensor x0 = Tensor.of(2, 2, 1, 2, 3, 4);
        int[] calls = {0};
        Solution s = Odeint.fixed((t, x) -> {
            calls[0]++;
            return x;
        }, x0, 0.5, 0.5, 4, ButcherTableau.RK4);
        assertSame(x0, s.state());
        assertEquals(0, calls[0]);
        assertEquals(0, s.evaluations());
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FixedGrid(0, 1, 0));
        assertTrue(e.getMessage().startsWith("steps:") && e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FixedGrid(0, 1, -3));
        assertTrue(e.getMessage().startsWith("steps:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FixedGrid(Double.NaN, 1, 3));
        assertTrue(e.getMessage().startsWith("t0:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Odeint.fixed(GROWTH, Tensor.of(1, 2, 1, Double.NaN), 0, 1, 3, ButcherTableau.EULER));
        assertTrue(e.getMessage().startsWith("y0:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Odeint.fixed((t, x) -> x.sliceCols(0, 1), Tensor.of(1, 2, 1, 2), 0, 1, 3, ButcherTableau.EULER));
        assertTrue(e.getMessage().startsWith("system:"), e.getMessage());
    }

    @Test
    void nonFiniteStateNamesTheStepAndTime() {
        // x' = x^2 from 1 blows up at t = 1; Euler with 4 steps of 0.5 on [0, 2] overflows later
        VectorField blowUp = (t, x) -> x.square().scale(1e200);
        NonFiniteStateException e = assertThrows(NonFiniteStateException.class,
                () -> Odeint.fixed(blowUp, Tensor.scalar(1.0), 0.0, 2.0, 4, ButcherTableau.EULER));
        assertEquals(1, e.stepIndex());
        assertEquals(0.5, e.time(), 0.0);
        assertTrue(e.getMessage().contains("step 1") && e.getMessage().contains("t = 0.5"), e.getMessage());
    }

    @Test
    void saveAtGridTimesAndEverySteps() {
        FixedGrid g = new FixedGrid(0, 1, 4);
        Solution s = Odeint.fixed(GROWTH, Tensor.scalar(1), g, ButcherTableau.EULER, SaveAt.times(0.0, 0.5, 1.0));
        assertArrayEquals(new double[] {0, 0.5, 1.0}, s.times(), 0.0);
        assertEquals(1.0, s.saved().get(0).item(), 0.0);
        assertEquals(1.25 * 1.25, s.saved().get(1).item(), 1e-15);
        assertSame(s.state(), s.saved().get(2));
        Solution all = Odeint.fixed(GROWTH, Tensor.scalar(1), g, ButcherTableau.EULER, SaveAt.steps());
        assertEquals(5, all.saved().size());
        Solution end = Odeint.fixed(GROWTH, Tensor.scalar(1), g, ButcherTableau.EULER, SaveAt.end());
        assertArrayEquals(new double[] {1.0}, end.times(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Odeint.fixed(GROWTH, Tensor.scalar(1), g, ButcherTableau.EULER, SaveAt.times(0.3)));
        assertTrue(e.getMessage().startsWith("saveAt:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Odeint.fixed(GROWTH, Tensor.scalar(1), g, ButcherTableau.EULER, SaveAt.times(1.5)));
        assertTrue(e.getMessage().startsWith("times:"), e.getMessage());
        assertEquals(List.of(), List.of());
    }
}
