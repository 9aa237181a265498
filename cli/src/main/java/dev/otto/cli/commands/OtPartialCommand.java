package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.autodiff.Tensor;
import dev.otto.cli.RunFailedException;
import dev.otto.ot.exact.PartialTransport;
import dev.otto.ot.sinkhorn.EntropicPartialResult;
import dev.otto.ot.sinkhorn.EntropicPartialTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code otto ot partial X Y --mass S [--eps EPS]}: partial transport of mass S, exact
 * ({@link PartialTransport}) or, with --eps or --relative-eps, entropic ({@link EntropicPartialTransport}).
 */
@Command(name = "partial", mixinStandardHelpOptions = true,
        description = "Partial OT: the cheapest plan moving mass S with P 1 <= a, P^T 1 <= b (network simplex);"
                + " with --eps or --relative-eps, entropic (min <C,P> + eps KL(P | a b^T), log domain).")
final class OtPartialCommand implements Callable<Integer> {
    @Mixin
    OtInputs in;

    @Option(names = "--mass", paramLabel = "S", required = true, description = "Mass to move, 0 <= S <= min(sum a, sum b).")
    double mass;

    @Mixin
    EntropicOptions entropic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        entropic.check();
        entropic.checkOnlyWithEpsilon();
        try (StagedOutputs staged = new StagedOutputs()) {
            OtInputs.Outputs out = in.reserve(staged);
            if (!entropic.requested() && (out.f() != null || out.g() != null)) {
                throw BadInputException.of(out.f() != null ? "--f" : "--g", "exact partial transport writes no potentials"
                        + " (the entropic one, with --eps, does)");
            }
            OtInputs.Problem pb = in.read(spec.commandLine().getErr(), false);
            double cap = Math.min(sum(pb.a()), sum(pb.b()));
            if (!(mass >= 0) || !(mass <= cap * (1 + 1e-12))) {
                throw BadInputException.of("--mass", "expected 0 <= S <= min(sum a, sum b) = " + cap + ", got " + mass);
            }
            PrintWriter o = spec.commandLine().getOut();
            if (entropic.requested()) {
                solveEntropic(pb, out, o);
            } else {
                PartialTransport.Plan r = PartialTransport.solve(pb.a(), pb.b(), pb.cost(), mass);
                o.println("cost " + r.cost());
                o.println("mass " + r.mass());
                o.println("nonzeros " + r.masses().length);
                if (out.plan() != null) {
                    MatrixFiles.write("--plan", out.plan(), Tensor.fromRows(r.dense(pb.a().length, pb.b().length)));
                }
            }
            staged.commit();
        }
        return 0;
    }

    private void solveEntropic(OtInputs.Problem pb, OtInputs.Outputs out, PrintWriter o) throws IOException {
        if (!(mass > 0)) {
            throw BadInputException.of("--mass", "expected S > 0 for entropic partial transport, got " + mass);
        }
        EntropicPartialTransport solver = entropic.apply(EntropicPartialTransport.create(),
                EntropicPartialTransport::withEpsilon, EntropicPartialTransport::withRelativeEpsilon,
                EntropicPartialTransport::withTolerance, EntropicPartialTransport::withMaxIterations);
        EntropicPartialResult r = solver.solve(pb.a(), pb.b(), pb.cost(), mass);
        o.println("cost " + r.transportCost());
        o.println("objective " + r.objective());
        o.println("mass " + r.mass());
        o.println("eps " + r.epsilon());
        double[] res = r.residuals();
        o.println((r.converged() ? "converged" : "NOT converged") + " after " + r.iterations()
                + " iterations, optimality residual " + String.format(Locale.ROOT, "%.3g", res.length == 0 ? Double.NaN : res[res.length - 1])
                + " x mass");
        if (out.plan() != null) {
            MatrixFiles.write("--plan", out.plan(), Tensor.fromRows(r.plan()));
        }
        // --f gets f + lambda, so that P = a b^T exp((f + g - C)/eps) as for the other entropic commands
        double[] f = r.f();
        for (int i = 0; i < f.length; i++) {
            f[i] += r.massMultiplier();
        }
        OtInputs.writePotentials(out, f, r.g());
        if (!r.converged()) {
            throw new RunFailedException("entropic partial transport did not reach the tolerance in " + r.iterations()
                    + " iterations (raise --max-iter or --eps); no output written");
        }
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
