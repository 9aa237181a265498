package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.Models;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.flows.Flow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code otto sample MODEL -n N -o FILE}: n samples of a saved model to .npy or .csv. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw samples from a saved model (z ~ N(0, I) pushed through the generating map).")
public final class SampleCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by otto train.")
    Path model;

    @Option(names = "-n", defaultValue = "1000", description = "Number of samples (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Output .npy or .csv file.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the noise (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (n <= 0) {
            throw BadInputException.of("-n", "expected a positive number of samples, got " + n);
        }
        MatrixFiles.formatOf("--out", out);
        try (StagedOutputs staged = new StagedOutputs()) {
            Path file = staged.file("--out", out);
            Flow flow = Models.load("MODEL", model);
            Tensor x = flow.sample(n, new SplittableRandom(seed));
            MatrixFiles.write("--out", file, x);
            staged.commit();
        }
        spec.commandLine().getOut().println("wrote " + n + " samples to " + out);
        return 0;
    }
}
