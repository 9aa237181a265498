package dev.otto.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One code path: recorded when the caller records, nothing on the tape under no-grad. */
class TapeModeTest {

    private final Mlp mlp = Mlp.builder(2).hidden(8).output(2).activation(Activation.tanh()).timeInput(true)
            .build(new SplittableRandom(1));
    private final VectorField v = (t, x) -> mlp.apply(x, t);
    private final Tensor x0 = Tensor.randn(5, 2, new SplittableRandom(2));

    @Test
    void noGradIntegrationDoesNotGrowTheCallersTape() {
        try (Tape.Scope outer = Tape.record()) {
            Tensor marker = x0.scale(2.0);
            int before = Tape.currentSize();
            assertTrue(before > 0 && marker.isRecorded());
            try (Tape.Scope quiet = Tape.noGrad()) {
                Tensor a = Odeint.fixed(v, marker, 0, 1, 3, ButcherTableau.RK4).state();
                Tensor b = Odeint.adaptive(v, marker, 1, 0, AdaptiveOptions.tolerances(1e-5, 1e-5)).state();
                CnfSolution c = Odeint.cnfFixed(v, marker, 0, 1, 3, ButcherTableau.RK4, Trace.exact());
                CnfSolution d = Odeint.cnfAdaptive(v, marker, 0, 1, AdaptiveOptions.tolerances(1e-5, 1e-5),
                        Trace.rademacher(5, 2, new SplittableRandom(3)));
                assertFalse(a.isRecorded() || b.isRecorded() || c.logDet().isRecorded() || d.x().isRecorded());
            }
            assertEquals(before, Tape.currentSize());
        }
    }

    @Test
    void recordedIntegrationReachesTheInitialStateAndTheParameters() {
        try (Tape.Scope s = Tape.record()) {
            int before = Tape.currentSize();
            Tensor x1 = Odeint.fixed(v, x0, 0, 1, 3, ButcherTableau.RK4).state();
            assertTrue(x1.isRecorded());
            assertTrue(Tape.currentSize() > before);
            List<Tensor> inputs = List.of(x0, mlp.parameters().get(0).value());
            List<Tensor> g = Gradients.grad(x1.square().sum(), inputs);
            assertTrue(g.get(0).abs().sum().item() > 0);
            assertTrue(g.get(1).abs().sum().item() > 0);
        }
    }

    @Test
    void sameNumbersWithAndWithoutRecording() {
        Tensor quiet;
        try (Tape.Scope s = Tape.noGrad()) {
            quiet = Odeint.cnfFixed(v, x0, 0, 1, 4, ButcherTableau.RK4, Trace.exact()).logDet();
        }
        try (Tape.Scope s = Tape.record()) {
            Tensor loud = Odeint.cnfFixed(v, x0, 0, 1, 4, ButcherTableau.RK4, Trace.exact()).logDet();
            assertTrue(loud.valueEquals(quiet));
        }
    }
}
