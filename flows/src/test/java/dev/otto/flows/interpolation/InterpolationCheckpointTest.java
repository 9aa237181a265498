package dev.otto.flows.interpolation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Embedding;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.io.CorruptFileException;
import dev.otto.flows.io.TrainingCheckpoint;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint and resume of {@link InterpolationTrainer}: a run stopped (or crashed) after iteration
 * 7 and resumed from its checkpoint ends bit for bit where the uninterrupted run ends, and a bad
 * checkpoint or a different run is refused with an error that names the file and the difference.
 */
class InterpolationCheckpointTest {

    private static final InterpolationTrainer.Config CONFIG =
            new InterpolationTrainer.Config(30, 16, 1e-2, Pairing.INDEPENDENT, 0.0, 11);

    /** A 2-D flow; different init seeds make sure resume really loads the saved weights. */
    private static InterpolationFlow flow(int dim, long initSeed) {
        return InterpolationFlow.create(dim, new int[] {16, 16}, Activation.softplus(), Schedule.follmer(),
                Integration.fixed(ButcherTableau.RK4, 4), new SplittableRandom(initSeed));
    }

    private static void assertSameParameters(InterpolationFlow a, InterpolationFlow b) {
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value().toArray(), pb.get(i).value().toArray(), pa.get(i).name());
        }
    }

    private static void assertBitwise(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "number of losses");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "loss " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void stoppedAfterSevenIterationsAndResumedEqualsTheUninterruptedRun(@TempDir Path dir) {
        Sampler data = Datasets.byName("moons");
        InterpolationTrainer.Config c = CONFIG.withTimeEpsilon(1e-3);
        InterpolationFlow whole = flow(2, 5);
        InterpolationTrainer.Result expected = new InterpolationTrainer(c).train(whole, data);

        Path file = dir.resolve("interp.ckpt");
        List<TrainingProgress> seen = new ArrayList<>();
        InterpolationFlow first = flow(2, 5);
        InterpolationTrainer.Result part = new InterpolationTrainer(c).withCheckpoint(file, 100)
                .withListener(seen::add).withStopRequested(() -> seen.size() >= 7).train(first, data);
        assertEquals(7, part.losses().length, "a stopped run returns the losses of the completed iterations");
        assertBitwise(Arrays.copyOf(expected.losses(), 7), part.losses());

        seen.clear();
        InterpolationFlow resumed = flow(2, 99);
        InterpolationTrainer.Result r = new InterpolationTrainer(c).withCheckpoint(file, 100).withListener(seen::add)
                .resume(resumed, data);
        assertBitwise(expected.losses(), r.losses());
        assertSameParameters(whole, resumed);
        assertEquals(23, seen.size(), "only the remaining iterations are reported");
        assertEquals(7, seen.get(0).iteration());
    }

    @Test
    void aCrashAfterThePeriodicCheckpointResumesToTheSameEndOnAFixedDataSetWithOtPairing(@TempDir Path dir)
            throws Exception {
        Tensor dataset = Datasets.byName("pinwheel").sample(100, 3L);
        InterpolationTrainer.Config c = CONFIG.withPairing(Pairing.EXACT_OT).withTimeEpsilon(1e-3);
        InterpolationFlow whole = flow(2, 5);
        Path file = dir.resolve("interp.ckpt");
        Path atSeven = dir.resolve("at7.ckpt");
        // the listener runs before the checkpoint of its own iteration: at iteration index 7 the file holds iteration 7
        InterpolationTrainer.Result expected = new InterpolationTrainer(c).withCheckpoint(file, 7).withListener(p -> {
            if (p.iteration() == 7) {
                copy(file, atSeven);
            }
        }).train(whole, dataset);
        assertEquals(7, TrainingCheckpoint.read(atSeven, InterpolationTrainer.CHECKPOINT_KIND).requireInt("iteration"));
        assertEquals(30, TrainingCheckpoint.read(file, InterpolationTrainer.CHECKPOINT_KIND).requireInt("iteration"),
                "a completed run leaves a checkpoint of its last iteration");

        InterpolationFlow resumed = flow(2, 99);
        InterpolationTrainer.Result r = new InterpolationTrainer(c).withCheckpoint(atSeven, 7).resume(resumed, dataset);
        assertBitwise(expected.losses(), r.losses());
        assertSameParameters(whole, resumed);
        // the static entry point without a checkpoint trains exactly as before
        InterpolationFlow plain = flow(2, 5);
        assertBitwise(expected.losses(), InterpolationTrainer.train(plain, dataset, c, null).losses());
        assertSameParameters(whole, plain);
    }

    @Test
    void aFinishedRunExtendedToMoreIterationsEqualsTheLongerRun(@TempDir Path dir) {
        Sampler data = Datasets.byName("8gaussians");
        InterpolationTrainer.Config c = new InterpolationTrainer.Config(12, 16, 1e-2, Pairing.INDEPENDENT, 1e-3, 4);
        InterpolationFlow longRun = flow(2, 5);
        InterpolationTrainer.Result expected = new InterpolationTrainer(withIterations(c, 20)).train(longRun, data);
        Path file = dir.resolve("interp.ckpt");
        new InterpolationTrainer(c).withCheckpoint(file, 5).train(flow(2, 5), data);
        InterpolationFlow extended = flow(2, 7);
        InterpolationTrainer.Result r = new InterpolationTrainer(withIterations(c, 20)).withCheckpoint(file, 5)
                .resume(extended, data);
        assertBitwise(expected.losses(), r.losses());
        assertSameParameters(longRun, extended);
        // a shorter run than the checkpoint's cannot be resumed
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InterpolationTrainer(withIterations(c, 10)).withCheckpoint(file, 5).resume(flow(2, 7), data));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("iterations >= 20"),
                e.getMessage());
    }

    @Test
    void aDifferentRunIsRefusedNamingTheMismatch(@TempDir Path dir) {
        Sampler data = Datasets.byName("moons");
        Path file = dir.resolve("interp.ckpt");
        InterpolationTrainer.Config c = CONFIG.withTimeEpsilon(1e-3);
        new InterpolationTrainer(c).withCheckpoint(file, 7).withStopRequested(() -> true).train(flow(2, 5), data);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InterpolationTrainer(c.withBatchSize(32)).withCheckpoint(file, 7).resume(flow(2, 5), data));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("batchSize = 32 in this run, 16"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InterpolationTrainer(c).withCheckpoint(file, 7)
                .resume(flow(3, 5), Embedding.zeroPad(data, 3)));
        assertTrue(e.getMessage().contains("dimension = 3 in this run, 2 in the checkpoint"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InterpolationTrainer(c).withCheckpoint(file, 7)
                .resume(flow(2, 5), Datasets.byName("pinwheel")));
        assertTrue(e.getMessage().contains("data = ") && e.getMessage().contains("pinwheel"), e.getMessage());
        InterpolationFlow wider = InterpolationFlow.create(2, new int[] {16, 8}, Activation.softplus(),
                Schedule.follmer(), Integration.fixed(ButcherTableau.RK4, 4), new SplittableRandom(1));
        e = assertThrows(IllegalArgumentException.class,
                () -> new InterpolationTrainer(c).withCheckpoint(file, 7).resume(wider, data));
        assertTrue(e.getMessage().contains("network = "), e.getMessage());
        // the data set path checks the rows too
        Tensor set = data.sample(50, 1L);
        Path fileSet = dir.resolve("set.ckpt");
        new InterpolationTrainer(c).withCheckpoint(fileSet, 7).withStopRequested(() -> true).train(flow(2, 5), set);
        e = assertThrows(IllegalArgumentException.class, () -> new InterpolationTrainer(c).withCheckpoint(fileSet, 7)
                .resume(flow(2, 5), data.sample(50, 2L)));
        assertTrue(e.getMessage().contains("data = data set 50 x 2"), e.getMessage());
        // nothing was overwritten by the refused attempts
        InterpolationFlow resumed = flow(2, 5);
        assertEquals(30, new InterpolationTrainer(c).withCheckpoint(file, 7).resume(resumed, data).losses().length);
        // resume needs a checkpoint file
        assertThrows(IllegalStateException.class, () -> new InterpolationTrainer(c).resume(flow(2, 5), data));
    }

    @Test
    void aMissingOrCorruptCheckpointIsNamed(@TempDir Path dir) throws Exception {
        Sampler data = Datasets.byName("moons");
        InterpolationTrainer.Config c = CONFIG.withTimeEpsilon(1e-3);
        Path missing = dir.resolve("missing.ckpt");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new InterpolationTrainer(c).withCheckpoint(missing, 7).resume(flow(2, 5), data));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertInstanceOf(NoSuchFileException.class, e.getCause());

        Path good = dir.resolve("good.ckpt");
        new InterpolationTrainer(c).withCheckpoint(good, 7).withStopRequested(() -> true).train(flow(2, 5), data);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 9));
        e = assertThrows(UncheckedIOException.class,
                () -> new InterpolationTrainer(c).withCheckpoint(truncated, 7).resume(flow(2, 5), data));
        assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("truncated"),
                e.getMessage());
        assertInstanceOf(CorruptFileException.class, e.getCause());

        Path garbage = dir.resolve("garbage.ckpt");
        Files.writeString(garbage, "this is not a checkpoint at all");
        e = assertThrows(UncheckedIOException.class,
                () -> new InterpolationTrainer(c).withCheckpoint(garbage, 7).resume(flow(2, 5), data));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

        // a model file is a valid safetensors file but not a checkpoint
        Path model = dir.resolve("model.safetensors");
        flow(2, 5).save(model);
        e = assertThrows(UncheckedIOException.class,
                () -> new InterpolationTrainer(c).withCheckpoint(model, 7).resume(flow(2, 5), data));
        assertTrue(e.getMessage().contains(model.toString()) && e.getMessage().contains("not an Otto training checkpoint"),
                e.getMessage());

        // a checkpoint with an entry removed
        TrainingCheckpoint ck = TrainingCheckpoint.read(good, InterpolationTrainer.CHECKPOINT_KIND);
        Path partial = dir.resolve("partial.ckpt");
        TrainingCheckpoint copy = new TrainingCheckpoint(InterpolationTrainer.CHECKPOINT_KIND)
                .putSettings(ck.settings()).putState("iteration", ck.requireLong("iteration"))
                .putState("seconds", 0.0).putState("rng", ck.requireLong("rng"))
                .putTensor("losses", ck.requireTensor("losses"));
        copy.write(partial);
        e = assertThrows(UncheckedIOException.class,
                () -> new InterpolationTrainer(c).withCheckpoint(partial, 7).resume(flow(2, 5), data));
        assertTrue(e.getMessage().contains(partial.toString()) && e.getMessage().contains("no tensor 'adam.m."),
                e.getMessage());
    }

    @Test
    void aStopRequestWritesTheCheckpointOfTheLastCompletedIteration(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("interp.ckpt");
        int[] asked = {0};
        InterpolationTrainer.Result r = new InterpolationTrainer(CONFIG.withTimeEpsilon(1e-3)).withCheckpoint(file, 100)
                .withStopRequested(() -> ++asked[0] >= 3).train(flow(2, 5), Datasets.byName("moons"));
        assertEquals(3, r.losses().length);
        TrainingCheckpoint ck = TrainingCheckpoint.read(file, InterpolationTrainer.CHECKPOINT_KIND);
        assertEquals(3, ck.requireInt("iteration"));
        assertArrayEquals(r.losses(), ck.requireTensor("losses").toArray());
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }

    private static InterpolationTrainer.Config withIterations(InterpolationTrainer.Config c, int iterations) {
        return new InterpolationTrainer.Config(iterations, c.batchSize(), c.learningRate(), c.pairing(),
                c.timeEpsilon(), c.seed());
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
