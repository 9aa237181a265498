package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.io.FileNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every {@code otto train} family shares. */
public final class TrainOptions {

    @Option(names = "--data", required = true, paramLabel = "NAME|FILE",
            description = "Training data: a built-in distribution (moons, 8gaussians, checkerboard, pinwheel, swissroll,"
                    + " circles, 2spirals, rings) a .npy/.csv file of samples (rows) or a .png/.jpg picture (a 2-D density).")
    String data;

    @Mixin
    HeaderOption csv;

    @Option(names = "--embed", paramLabel = "D",
            description = "Zero-pad the data into D dimensions (a 2-D set as a manifold of R^D, as in the proximal paper;"
                    + " default: the data's own dimension).")
    Integer embed;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
            description = "Model file to write (.safetensors); written only when training ends.")
    Path out;

    @Option(names = "--iterations", paramLabel = "N", description = "Training iterations, per block for jko (default: jko "
            + FamilyDefaults.JKO_ITERATIONS + ", interp " + FamilyDefaults.INTERP_ITERATIONS + ", prox "
            + FamilyDefaults.PROX_ITERATIONS + ").")
    Integer iterations;

    @Option(names = "--batch", paramLabel = "N", description = "Minibatch size (default: jko " + FamilyDefaults.JKO_BATCH
            + ", interp " + FamilyDefaults.INTERP_BATCH + ", prox the paper's for the data's dimension).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate, the generator's for prox (default: jko "
            + FamilyDefaults.JKO_LEARNING_RATE + ", interp " + FamilyDefaults.INTERP_LEARNING_RATE + ", prox the"
            + " paper's for the data's dimension).")
    Double learningRate;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file, saved during training (default: the --out file name + .checkpoint).")
    Path checkpoint;

    @Option(names = "--resume", description = "Continue from the checkpoint of an interrupted run (same options).")
    boolean resume;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write a report folder (index.html, PNG charts, metrics.json) for the trained model (default:"
                    + " none).")
    Path report;

    @Option(names = "--eval-samples", defaultValue = "1000", paramLabel = "N",
            description = "Samples behind the report's figures (default ${DEFAULT-VALUE}).")
    int evalSamples;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** The --data source, embedded into --embed dimensions if given; conversion notes go to {@code err}. */
    dev.otto.cli.io.DataSource dataSource(PrintWriter err) {
        dev.otto.cli.io.DataSource d = dev.otto.cli.io.DataSource.parse("--data", data, csv.reading(err));
        return embed == null ? d : d.embed("--embed", embed);
    }

    /** The checkpoint file: --checkpoint, or the model file's name with ".checkpoint" appended. */
    Path checkpointFile() {
        return checkpoint != null ? checkpoint : out.resolveSibling(out.getFileName() + ".checkpoint");
    }

    /** --iterations, or the family's default; checked positive. */
    int iterations(int fallback) {
        return positive("--iterations", iterations, fallback);
    }

    /** --batch, or the family's default; checked >= 2. */
    int batch(int fallback) {
        int b = positive("--batch", batch, fallback);
        if (b < 2) {
            throw BadInputException.of("--batch", "expected at least 2, got " + b);
        }
        return b;
    }

    /** --lr, or the family's default; checked finite and positive. */
    double learningRate(double fallback) {
        double lr = learningRate == null ? fallback : learningRate;
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw BadInputException.of("--lr", "expected a finite rate > 0, got " + lr);
        }
        return lr;
    }

    void check() {
        FileNames.requireExtension("--out", out, ".safetensors");
        if (evalSamples < 2) {
            throw BadInputException.of("--eval-samples", "expected at least 2, got " + evalSamples);
        }
        if (checkpointFile().toAbsolutePath().equals(out.toAbsolutePath())) {
            throw BadInputException.of("--checkpoint", "must differ from --out (" + out + ")");
        }
    }

    static int positive(String option, Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if (v <= 0) {
            throw BadInputException.of(option, "expected a positive number, got " + v);
        }
        return v;
    }
}
