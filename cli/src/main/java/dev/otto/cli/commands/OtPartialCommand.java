package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.autodiff.Tensor;
import dev.otto.ot.exact.PartialTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otto ot partial X Y --mass S}: exact partial transport of mass S ({@link PartialTransport}). */
@Command(name = "partial", mixinStandardHelpOptions = true,
        description = "Exact partial OT: the cheapest plan moving mass S with P 1 <= a, P^T 1 <= b (network simplex).")
final class OtPartialCommand implements Callable<Integer> {
    @Mixin
    OtInputs in;

    @Option(names = "--mass", paramLabel = "S", required = true, description = "Mass to move, 0 <= S <= min(sum a, sum b).")
    double mass;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (StagedOutputs staged = new StagedOutputs()) {
            OtInputs.Outputs out = in.reserve(staged);
            if (out.f() != null || out.g() != null) {
                throw BadInputException.of(out.f() != null ? "--f" : "--g", "partial transport writes no potentials");
            }
            OtInputs.Problem pb = in.read(spec.commandLine().getErr(), false);
            double cap = Math.min(sum(pb.a()), sum(pb.b()));
            if (!(mass >= 0) || !(mass <= cap * (1 + 1e-12))) {
                throw BadInputException.of("--mass", "expected 0 <= S <= min(sum a, sum b) = " + cap + ", got " + mass);
            }
            PartialTransport.Plan r = PartialTransport.solve(pb.a(), pb.b(), pb.cost(), mass);
            PrintWriter o = spec.commandLine().getOut();
            o.println("cost " + r.cost());
            o.println("mass " + r.mass());
            o.println("nonzeros " + r.masses().length);
            if (out.plan() != null) {
                MatrixFiles.write("--plan", out.plan(), Tensor.fromRows(r.dense(pb.a().length, pb.b().length)));
            }
            staged.commit();
        }
        return 0;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
