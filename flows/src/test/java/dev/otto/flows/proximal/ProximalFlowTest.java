package dev.otto.flows.proximal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.GradientCheck;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.DivergencePolicy;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Embedding;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.metrics.KineticEnergy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Examples for the proximal package (MATH.md section 6): training, saving, divergence handling. */
class ProximalFlowTest {

    private static ProximalConfig tiny(ProximalCase c, int iterations) {
        return ProximalConfig.forDimension(2).withCase(c).withIterations(iterations).withBatch(32, 2)
                .withNetworks(new int[] {8, 8}, new int[] {8}).withIndicatorEvery(5).withSeed(3);
    }

    @Test
    void trainsReportsEveryIterationAndSavesLoadsBitwise(@TempDir Path dir) throws Exception {
        List<TrainingProgress> seen = new ArrayList<>();
        ProximalResult r = new ProximalTrainer(tiny(ProximalCase.W1_W2, 12)).train(Datasets.byName("pinwheel"),
                seen::add);
        assertFalse(r.diverged(), r.reason());
        assertEquals(12, r.iterationsCompleted());
        assertEquals(12, seen.size());
        assertTrue(seen.get(11).lossParts().keySet().containsAll(List.of("D objective", "GP", "KE", "HJ", "terminal")));
        assertTrue(Double.isFinite(r.indicators().terminal()));
        Path file = dir.resolve("p.safetensors");
        r.flow().save(file, Map.of("note", "test"));
        ProximalFlow loaded = ProximalFlow.load(file);
        Tensor a = r.flow().sample(50, new SplittableRandom(9));
        Tensor b = loaded.sample(50, new SplittableRandom(9));
        assertTrue(a.valueEquals(b), "a loaded model must give bitwise the same samples");
        assertThrows(UnsupportedOperationException.class, () -> loaded.toNoise(a));
        assertTrue(loaded.hasDensity());
        assertFalse(loaded.hasInverse());
    }

    @Test
    void everyDivergenceAndCaseTrainsWithFiniteValues() {
        for (FDivergence f : List.of(FDivergence.kl(), FDivergence.reverseKl(), FDivergence.alpha(2), FDivergence.w1())) {
            for (ProximalCase c : ProximalCase.values()) {
                ProximalResult r = new ProximalTrainer(tiny(c, 3).withDivergence(f)).train(
                        Embedding.zeroPad(Datasets.byName("moons"), 3), null);
                assertFalse(r.diverged(), f + " " + c + ": " + r.reason());
                for (double v : r.lastLossParts().values()) {
                    assertFalse(Double.isInfinite(v), f + " " + c + ": " + r.lastLossParts());
                }
            }
        }
    }

    @Test
    void anObjectiveAboveTheCeilingStopsTheRunWithTheStateBeforeThatIteration() {
        Sampler data = Embedding.zeroPad(Datasets.byName("pinwheel"), 3);
        ProximalConfig c = tiny(ProximalCase.W2_ONLY, 10);
        // the objective starts near 0 and grows: a ceiling just above its value after 4 iterations (with
        // PyTorch's initialisation, whose tiny run has a positive, rising objective; the mechanism
        // does not depend on the draw)
        ProximalResult free = uniform(c).withObjectiveCeiling(Double.POSITIVE_INFINITY).train(data, null);
        assertFalse(free.diverged(), free.reason());
        List<Double> objectives = new ArrayList<>();
        uniform(c).train(data, p -> objectives.add(p.lossParts().get("D objective")));
        double ceiling = objectives.get(3);
        int firstAbove = -1;
        for (int i = 4; i < objectives.size() && firstAbove < 0; i++) {
            firstAbove = objectives.get(i) > ceiling ? i : -1;
        }
        assertTrue(firstAbove > 0, "the tiny run's objective must rise past its 4th value: " + objectives);
        // without retries, the first iteration above the ceiling ends the run
        ProximalResult stopped = uniform(c).withObjectiveCeiling(ceiling)
                .withDivergencePolicy(DivergencePolicy.stopAtFirst()).train(data, null);
        assertTrue(stopped.diverged());
        assertTrue(stopped.rollbacks().isEmpty());
        assertTrue(stopped.reason().contains("above the ceiling"), stopped.reason());
        assertTrue(stopped.iterationsCompleted() <= firstAbove, stopped.reason());
        // the kept state is bit for bit that of a run of exactly that many iterations
        ProximalResult shorter = uniform(c.withIterations(stopped.iterationsCompleted()))
                .withObjectiveCeiling(Double.POSITIVE_INFINITY).train(data, null);
        for (int i = 0; i < shorter.flow().parameters().size(); i++) {
            assertTrue(shorter.flow().parameters().get(i).value().valueEquals(stopped.flow().parameters().get(i).value()));
        }
        assertThrows(IllegalArgumentException.class, () -> uniform(c).withObjectiveCeiling(0));
        assertThrows(IllegalArgumentException.class, () -> uniform(c).withObjectiveCeiling(Double.NaN));
    }

