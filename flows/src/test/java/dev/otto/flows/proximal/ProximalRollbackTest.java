package dev.otto.flows.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.Rollback;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The proximal trainer under the shared divergence policy: a planted NaN iteration is undone and retried. */
class ProximalRollbackTest {

    @Test
    void aPlantedNanIterationIsRolledBackReportedAndTheRunCompletes() {
        Sampler base = Datasets.byName("pinwheel");
        int[] calls = {0};
        Sampler once = new Sampler() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public String name() {
                return "pinwheel, one NaN draw";
            }

            @Override
            public Tensor sample(int n, RandomGenerator rng) {
                Tensor t = base.sample(n, rng);
                return ++calls[0] == 9 ? t.scale(Double.NaN) : t;
            }
        };
        ProximalConfig c = ProximalConfig.forDimension(2).withIterations(12).withBatch(16, 2)
                .withNetworks(new int[] {8, 8}, new int[] {8}).withIndicatorEvery(5).withSeed(3)
                .withLearningRates(1e-3, 1e-3);
        List<Rollback> seen = new ArrayList<>();
        ProximalResult r = new ProximalTrainer(c).train(once, new dev.otto.flows.TrainingListener() {
            @Override
            public void onProgress(dev.otto.flows.TrainingProgress p) {
            }

            @Override
            public void onRollback(Rollback rollback) {
                seen.add(rollback);
            }
        });
        assertFalse(r.diverged(), r.reason());
        assertEquals(12, r.iterationsCompleted());
        assertEquals(1, r.rollbacks().size());
        assertEquals(seen, r.rollbacks());
        assertEquals(4, seen.get(0).iteration(), "draw 9 is the first of iteration 4 (two draws per iteration)");
        assertTrue(seen.get(0).reason().contains("non-finite"), seen.get(0).reason());
        for (var p : r.flow().parameters()) {
            assertTrue(p.value().isFinite(), p.name());
        }
    }
}
