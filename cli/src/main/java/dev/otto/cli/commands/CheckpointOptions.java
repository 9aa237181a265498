package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.Interrupt;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/**
 * Checkpointing of the iteration-level trainers (interp, prox): how often to write the checkpoint,
 * and when to stop early leaving one: on Ctrl-C ({@link Interrupt}) or after a given iteration
 * ({@code --stop-after}, to train in slices on a shared machine: each slice ends with a checkpoint
 * that {@code --resume} continues bit for bit).
 */
public final class CheckpointOptions {

    @Option(names = "--checkpoint-every", defaultValue = "500",
            description = "Iterations between checkpoints (default ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--stop-after", paramLabel = "ITERATION",
            description = "Stop once this iteration (counted from the start of training) is done, leaving a checkpoint"
                    + " for --resume (default: train to the end).")
    Integer stopAfter;

    private volatile int done;

    /** --checkpoint-every, checked positive. */
    int every() {
        return TrainOptions.positive("--checkpoint-every", every, 1);
    }

    /** A listener that counts the iterations done (place it before the others). */
    TrainingListener counter() {
        return (TrainingProgress p) -> done = p.iteration() + 1;
    }

    /** True once Ctrl-C was pressed or the --stop-after iteration is done. */
    BooleanSupplier signal() {
        if (stopAfter != null && stopAfter <= 0) {
            throw BadInputException.of("--stop-after", "expected a positive iteration, got " + stopAfter);
        }
        return () -> Interrupt.requested() || (stopAfter != null && done >= stopAfter);
    }

    /** Whether the run ended because of --stop-after (not Ctrl-C). */
    boolean stoppedByOption(int iterations) {
        return stopAfter != null && done >= stopAfter && stopAfter < iterations;
    }
}
