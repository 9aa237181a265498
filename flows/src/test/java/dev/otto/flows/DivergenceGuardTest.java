package dev.otto.flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared divergence policy: what counts as a bad step, and what a rollback restores. */
class DivergenceGuardTest {

    private static List<Tensor> grads(double v) {
        return List.of(Tensor.wrap(1, 2, new double[] {v, v}));
    }

    @Test
    void aRollbackRestoresParametersAndAdamStateAndLowersTheRate() {
        Parameter p = new Parameter("w", Tensor.wrap(1, 2, new double[] {1.0, 2.0}));
        List<Parameter> ps = List.of(p);
        Adam adam = new Adam(0.1);
        List<Rollback> seen = new ArrayList<>();
        DivergenceGuard guard = new DivergenceGuard(new DivergencePolicy(2, 0.25, 1e3), new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress progress) {
            }

            @Override
            public void onRollback(Rollback r) {
                seen.add(r);
            }
        }).watch(ps, adam);
        adam.step(ps, grads(1.0));
        guard.remember();
        double[] good = p.value().toArray();
        Adam.State goodState = adam.state(ps);
        adam.step(ps, grads(50.0)); // a step to undo
        guard.rollBack(0, 1, "planted");
        assertArrayEquals(good, p.value().toArray(), 0.0);
        assertEquals(goodState.iterations(), adam.state(ps).iterations());
        assertArrayEquals(goodState.moments().get(0).second(), adam.state(ps).moments().get(0).second(), 0.0);
        assertEquals(0.025, adam.currentLearningRate(), 1e-17);
        assertEquals(1, seen.size());
        assertEquals(new Rollback(0, 1, 1, "planted", 0.25), seen.get(0));
        guard.rollBack(0, 1, "planted again");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> guard.rollBack(0, 1, "and again"));
        assertTrue(e.getMessage().contains("and again") && e.getMessage().contains("after 2 rollbacks"), e.getMessage());
        assertEquals(2, e.rollbacks().size());
        assertArrayEquals(good, p.value().toArray(), 0.0);
    }

    @Test
    void badStepsAreNonFiniteLossesOrGradientsAndLossesPastTheCeiling() {
        Parameter p = new Parameter("w", Tensor.wrap(1, 2, new double[] {1.0, 2.0}));
        DivergenceGuard guard = new DivergenceGuard(DivergencePolicy.defaults(), null).watch(List.of(p), null);
        assertTrue(guard.check(Double.NaN, null).startsWith("non-finite loss"));
        assertNull(guard.check(-2.0, grads(1.0)), "the first finite loss sets the ceiling's scale");
        assertNull(guard.check(1999.0, grads(1.0)));
        assertTrue(guard.check(2001.0, grads(1.0)).contains("above the ceiling"));
        assertTrue(guard.check(-2001.0, grads(1.0)).contains("above the ceiling"));
        assertTrue(guard.check(1.0, grads(Double.POSITIVE_INFINITY)).startsWith("non-finite gradient"));
        assertNull(guard.checkParameters());
        p.set(Tensor.wrap(1, 2, new double[] {1.0, Double.NaN}));
        assertTrue(guard.checkParameters().contains("w"));
        // a loss near 0 at the start does not make noise an explosion: the scale is at least 1
        DivergenceGuard small = new DivergenceGuard(DivergencePolicy.defaults(), null);
        assertNull(small.check(1e-6, null));
        assertNull(small.check(999.0, null));
    }

    @Test
    void thePolicyRefusesMeaninglessSettings() {
        assertThrows(IllegalArgumentException.class, () -> new DivergencePolicy(-1, 0.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new DivergencePolicy(1, 0.0, 10));
        assertThrows(IllegalArgumentException.class, () -> new DivergencePolicy(1, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new DivergencePolicy(1, 0.5, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new DivergencePolicy(1, 0.5, Double.NaN));
        DivergencePolicy off = DivergencePolicy.defaults().withExplosionFactor(Double.POSITIVE_INFINITY);
        assertTrue(!off.exploded(1e300, 1.0));
    }
}
