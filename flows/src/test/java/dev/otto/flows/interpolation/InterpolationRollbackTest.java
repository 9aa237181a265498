package dev.otto.flows.interpolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.DivergencePolicy;
import dev.otto.flows.Rollback;
import dev.otto.flows.TrainingDivergedException;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Sampler;
import dev.otto.ode.Integration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The interpolation trainer under the shared divergence policy: bad steps are undone and reported. */
class InterpolationRollbackTest {

    private static final InterpolationTrainer.Config CONFIG =
            new InterpolationTrainer.Config(20, 16, 1e-2, Pairing.INDEPENDENT, 0.0, 5);

    private static InterpolationFlow flow() {
        return InterpolationFlow.create(2, new int[] {16}, Activation.softplus(), Schedule.linear(),
                Integration.rk4(4), new SplittableRandom(1));
    }

    /** The moons, except that the draws numbered in [from, to) are NaN. */
    private static Sampler poisoned(int from, int to) {
        Sampler base = Datasets.byName("moons");
        int[] calls = {0};
        return new Sampler() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public String name() {
                return "poisoned moons";
            }

            @Override
            public Tensor sample(int n, RandomGenerator rng) {
                Tensor t = base.sample(n, rng);
                int call = calls[0]++;
                return call >= from && call < to ? t.scale(Double.NaN) : t;
            }
        };
    }

    @Test
    void aPlantedNanStepIsRolledBackAndTheRunCompletes() {
        InterpolationFlow f = flow();
        InterpolationTrainer.Result r = new InterpolationTrainer(CONFIG).train(f, poisoned(6, 7));
        assertEquals(1, r.rollbacks().size(), r.rollbacks().toString());
        Rollback rb = r.rollbacks().get(0);
        assertEquals(6, rb.iteration());
        assertTrue(rb.reason().startsWith("non-finite loss"), rb.reason());
        assertEquals(20, r.losses().length, "the undone iteration is retried, so all 20 are done");
        for (double l : r.losses()) {
            assertTrue(Double.isFinite(l));
        }
    }

    @Test
    void whenRetriesRunOutTheFlowKeepsTheLastGoodParametersAndTheErrorSaysWhy() {
        InterpolationFlow f = flow();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new InterpolationTrainer(CONFIG).train(f, poisoned(6, 1000)));
        assertEquals(DivergencePolicy.DEFAULT_MAX_RETRIES, e.rollbacks().size());
        assertTrue(e.getMessage().contains("after 6 good iterations"), e.getMessage());
        // bit for bit the state after 6 good iterations
        InterpolationFlow six = flow();
        new InterpolationTrainer(new InterpolationTrainer.Config(6, 16, 1e-2, Pairing.INDEPENDENT, 0.0, 5))
                .train(six, poisoned(6, 1000));
        for (int i = 0; i < f.parameters().size(); i++) {
            Parameter p = f.parameters().get(i);
            assertTrue(p.value().valueEquals(six.parameters().get(i).value()), p.name());
        }
    }

    @Test
    void anExplodingLearningRateIsCaughtEvenWhileTheLossIsFinite() {
        // lr 1e6: the loss is of order 1e12 and more after a few steps yet finite; the ceiling catches it
        InterpolationFlow f = flow();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new InterpolationTrainer(CONFIG.withLearningRate(1e6)).train(f, Datasets.byName("moons")));
        assertTrue(e.getMessage().contains("above the ceiling"), e.getMessage());
        for (Parameter p : f.parameters()) {
            assertTrue(p.value().isFinite(), p.name());
        }
        // the ceiling switched off, the same run ends with finite but useless weights: the old behaviour
        InterpolationFlow g = flow();
        new InterpolationTrainer(CONFIG.withLearningRate(1e6))
                .withDivergencePolicy(DivergencePolicy.defaults().withExplosionFactor(Double.POSITIVE_INFINITY))
                .train(g, Datasets.byName("moons"));
        double scale = g.fromNoise(Tensor.randn(50, 2, new SplittableRandom(3))).abs().sum().item() / 100;
        assertTrue(scale > 1e3, "mean |sample| without the ceiling: " + scale);
    }
}
