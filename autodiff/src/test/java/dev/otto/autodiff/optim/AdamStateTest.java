package dev.otto.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** An Adam restored from {@link Adam#state} continues bit for bit. */
class AdamStateTest {

    private static Mlp net(long seed) {
        return Mlp.builder(2).hidden(6, 6).output(1).activation(Activation.tanh()).build(new SplittableRandom(seed));
    }

    private static void step(Mlp m, Adam adam, int i) {
        Tensor x = Tensor.randn(8, 2, new SplittableRandom(100 + i));
        try (Tape.Scope s = Tape.record()) {
            List<Tensor> values = m.parameters().stream().map(Parameter::value).toList();
            Tensor loss = m.apply(x).sub(x.rowSums()).square().mean();
            adam.step(m.parameters(), Gradients.grad(loss, values));
        }
    }

    private static Adam cosineAdamW() {
        // a schedule and weight decay make the step count and both moments matter
        return new Adam(LearningRateSchedule.cosine(1e-2, 20, 1e-4), 0.8, 0.95, 1e-8, 0.01, true);
    }

    @Test
    void restoredOptimiserContinuesBitForBit() {
        Mlp a = net(1);
        Adam adamA = cosineAdamW();
        for (int i = 0; i < 5; i++) {
            step(a, adamA, i);
        }
        Adam.State saved = adamA.state(a.parameters());
        assertEquals(5, saved.iterations());
        Mlp b = net(2);
        for (int k = 0; k < a.parameters().size(); k++) {
            b.parameters().get(k).set(a.parameters().get(k).value());
        }
        Adam adamB = cosineAdamW();
        adamB.restore(b.parameters(), saved);
        assertEquals(5, adamB.iterations());
        for (int i = 5; i < 12; i++) {
            step(a, adamA, i);
            step(b, adamB, i);
        }
        for (int k = 0; k < a.parameters().size(); k++) {
            assertArrayEquals(a.parameters().get(k).value().toArray(), b.parameters().get(k).value().toArray(),
                    a.parameters().get(k).name());
        }
        Adam.State sa = adamA.state(a.parameters());
        Adam.State sb = adamB.state(b.parameters());
        for (int k = 0; k < sa.moments().size(); k++) {
            assertArrayEquals(sa.moments().get(k).first(), sb.moments().get(k).first());
            assertArrayEquals(sa.moments().get(k).second(), sb.moments().get(k).second());
        }
    }

    @Test
    void exportIsACopyAndUnsteppedParametersHaveZeroMoments() {
        Mlp a = net(1);
        Adam adam = new Adam(1e-3);
        Adam.State fresh = adam.state(a.parameters());
        assertEquals(0, fresh.iterations());
        for (Adam.Moments m : fresh.moments()) {
            assertTrue(java.util.Arrays.stream(m.first()).allMatch(v -> v == 0));
        }
        step(a, adam, 0);
        Adam.State s = adam.state(a.parameters());
        double before = s.moments().get(0).first()[0];
        s.moments().get(0).first()[0] = 99;            // the accessor hands out copies
        step(a, adam, 1);
        assertEquals(before, s.moments().get(0).first()[0]);
    }

    @Test
    void mismatchedParametersAreNamed() {
        Mlp a = net(1);
        Adam adam = new Adam(1e-3);
        step(a, adam, 0);
        Adam.State s = adam.state(a.parameters());
        Mlp other = Mlp.builder(2).hidden(7, 6).output(1).activation(Activation.tanh()).build(new SplittableRandom(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(1e-3).restore(other.parameters(), s));
        assertTrue(e.getMessage().contains("moment entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(1e-3).restore(a.parameters().subList(1, a.parameters().size()), s));
        assertTrue(e.getMessage().contains("expected " + (a.parameters().size() - 1)), e.getMessage());
        Mlp renamed = Mlp.builder(2).hidden(6, 6).output(1).activation(Activation.tanh()).name("h")
                .build(new SplittableRandom(3));
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3).restore(renamed.parameters(), s));
        assertTrue(e.getMessage().contains("expected 'h."), e.getMessage());
    }
}
