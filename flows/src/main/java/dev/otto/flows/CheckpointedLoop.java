package dev.otto.flows;

import dev.otto.flows.io.TrainingCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The resume / save / stop shell around an iteration-level trainer's loop (the interpolation and
 * proximal trainers). It reads a checkpoint to resume from (checking that it was written for the
 * same settings, reading the iteration count, the generator state, the wall time and the rollbacks
 * so far, and handing the rest to the trainer), writes the checkpoint every N iterations and once
 * more at the end unless the last iteration just did, and asks the stop request after every
 * iteration. The trainer keeps what is its own: its step, its networks and optimisers, its extra
 * state. Because the same fields are written and read in the same order, a resumed run continues
 * bit for bit.
 *
 * <pre>{@code
 * CheckpointedLoop loop = new CheckpointedLoop(KIND, file, every, iterations, stop, settings);
 * CheckpointedLoop.Start s = resume ? loop.resume(ck -> restoreMine(ck)) : CheckpointedLoop.Start.FRESH;
 * for (int it = s.first(); it < iterations; it++) {
 *     ... one step ...
 *     if (loop.afterIteration(it + 1, seconds, rng.state(), rollbacks, ck -> putMine(ck))) break;
 * }
 * loop.finish(done, seconds, rng.state(), rollbacks, ck -> putMine(ck));
 * }</pre>
 */
public final class CheckpointedLoop {

    private static final String ITERATION = "iteration";
    private static final String ITERATIONS = "iterations";
    private static final String RNG = "rng";
    private static final String SECONDS = "seconds";
    /** Present only after a rollback, so runs without one write what older versions wrote. */
    private static final String ROLLBACKS = "rollbacks";

    private final String kind;
    private final Path file;
    private final int every;
    private final int iterations;
    private final BooleanSupplier stopRequested;
    private final Map<String, String> settings;
    private boolean saved;

    /** Where a run starts: its first iteration, generator state, earlier wall time and rollbacks. */
    public record Start(int first, long rngState, double secondsBefore, int rollbacks) {
    }

    /** The trainer's own part of a checkpoint: restoring it, or filling it in. */
    @FunctionalInterface
    public interface Part {
        void accept(TrainingCheckpoint checkpoint, int iterationsDone) throws IOException;
    }

    /**
     * @param kind          the checkpoint kind of the trainer
     * @param file          the checkpoint file, or null for none (then nothing is written)
     * @param every         iterations between checkpoints (ignored without a file)
     * @param iterations    the run's total number of iterations
     * @param stopRequested asked after every iteration
     * @param settings      what a resumed run must match (ignored without a file)
     */
    public CheckpointedLoop(String kind, Path file, int every, int iterations, BooleanSupplier stopRequested,
                            Map<String, String> settings) {
        this.kind = kind;
        this.file = file;
        this.every = every;
        this.iterations = iterations;
        this.stopRequested = stopRequested;
        this.settings = settings;
    }

    /**
     * Reads the checkpoint, checks its settings and iteration count, then lets {@code restore} load
     * the trainer's part.
     *
     * @throws IllegalStateException if there is no checkpoint file
     * @throws IllegalArgumentException naming the file and every setting that differs
     * @throws UncheckedIOException naming the file if it is missing, unreadable or corrupt
     */
    public Start resume(Part restore) {
        if (file == null) {
            throw new IllegalStateException("resume: no checkpoint file; set one with withCheckpoint(file, every)");
        }
        try {
            TrainingCheckpoint ck = TrainingCheckpoint.read(file, kind);
            ck.checkSettings(settings);
            int first = ck.requireInt(ITERATION);
            if (first < 0 || first > iterations) {
                throw new IllegalArgumentException(file + ": holds " + first + " completed iterations, this run"
                        + " has iterations = " + iterations + "; expected iterations >= " + first);
            }
            long rng = ck.requireLong(RNG);
            double seconds = ck.requireDouble(SECONDS);
            int rollbacks = ck.stateWithPrefix(ROLLBACKS).containsKey(ROLLBACKS) ? ck.requireInt(ROLLBACKS) : 0;
            restore.accept(ck, first);
            saved = true;
            return new Start(first, rng, seconds, rollbacks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from the checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * After iteration {@code done} (counted from 1) completed: writes the checkpoint if one is due,
     * and returns true when the run should stop now (asked to, before its last iteration).
     */
    public boolean afterIteration(int done, double seconds, long rngState, int rollbacks, Part fill) {
        saved = false;
        if (file != null && done % every == 0) {
            write(done, seconds, rngState, rollbacks, fill);
        }
        return done < iterations && stopRequested.getAsBoolean();
    }

    /** At the end of a run (completed or stopped): writes the checkpoint unless the last iteration did. */
    public void finish(int done, double seconds, long rngState, int rollbacks, Part fill) {
        if (file != null && !saved) {
            write(done, seconds, rngState, rollbacks, fill);
        }
    }

    private void write(int done, double seconds, long rngState, int rollbacks, Part fill) {
        TrainingCheckpoint ck = new TrainingCheckpoint(kind).putSettings(settings)
                .putState(ITERATION, done).putState(ITERATIONS, iterations)
                .putState(RNG, rngState).putState(SECONDS, seconds);
        if (rollbacks > 0) {
            ck.putState(ROLLBACKS, rollbacks);
        }
        try {
            fill.accept(ck, done);
            ck.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint " + file + ": " + e.getMessage(), e);
        }
        saved = true;
    }
}
