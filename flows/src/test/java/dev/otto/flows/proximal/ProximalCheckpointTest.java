package dev.otto.flows.proximal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Embedding;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.interpolation.InterpolationTrainer;
import dev.otto.flows.io.CorruptFileException;
import dev.otto.flows.io.TrainingCheckpoint;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint and resume of {@link ProximalTrainer}: a run stopped after iteration 7 and resumed ends
 * bit for bit where the uninterrupted run ends (both networks, loss parts, indicators), a diverged
 * run never writes a non-finite checkpoint, and a bad checkpoint or a different run is refused with
 * an error naming the file and the difference.
 */
class ProximalCheckpointTest {

    /** W1+W2 (penalty and kinetic energy on), so interpolates, data and noise all draw from the generator. */
    private static ProximalConfig tiny(int iterations) {
        return ProximalConfig.forDimension(2).withIterations(iterations).withBatch(16, 2)
                .withNetworks(new int[] {8, 8}, new int[] {8}).withIndicatorEvery(5).withSeed(3)
                .withLearningRates(1e-3, 1e-3);
    }

    private static void assertSameParameters(List<Parameter> a, List<Parameter> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().toArray(), b.get(i).value().toArray(), a.get(i).name());
        }
    }

    /** Double.equals compares bits (NaN equals NaN), so map and record equality are bitwise here. */
    private static void assertSameResult(ProximalResult expected, ProximalResult actual) {
        assertFalse(actual.diverged(), actual.reason());
        assertEquals(expected.reason(), actual.reason());
        assertEquals(expected.iterationsCompleted(), actual.iterationsCompleted());
        assertSameParameters(expected.flow().parameters(), actual.flow().parameters());
        assertSameParameters(expected.discriminator().parameters(), actual.discriminator().parameters());
        assertEquals(expected.lastLossParts(), actual.lastLossParts());
        assertEquals(expected.indicators(), actual.indicators());
    }

    @Test
    void stoppedAfterSevenIterationsAndResumedEqualsTheUninterruptedRun(@TempDir Path dir) {
        Sampler data = Datasets.byName("pinwheel");
        List<TrainingProgress> all = new ArrayList<>();
        ProximalResult expected = new ProximalTrainer(tiny(20)).train(data, all::add);

        Path file = dir.resolve("prox.ckpt");
        List<TrainingProgress> seen = new ArrayList<>();
        ProximalResult part = new ProximalTrainer(tiny(20)).withCheckpoint(file, 100)
                .withStopRequested(() -> seen.size() >= 7).train(data, seen::add);
        assertFalse(part.diverged());
        assertEquals(7, part.iterationsCompleted());
        assertTrue(part.reason().startsWith("stopped on request after 7 of 20"), part.reason());

        List<TrainingProgress> after = new ArrayList<>();
        ProximalResult r = new ProximalTrainer(tiny(20)).withCheckpoint(file, 100).resume(data, after::add);
        assertSameResult(expected, r);
        assertEquals(13, after.size());
        for (int i = 0; i < after.size(); i++) {
            assertEquals(all.get(7 + i).iteration(), after.get(i).iteration());
            assertEquals(all.get(7 + i).lossParts(), after.get(i).lossParts(), "progress at iteration " + (7 + i));
        }
    }

    @Test
    void generatorAveragingReturnsTheMovingAverageAndResumesBitForBit(@TempDir Path dir) {
        Sampler data = Datasets.byName("pinwheel");
        double decay = 0.75;
        // the training itself is untouched: the discriminators are equal, and so is the last phi's average
        List<List<Tensor>> phis = new ArrayList<>();
        ProximalResult plain = new ProximalTrainer(tiny(12)).train(data, null);
        ProximalTrainer averaging = new ProximalTrainer(tiny(12)).withGeneratorAveraging(decay);
        ProximalResult avg = averaging.withMonitor(1, f -> phis.add(values(f.parameters()))).train(data, null);
        assertSameParameters(plain.discriminator().parameters(), avg.discriminator().parameters());
        // the monitor sees the average after each step; rebuild it from the plain run's iterates
        List<List<Tensor>> iterates = new ArrayList<>();
        new ProximalTrainer(tiny(12)).withMonitor(1, f -> iterates.add(values(f.parameters()))).train(data, null);
        List<Tensor> expected = values(new ProximalTrainer(tiny(0)).train(data, null).flow().parameters());
        for (int k = 0; k < 12; k++) {
            for (int i = 0; i < expected.size(); i++) {
                expected.set(i, expected.get(i).scale(decay).addScaled(iterates.get(k).get(i), 1 - decay));
                assertArrayEquals(expected.get(i).toArray(), phis.get(k).get(i).toArray(), 1e-15, "step " + k);
            }
        }
        // and a run stopped after 5 iterations and resumed ends bit for bit at the same average
        Path file = dir.resolve("avg.ckpt");
        int[] seen = {0};
        averaging.withCheckpoint(file, 100).withStopRequested(() -> ++seen[0] >= 5).train(data, null);
        ProximalResult resumed = averaging.withCheckpoint(file, 100).resume(data, null);
        assertSameResult(new ProximalTrainer(tiny(12)).withGeneratorAveraging(decay).train(data, null), resumed);
        assertThrows(IllegalArgumentException.class, () -> new ProximalTrainer(tiny(1)).withGeneratorAveraging(1.0));
        // the averaged flow is a flow like any other: it saves and loads to the same samples
        Path model = dir.resolve("avg.safetensors");
        try {
            avg.flow().save(model, Map.of());
            ProximalFlow loaded = ProximalFlow.load(model);
            assertTrue(loaded.sample(20, new java.util.SplittableRandom(1)).valueEquals(
                    avg.flow().sample(20, new java.util.SplittableRandom(1))));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void learningRateDecayChangesTheRunResumesBitForBitAndIsOffAtOne(@TempDir Path dir) {
        Sampler data = Datasets.byName("pinwheel");
        ProximalResult plain = new ProximalTrainer(tiny(12)).train(data, null);
        assertSameResult(plain, new ProximalTrainer(tiny(12)).withLearningRateDecay(1.0).train(data, null));
        ProximalTrainer decaying = new ProximalTrainer(tiny(12)).withLearningRateDecay(0.0);
        ProximalResult decayed = decaying.train(data, null);
        // afterwards the rates are smaller: the generator moves less from its start than the plain run's
        List<Tensor> start = values(new ProximalTrainer(tiny(0)).train(data, null).flow().parameters());
        assertTrue(distance(start, values(decayed.flow().parameters()))
                < distance(start, values(plain.flow().parameters())));
        Path file = dir.resolve("decay.ckpt");
        int[] seen = {0};
        decaying.withCheckpoint(file, 100).withStopRequested(() -> ++seen[0] >= 5).train(data, null);
        assertSameResult(decayed, decaying.withCheckpoint(file, 100).resume(data, null));
        // the schedule depends on the iteration count, so a longer resume is refused
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProximalTrainer(tiny(20))
                .withLearningRateDecay(0.0).withCheckpoint(file, 100).resume(data, null));
        assertTrue(e.getMessage().contains("decayIterations"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProximalTrainer(tiny(1)).withLearningRateDecay(1.5));
    }

    private static double distance(List<Tensor> a, List<Tensor> b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            Tensor d = a.get(i).sub(b.get(i));
            s += d.square().sum().item();
        }
        return Math.sqrt(s);
    }

    private static List<Tensor> values(List<Parameter> ps) {
        List<Tensor> v = new ArrayList<>();
        for (Parameter p : ps) {
            v.add(p.value());
        }
        return v;
    }

    @Test
    void aCrashAfterThePeriodicCheckpointResumesToTheSameEndInTheUnregularisedCase(@TempDir Path dir)
            throws Exception {
        // the unregularised case leaves terminal = NaN in every report: NaN loss parts round-trip too
        ProximalConfig c = tiny(16).withCase(ProximalCase.UNREGULARISED).withDivergence(FDivergence.reverseKl());
        Sampler data = Embedding.zeroPad(Datasets.byName("moons"), 3);
        Path file = dir.resolve("prox.ckpt");
        Path atSeven = dir.resolve("at7.ckpt");
        ProximalResult expected = new ProximalTrainer(c).withCheckpoint(file, 7).train(data, p -> {
            if (p.iteration() == 7) {
                try {
                    Files.copy(file, atSeven);
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertTrue(Double.isNaN(expected.lastLossParts().get("terminal")));
        assertEquals(7, TrainingCheckpoint.read(atSeven, ProximalTrainer.CHECKPOINT_KIND).requireInt("iteration"));
        ProximalResult r = new ProximalTrainer(c).withCheckpoint(atSeven, 7).resume(data, null);
        assertSameResult(expected, r);
        // and a longer run continues from the completed one as if it had never stopped
        ProximalResult longer = new ProximalTrainer(c.withIterations(22)).train(data, null);
        ProximalResult extended = new ProximalTrainer(c.withIterations(22)).withCheckpoint(file, 7).resume(data, null);
        assertSameResult(longer, extended);
    }

    @Test
    void aDivergedRunNeverWritesANonFiniteCheckpoint(@TempDir Path dir) throws Exception {
        // data that turn infinite at the 9th draw (iteration 4 with n_D = 2) stand for a run that blows up
        Sampler base = Datasets.byName("pinwheel");
        int[] calls = {0};
        Sampler poisoned = new Sampler() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public String name() {
                return "poisoned";
            }

            @Override
            public Tensor sample(int n, RandomGenerator rng) {
                Tensor t = base.sample(n, rng);
                return ++calls[0] >= 9 ? t.scale(Double.POSITIVE_INFINITY) : t;
            }
        };
        Path file = dir.resolve("prox.ckpt");
        ProximalResult r = new ProximalTrainer(tiny(20)).withCheckpoint(file, 1).train(poisoned, null);
        assertTrue(r.diverged(), r.reason());
        assertEquals(4, r.iterationsCompleted(), r.reason());
        TrainingCheckpoint ck = TrainingCheckpoint.read(file, ProximalTrainer.CHECKPOINT_KIND);
        assertEquals(4, ck.requireInt("iteration"), "the checkpoint is the last finite iteration's");
        for (Parameter p : r.flow().parameters()) {
            assertArrayEquals(p.value().toArray(), ck.requireTensor(p.name()).toArray(), p.name());
        }
        for (Map.Entry<String, Tensor> e : dev.otto.flows.io.SafeTensors.read(file).tensors().entrySet()) {
            assertTrue(e.getValue().isFinite(), e.getKey());
        }
    }

    @Test
    void aDifferentRunOrABadFileIsRefusedNamingTheProblem(@TempDir Path dir) throws Exception {
        Sampler data = Datasets.byName("pinwheel");
        Path file = dir.resolve("prox.ckpt");
        new ProximalTrainer(tiny(20)).withCheckpoint(file, 7).withStopRequested(() -> true).train(data, null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProximalTrainer(tiny(20)
                .withLearningRates(2e-3, 1e-3)).withCheckpoint(file, 7).resume(data, null));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("discriminatorLearningRate = 0.002 in this run, 0.001"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ProximalTrainer(tiny(20)).withCheckpoint(file, 7)
                .resume(Embedding.zeroPad(data, 3), null));
        assertTrue(e.getMessage().contains("dimension = 3 in this run, 2 in the checkpoint"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ProximalTrainer(tiny(20)
                .withNetworks(new int[] {8, 16}, new int[] {8})).withCheckpoint(file, 7).resume(data, null));
        assertTrue(e.getMessage().contains("hidden = [8, 16] in this run"), e.getMessage());

        // another trainer's checkpoint
        Path interp = dir.resolve("interp.ckpt");
        new TrainingCheckpoint(InterpolationTrainer.CHECKPOINT_KIND).putState("iteration", 1).write(interp);
        e = assertThrows(IllegalArgumentException.class,
                () -> new ProximalTrainer(tiny(20)).withCheckpoint(interp, 7).resume(data, null));
        assertTrue(e.getMessage().contains(interp.toString()) && e.getMessage().contains("'interpolation'"),
                e.getMessage());

        Path missing = dir.resolve("nope.ckpt");
        UncheckedIOException u = assertThrows(UncheckedIOException.class,
                () -> new ProximalTrainer(tiny(20)).withCheckpoint(missing, 7).resume(data, null));
        assertTrue(u.getMessage().contains(missing.toString()), u.getMessage());
        assertInstanceOf(NoSuchFileException.class, u.getCause());

        byte[] bytes = Files.readAllBytes(file);
        bytes[8] = '#';                             // the JSON header's opening brace
        Path corrupt = dir.resolve("corrupt.ckpt");
        Files.write(corrupt, bytes);
        u = assertThrows(UncheckedIOException.class,
                () -> new ProximalTrainer(tiny(20)).withCheckpoint(corrupt, 7).resume(data, null));
        assertTrue(u.getMessage().contains(corrupt.toString()) && u.getMessage().contains("corrupt header"),
                u.getMessage());
        assertInstanceOf(CorruptFileException.class, u.getCause());

        // the refused attempts left the good checkpoint as it was
        assertEquals(20, new ProximalTrainer(tiny(20)).withCheckpoint(file, 7).resume(data, null)
                .iterationsCompleted());
    }

    @Test
    void writingANonFiniteTensorIsRefusedAndKeepsThePreviousFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.ckpt");
        new TrainingCheckpoint("test").putTensor("w", Tensor.wrap(1, 2, new double[] {1, 2})).write(file);
        byte[] before = Files.readAllBytes(file);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TrainingCheckpoint("test")
                .putTensor("w", Tensor.wrap(1, 2, new double[] {1, Double.NaN})).write(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'w'"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(1, Files.list(dir).count(), "no temporary file left behind");
    }
}
