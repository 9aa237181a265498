package dev.otto.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.otto.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The step sequence of {@link AdaptiveIntegrator} (MATH.md section 3): Hairer, Norsett and Wanner's
 * starting step (Solving ODEs I, II.4), a given first step, the 1% stretch that lands on t1, and the
 * guards on the number of steps, the smallest step and the input.
 */
class AdaptiveStepSequenceTest {

    private static final VectorField DECAY = (t, x) -> x.neg();

    private static Solution solve(AdaptiveOptions options, double t1) {
        return new AdaptiveIntegrator(options).integrate(OdeSystem.of(DECAY), List.of(Tensor.of(1, 1, 1.0)), 0.0, t1,
                SaveAt.steps());
    }

    /**
     * dy/dt = -y, y0 = 1, rtol = atol = 1e-6: with sc = atol + rtol |y0| = 2e-6 the scaled norms are
     * d0 = |y0| / sc, d1 = |f0| / sc, h0 = 0.01 d0 / d1 = 0.01; an Euler step to 0.99 gives
     * d2 = |f1 - f0| / sc / h0; the start is min(100 h0, (0.01 / max(d1, d2))^(1/6)) for the
     * fifth-order method, and this first step is accepted.
     */
    @Test
    void theFirstStepIsHairersStartingStep() {
        double sc = 1e-6 + 1e-6 * 1.0;
        double d0 = 1.0 / sc;
        double d1 = 1.0 / sc;
        double h0 = 0.01 * d0 / d1;
        double d2 = Math.abs(-(1 - h0) + 1.0) / sc / h0;
        double expected = Math.min(100 * h0, Math.pow(0.01 / Math.max(d1, d2), 1.0 / 6));
        Solution s = solve(AdaptiveOptions.tolerances(1e-6, 1e-6), 1.0);
        assertEquals(0, s.rejectedSteps());
        assertEquals(expected, s.times()[1], 1e-15);
    }

    @Test
    void aGivenFirstStepIsTakenAsIs() {
        assertEquals(0.125, solve(AdaptiveOptions.tolerances(1e-3, 1e-3).withFirstStep(0.125), 1.0).times()[1], 0.0);
        // longer than the span: one step to t1
        assertEquals(1.0, solve(AdaptiveOptions.tolerances(1e-3, 1e-3).withFirstStep(4.0), 1.0).times()[1], 0.0);
    }

    @Test
    void aStepWithinOnePercentOfTheEndIsStretchedToLandOnIt() {
        // a loose tolerance accepts the first step; 0.995 is within 1% of t1 = 1 and lands on it
        Solution stretched = solve(AdaptiveOptions.tolerances(1e-1, 1e-1).withFirstStep(0.995), 1.0);
        assertEquals(2, stretched.times().length);
        assertEquals(1.0, stretched.times()[1], 0.0);
        Solution not = solve(AdaptiveOptions.tolerances(1e-1, 1e-1).withFirstStep(0.98), 1.0);
        assertEquals(0.98, not.times()[1], 0.0);
    }

    @Test
    void theStepBudgetCountsEveryAttempt() {
        Solution free = solve(AdaptiveOptions.tolerances(1e-8, 1e-8), 5.0);
        int attempts = free.acceptedSteps() + free.rejectedSteps();
        solve(AdaptiveOptions.tolerances(1e-8, 1e-8).withMaxSteps(attempts), 5.0);
        assertThrows(TooManyStepsException.class,
                () -> solve(AdaptiveOptions.tolerances(1e-8, 1e-8).withMaxSteps(attempts - 1), 5.0));
    }

    @Test
    void aStepBelowTheMinimumStops() {
        Solution free = solve(AdaptiveOptions.tolerances(1e-8, 1e-8), 5.0);
        double smallest = Double.POSITIVE_INFINITY;
        double[] t = free.times();
        for (int i = 1; i + 1 < t.length; i++) {
            smallest = Math.min(smallest, t[i] - t[i - 1]);
        }
        double floor = smallest * 1.5;
        assertThrows(StepSizeTooSmallException.class,
                () -> solve(AdaptiveOptions.tolerances(1e-8, 1e-8).withMinStep(floor), 5.0));
        solve(AdaptiveOptions.tolerances(1e-8, 1e-8).withMinStep(smallest * 0.5), 5.0);
    }

    @Test
    void badInputIsRefused() {
        AdaptiveIntegrator i = new AdaptiveIntegrator(AdaptiveOptions.tolerances(1e-6, 1e-6));
        OdeSystem decay = OdeSystem.of(DECAY);
        List<Tensor> y0 = List.of(Tensor.of(1, 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> i.integrate(decay, y0, Double.NaN, 1.0, SaveAt.end()));
        assertThrows(IllegalArgumentException.class, () -> i.integrate(decay, y0, 0.0, Double.POSITIVE_INFINITY,
                SaveAt.end()));
        assertThrows(IllegalArgumentException.class, () -> i.integrate(decay, List.of(Tensor.of(1, 1, Double.NaN)),
                0.0, 1.0, SaveAt.end()));
        assertThrows(IllegalArgumentException.class, () -> i.integrate(decay, y0, 0.0, 1.0, SaveAt.times(2.0)));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIntegrator(null));
    }
}
