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
import dev.otto.flows.io.TrainingCheckpoint;
import dev.otto.ode.Integration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * The lowered learning rate and the rollback count are part of the checkpoint: a run with a
     * rollback, stopped after 9 iterations and resumed, ends bit for bit where the uninterrupted run
     * ends (the resumed run sees clean data; the poisoned draw was before the stop).
     */
    @Test
    void aRunWithARollbackResumesBitForBit(@TempDir Path dir) throws IOException {
        InterpolationFlow whole = flow();
        InterpolationTrainer.Result full = new InterpolationTrainer(CONFIG).train(whole, poisoned(3, 4));
        assertEquals(1, full.rollbacks().size());
        Path file = dir.resolve("ck");
        int[] seen = {0};
        InterpolationTrainer t = new InterpolationTrainer(CONFIG).withCheckpoint(file, 100);
        t.withListener(p -> seen[0]++).withStopRequested(() -> seen[0] >= 9).train(flow(), poisoned(3, 4));
        TrainingCheckpoint ck = TrainingCheckpoint.read(file, InterpolationTrainer.CHECKPOINT_KIND);
        assertEquals("1", ck.requireState("rollbacks"));
        assertEquals(0.5, ck.requireDouble("adam.learningRateScale"));
        InterpolationFlow resumed = flow();
        InterpolationTrainer.Result rest = t.resume(resumed, poisoned(-1, -1));
        assertTrue(rest.rollbacks().isEmpty());
        for (int i = 0; i < whole.parameters().size(); i++) {
            assertTrue(whole.parameters().get(i).value().valueEquals(resumed.parameters().get(i).value()),
                    whole.parameters().get(i).name());
        }
        assertEquals(full.losses().length, rest.losses().length);
        for (int i = 0; i < full.losses().length; i++) {
            assertEquals(Double.doubleToRawLongBits(full.losses()[i]), Double.doubleToRawLongBits(rest.losses()[i]));
        }
    }

    @Test
    void whenRetriesRunOutTheFlowKeepsTheLastGoodParametersAndTheErrorSaysWhy() {
        InterpolationFlow f = flow();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new InterpolationTrainer(CONFIG).train(f, poisoned(6, 1000)));
        assertEquals(DivergencePolicy.DEFAULT_MAX_RETRIES, e.rollbacks().size());
        assertTrue(e.getMessage().contains("after 6 good iterations"), e.getMessage());
        // bit for bit the state after 5 steps: the last whose loss and gradients were checked (the loss
        // of the sixth step's result is the one the poisoned draws spoil)
        InterpolationFlow six = flow();
        new InterpolationTrainer(new InterpolationTrainer.Config(5, 16, 1e-2, Pairing.INDEPENDENT, 0.0, 5))
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
