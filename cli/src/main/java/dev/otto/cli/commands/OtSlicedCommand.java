package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.ot.SlicedWasserstein;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otto ot sliced X Y}: sliced and max-sliced W_p over seeded directions ({@link SlicedWasserstein}). */
@Command(name = "sliced", mixinStandardHelpOptions = true,
        description = "Sliced Wasserstein SW_p = (mean over directions of W_p^p of the projections)^(1/p), and max-sliced.")
final class OtSlicedCommand implements Callable<Integer> {
    @Mixin
    OtInputs in;

    @Option(names = "--directions", defaultValue = "200", description = "Number of directions (default ${DEFAULT-VALUE}).")
    int directions;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the directions (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (directions < 1) {
            throw BadInputException.of("--directions", "expected at least 1, got " + directions);
        }
        try (StagedOutputs staged = new StagedOutputs()) {
            OtInputs.Outputs out = in.reserve(staged);
            if (out.plan() != null || out.f() != null || out.g() != null) {
                throw BadInputException.of(out.plan() != null ? "--plan" : out.f() != null ? "--f" : "--g",
                        "the sliced distance has no plan or potentials to write");
            }
            OtInputs.Problem pb = in.read(spec.commandLine().getErr());
            SlicedWasserstein.Slices s = SlicedWasserstein.slices(pb.x(), pb.a(), pb.y(), pb.b(), pb.p(),
                    SlicedWasserstein.directions(directions, pb.x()[0].length, seed));
            PrintWriter o = spec.commandLine().getOut();
            o.println("SW_p " + s.sliced());
            o.println("max_SW_p " + s.maxSliced());
            o.println("directions " + directions + ", seed " + seed);
            staged.commit();
        }
        return 0;
    }
}
