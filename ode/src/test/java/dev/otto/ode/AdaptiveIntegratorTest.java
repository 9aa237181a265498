package dev.otto.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveIntegratorTest {

    private static final VectorField DECAY = (t, x) -> x.neg();

    @Test
    void dormandPrinceMeetsTheToleranceForwardAndBackward() {
        for (double tol : new double[] {1e-3, 1e-6, 1e-9}) {
            Solution s = Odeint.adaptive(DECAY, Tensor.of(2, 1, 1.0, -3.0), 0, 2, AdaptiveOptions.tolerances(tol, tol));
            assertEquals(Math.exp(-2), s.state().get(0, 0), 10 * tol);
            assertEquals(-3 * Math.exp(-2), s.state().get(1, 0), 30 * tol);
            Solution b = Odeint.adaptive(DECAY, Tensor.scalar(Math.exp(-2)), 2, 0, AdaptiveOptions.tolerances(tol, tol));
            assertEquals(1.0, b.state().item(), 10 * tol);
        }
    }

    @Test
    void evaluationCountFollowsFirstSameAsLast() {
        Solution s = Odeint.adaptive((t, x) -> x.mul(x).mul(x).neg().addScalar(Math.cos(3 * t)), Tensor.of(3, 1, 0.1, 0.5, -1),
                0, 5, AdaptiveOptions.tolerances(1e-8, 1e-8));
        // f0, one extra for the initial-step heuristic, then six new stages per attempt
        assertEquals(2 + 6 * (s.acceptedSteps() + s.rejectedSteps()), s.evaluations());
        assertTrue(s.acceptedSteps() > 5);
    }

    @Test
    void savedTimesAreHitExactly() {
        double[] ts = {0.25, 0.5, 1.75, 2.0};
        Solution s = Odeint.adaptive(DECAY, Tensor.scalar(1), 0, 2, AdaptiveOptions.tolerances(1e-10, 1e-10),
                SaveAt.times(ts));
        assertArrayEquals(ts, s.times(), 0.0);
        for (int i = 0; i < ts.length; i++) {
            assertEquals(Math.exp(-ts[i]), s.saved().get(i).item(), 1e-9);
        }
        Solution steps = Odeint.adaptive(DECAY, Tensor.scalar(1), 0, -2, AdaptiveOptions.tolerances(1e-6, 1e-6),
                SaveAt.steps());
        assertEquals(steps.acceptedSteps() + 1, steps.times().length);
        assertEquals(-2.0, steps.times()[steps.times().length - 1], 0.0);
        assertEquals(Math.exp(2), steps.state().item(), 1e-4);
    }

    @Test
    void errorControlIgnoresSecondaryComponents() {
        OdeSystem primaryOnly = OdeSystem.of((t, x) -> x.neg().addScalar(Math.sin(t)));
        OdeSystem withWildSecondary = (t, y) -> List.of(y.get(0).neg().addScalar(Math.sin(t)),
                Tensor.filled(1, 1, 1e6 * Math.sin(50 * t)));
        AdaptiveIntegrator integrator = new AdaptiveIntegrator(AdaptiveOptions.tolerances(1e-7, 1e-7));
        Solution a = integrator.integrate(primaryOnly, List.of(Tensor.scalar(1)), 0, 3, SaveAt.end());
        Solution b = integrator.integrate(withWildSecondary, List.of(Tensor.scalar(1), Tensor.scalar(0)), 0, 3,
                SaveAt.end());
        assertEquals(a.acceptedSteps(), b.acceptedSteps());
        assertEquals(a.rejectedSteps(), b.rejectedSteps());
        assertEquals(a.state().item(), b.state().item(), 0.0);
    }

    @Test
    void equalEndpointsAreTheIdentity() {
        Tensor x0 = Tensor.scalar(4);
        Solution s = Odeint.adaptive(DECAY, x0, 1, 1, AdaptiveOptions.tolerances(1e-5, 1e-5));
        assertEquals(4, s.state().item(), 0.0);
        assertEquals(0, s.evaluations());
    }

    @Test
    void tolerancesAndGuardsAreValidated() {
        for (double bad : new double[] {0, -1e-3, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AdaptiveOptions.tolerances(bad, 1e-5));
            assertTrue(e.getMessage().startsWith("rtol:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> AdaptiveOptions.tolerances(1e-5, bad));
            assertTrue(e.getMessage().startsWith("atol:"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdaptiveOptions.tolerances(1e-5, 1e-5).withMaxSteps(0));
        assertTrue(e.getMessage().startsWith("maxSteps:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AdaptiveOptions.tolerances(1e-5, 1e-5).withTableau(ButcherTableau.RK4));
        assertTrue(e.getMessage().startsWith("tableau:"), e.getMessage());
    }

    @Test
    void maxStepsAndMinStepGuardsFailClearly() {
        TooManyStepsException many = assertThrows(TooManyStepsException.class,
                () -> Odeint.adaptive(DECAY, Tensor.scalar(1), 0, 100, AdaptiveOptions.tolerances(1e-12, 1e-12)
                        .withMaxSteps(10)));
        assertTrue(many.getMessage().contains("maximum number of steps 10"), many.getMessage());
        // x' = x^2 from 1 blows up at t = 1: steps shrink towards the singularity
        StepSizeTooSmallException small = assertThrows(StepSizeTooSmallException.class,
                () -> Odeint.adaptive((t, x) -> x.square(), Tensor.scalar(1), 0, 2,
                        AdaptiveOptions.tolerances(1e-6, 1e-6).withMinStep(1e-6)));
        assertTrue(small.time() < 1.0 && small.time() > 0.9, small.getMessage());
    }

    @Test
    void nonFiniteTrialStatesAreRetriedThenReported() {
        // finite for x < 1, NaN beyond: steps are rejected until they stay below the wall
        VectorField wall = (t, x) -> x.get(0, 0) < 1 ? Tensor.scalar(1.0) : Tensor.scalar(Double.NaN);
        NonFiniteStateException e = assertThrows(NonFiniteStateException.class,
                () -> Odeint.adaptive(wall, Tensor.scalar(0), 0, 2, AdaptiveOptions.tolerances(1e-6, 1e-6)));
        assertTrue(e.time() <= 1.0 && e.time() > 0.99, e.getMessage());
    }
}