    private static ProximalTrainer uniform(ProximalConfig c) {
        return new ProximalTrainer(c).withInitialisation(dev.otto.autodiff.nn.Initialisation.UNIFORM_FAN_IN);
    }

    @Test
    void theMonitorSeesTheFlowEveryNIterationsAndAtTheEnd() {
        List<Integer> at = new ArrayList<>();
        int[] iteration = {0};
        new ProximalTrainer(tiny(ProximalCase.W1_W2, 7)).withMonitor(3, flow -> {
            assertEquals(2, flow.dimension());
            at.add(iteration[0]);
        }).train(Datasets.byName("pinwheel"), p -> iteration[0] = p.iteration() + 1);
        assertEquals(List.of(3, 6, 7), at);
    }

    @Test
    void divergenceStopsCleanlyWithTheLastFiniteState() {
        // data that turn non-finite at the 4th draw stand for a run whose values blow up
        Sampler base = Embedding.zeroPad(Datasets.byName("pinwheel"), 3);
        int[] calls = {0};
        Sampler poisoned = new Sampler() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public String name() {
                return "poisoned";
            }

            @Override
            public Tensor sample(int n, RandomGenerator rng) {
                Tensor t = base.sample(n, rng);
                return ++calls[0] >= 4 ? t.scale(Double.POSITIVE_INFINITY) : t;
            }
        };
        ProximalResult r = new ProximalTrainer(tiny(ProximalCase.W2_ONLY, 10)).train(poisoned, null);
        assertTrue(r.diverged());
        assertEquals(1, r.iterationsCompleted(), r.reason());
        assertTrue(r.reason().contains("iteration 1"), r.reason());
        for (Parameter p : r.flow().parameters()) {
            assertTrue(p.value().isFinite(), p.name());
        }
        for (Parameter p : r.discriminator().parameters()) {
            assertTrue(p.value().isFinite(), p.name());
        }
    }

    @Test
    void kineticEnergyOfTheRolloutEqualsThePathMetric() {
        ProximalFlow flow = new ProximalFlow(ProximalFlow.newPotential(2, new int[] {16, 16},
                dev.otto.autodiff.nn.Activation.tanh(), 5), 1.0, 5);
        Rollout r = flow.rollout(Tensor.randn(40, 2, new SplittableRandom(1)).scale(3));
        // Euler: |x_{k+1} - x_k|^2 / (2 dt) = dt |grad phi|^2 / 2, the package's definition
        assertEquals(KineticEnergy.of(r.states(), 1.0).value(), r.kineticEnergy().item(), 1e-12);
    }

    @Test
    void theAuthorsEnergyReadsTheFieldAfterEachStepAndDifferentiatesOnlyThePotential() {
        ProximalFlow flow = new ProximalFlow(ProximalFlow.newPotential(2, new int[] {6},
                dev.otto.autodiff.nn.Activation.tanh(), 2), 1.0, 3);
        PotentialGenerator gen = flow.generator();
        Tensor z = Tensor.randn(7, 2, new SplittableRandom(8)).scale(2);
        Rollout frozen = gen.rollout(z);
        List<Tensor> x = frozen.states();
        double[] t = frozen.times();
        double byHand = 0;
        for (int k = 0; k < 3; k++) {
            for (double v : gen.gradient(x.get(k + 1), t[k], false).toArray()) {
                byHand += (t[k + 1] - t[k]) * v * v / (2.0 * 7);
            }
        }
        Parameter w = flow.parameters().get(0);
        double[] value = new double[1];
        Tensor[] pathGradient = new Tensor[1];
        try (dev.otto.autodiff.Tape.Scope s = dev.otto.autodiff.Tape.record()) {
            Rollout r = gen.rolloutRecorded(z);
            Tensor e = KineticEnergyEstimate.DETACHED_LAGGED.of(gen, r);
            value[0] = e.item();
            pathGradient[0] = dev.otto.autodiff.Gradients.grad(KineticEnergyEstimate.PATH.of(gen, r), w.value());
        }
        assertEquals(byHand, value[0], 1e-12 * byHand);
        // its gradient is that of the energy at the frozen states: the paths are constants
        var result = GradientCheck.check(v -> {
            Tensor old = w.value();
            w.set(v);
            try (dev.otto.autodiff.Tape.Scope s = dev.otto.autodiff.Tape.record()) {
                return gen.detachedLaggedEnergy(frozen);
            } finally {
                w.set(old);
            }
        }, w.value(), 1e-5);
        assertTrue(result.passes(1e-6), result.toString());
        try (dev.otto.autodiff.Tape.Scope s = dev.otto.autodiff.Tape.record()) {
            Tensor detached = dev.otto.autodiff.Gradients.grad(gen.detachedLaggedEnergy(gen.rolloutRecorded(z)),
                    w.value());
            Tensor atFrozen = dev.otto.autodiff.Gradients.grad(gen.detachedLaggedEnergy(frozen), w.value());
            assertEquals(0, detached.sub(atFrozen).abs().sum().item(), 1e-12, "no gradient may flow through the states");
            assertTrue(detached.sub(pathGradient[0]).abs().sum().item() > 1e-6, "the two estimates must train differently");
        }
        assertThrows(IllegalStateException.class, () -> gen.detachedLaggedEnergy(frozen));
        assertThrows(IllegalArgumentException.class, () -> KineticEnergyEstimate.parse("detach"));
        assertEquals(KineticEnergyEstimate.DETACHED_LAGGED, KineticEnergyEstimate.parse(" Authors "));
    }

    @Test
    void generatorLossGradientMatchesFiniteDifferences() {
        ProximalFlow flow = new ProximalFlow(ProximalFlow.newPotential(2, new int[] {6},
                dev.otto.autodiff.nn.Activation.tanh(), 2), 1.0, 3);
        Discriminator g = Discriminator.create(2, new int[] {5}, dev.otto.autodiff.nn.Activation.softplus(),
                FDivergence.kl(), new SplittableRandom(4));
        Tensor z = Tensor.randn(6, 2, new SplittableRandom(7));
        Parameter w = flow.parameters().get(0);
        var result = GradientCheck.check(v -> {
            Tensor old = w.value();
            w.set(v);
            try (dev.otto.autodiff.Tape.Scope s = dev.otto.autodiff.Tape.record()) {
                Rollout r = flow.generator().rolloutRecorded(z);
                return g.apply(r.terminal()).mean().add(r.kineticEnergy().scale(0.5));
            } finally {
                w.set(old);
            }
        }, w.value(), 1e-5);
        assertTrue(result.passes(1e-6), result.toString());
    }

    @Test
    void reverseKlKeepsTheDiscriminatorInsideTheConjugateDomain() {
        Discriminator g = Discriminator.create(2, new int[] {8}, dev.otto.autodiff.nn.Activation.relu(),
                FDivergence.reverseKl(), new SplittableRandom(1));
        Tensor v = g.apply(Tensor.randn(100, 2, new SplittableRandom(2)).scale(50));
        for (double e : v.toArray()) {
            assertTrue(e < 0, "g = -softplus(h) must be negative, got " + e);
        }
        assertTrue(Double.isFinite(FDivergence.reverseKl().dataTerm(v).item()));
        assertEquals(Double.POSITIVE_INFINITY, FDivergence.reverseKl().conjugate(Tensor.scalar(0.3)).item());
    }

    @Test
    void badArgumentsNameTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FDivergence.alpha(1.0));
        assertTrue(e.getMessage().startsWith("alpha:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny(ProximalCase.W1_W2, 1).withBatch(1, 5));
        assertTrue(e.getMessage().startsWith("batch:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientPenalty.oneSided(x -> x, Tensor.zeros(2, 1), -1));
        assertTrue(e.getMessage().startsWith("lipschitz:"), e.getMessage());
        assertEquals(ProximalCase.W1_W2, ProximalCase.parse("w1-w2"));
        assertEquals(FDivergence.alpha(3.0), FDivergence.parse(FDivergence.alpha(3.0).name()));
    }
}
