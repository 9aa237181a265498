package dev.otto.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one value that says how to integrate (MATH.md section 3): a fixed grid or adaptive steps. */
class IntegrationTest {

    /** dx/dt = -x t: x(t) = x0 exp(-t^2 / 2). */
    private static final VectorField DECAY = (t, x) -> x.scale(-t);

    private static final Tensor X0 = Tensor.wrap(2, 2, new double[] {1.0, -2.0, 0.5, 3.0});

    @Test
    void aFixedGridIsTheSameSolveAsOdeintOnThatGrid() {
        Integration rk4 = Integration.rk4(7);
        assertFalse(rk4.isAdaptive());
        assertEquals(7, rk4.steps());
        assertEquals(ButcherTableau.RK4, rk4.tableau());
        assertTrue(rk4.solve(DECAY, X0, 0.0, 1.3).state()
                .valueEquals(Odeint.fixed(DECAY, X0, 0.0, 1.3, 7, ButcherTableau.RK4).state()));
        Integration euler = Integration.fixed(ButcherTableau.EULER, 5);
        assertTrue(euler.solve(DECAY, X0, 1.0, 0.0).state()
                .valueEquals(Odeint.fixed(DECAY, X0, 1.0, 0.0, 5, ButcherTableau.EULER).state()));
        assertEquals(7 * 4, rk4.solve(DECAY, X0, 0.0, 1.0).evaluations());
    }

    @Test
    void adaptiveStepsAreTheSameSolveAsOdeintWithTheOptions() {
        Integration dp = Integration.dormandPrince(1e-8, 1e-9);
        assertTrue(dp.isAdaptive());
        assertEquals(ButcherTableau.DORMAND_PRINCE_54, dp.tableau());
        Tensor x1 = dp.solve(DECAY, X0, 0.0, 1.5).state();
        assertTrue(x1.valueEquals(Odeint.adaptive(DECAY, X0, 0.0, 1.5, AdaptiveOptions.tolerances(1e-8, 1e-9)).state()));
        // and it is accurate: x0 exp(-1.125), to the tolerances
        Tensor exact = X0.scale(Math.exp(-1.125));
        double error = x1.sub(exact).abs().sum().item();
        assertTrue(error < 1e-7, "error " + error);
        assertEquals(Integration.adaptive(1e-5), Integration.dormandPrince(1e-5, 1e-5));
    }

    @Test
    void theCnfSolveCarriesTheLogDeterminantOfALinearField() {
        // dx/dt = -x t in d = 2: div v = -2 t, so logdet over [0, 1] is -1 exactly
        for (Integration i : List.of(Integration.rk4(4), Integration.adaptive(1e-9))) {
            CnfSolution s = i.solveCnf(DECAY, X0, 0.0, 1.0, Trace.exact());
            assertEquals(-1.0, s.logDet().toArray()[0], 1e-6, i.describe());
            assertEquals(-1.0, s.logDet().toArray()[1], 1e-6, i.describe());
        }
    }

    @Test
    void aSolveIsDifferentiableInsideARecordingScopeOnly() {
        try (Tape.Scope none = Tape.noGrad()) {
            assertFalse(Integration.rk4(3).solve(DECAY, X0, 0.0, 1.0).state().isRecorded());
        }
        try (Tape.Scope s = Tape.record()) {
            Tensor x1 = Integration.rk4(3).solve(DECAY, X0, 0.0, 1.0).state();
            assertTrue(x1.isRecorded());
            Tensor g = Gradients.grad(x1.sum(), List.of(X0)).get(0);
            // the map is linear, x -> c x with c = RK4's approximation of exp(-1/2)
            double c = Integration.rk4(3).solve(DECAY, Tensor.scalar(1.0), 0.0, 1.0).state().item();
            for (double v : g.toArray()) {
                assertEquals(c, v, 1e-14);
            }
        }
    }

    @Test
    void badArgumentsAndWrongQuestionsNameTheProblem() {
        assertThrows(IllegalArgumentException.class, () -> Integration.fixed(null, 3));
        assertThrows(IllegalArgumentException.class, () -> Integration.rk4(0));
        assertThrows(IllegalArgumentException.class, () -> Integration.adaptive((AdaptiveOptions) null));
        assertThrows(IllegalArgumentException.class, () -> Integration.rk4(2).solve(DECAY, null, 0, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Integration.adaptive(1e-5).steps());
        assertTrue(e.getMessage().startsWith("steps:"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Integration.rk4(2).adaptiveOptions());
        assertEquals("RK4 (classical) x 20", Integration.rk4(20).describe());
        assertEquals("adaptive Dormand-Prince 5(4), rtol 1.0E-5, atol 1.0E-5", Integration.adaptive(1e-5).describe());
        assertNotEquals(Integration.rk4(3), Integration.rk4(4));
        assertEquals(Integration.rk4(3), Integration.fixed(ButcherTableau.RK4, 3));
    }
}
