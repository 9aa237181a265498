package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.ot.sinkhorn.UnbalancedResult;
import dev.otto.ot.sinkhorn.UnbalancedSinkhorn;
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
 * {@code otto ot unbalanced X Y --tau T | --reach R}: unbalanced entropic OT (KL-relaxed marginals,
 * {@link UnbalancedSinkhorn}); the weights may have different sums.
 */
@Command(name = "unbalanced", mixinStandardHelpOptions = true,
        description = "Unbalanced entropic OT: min <C,P> + eps KL(P | a b^T) + tau KL(P 1 | a) + tau KL(P^T 1 | b), log domain.")
final class OtUnbalancedCommand implements Callable<Integer> {
    @Mixin
    OtInputs in;

    @Option(names = "--tau", paramLabel = "TAU", description = "Marginal penalty tau > 0 (default: none; one of --tau and --reach is required).")
    Double tau;

    @Option(names = "--reach", paramLabel = "R", description = "Reach R > 0 instead of --tau: tau = R^p (default: none).")
    Double reach;

    @Mixin
    EntropicOptions entropic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((tau == null) == (reach == null)) {
            throw BadInputException.of("--tau", "expected exactly one of --tau and --reach");
        }
        if (tau != null && !(tau > 0)) {
            throw BadInputException.of("--tau", "expected a marginal penalty > 0, got " + tau);
        }
        if (reach != null && !(reach > 0 && Double.isFinite(reach))) {
            throw BadInputException.of("--reach", "expected a finite length > 0, got " + reach);
        }
        entropic.check();
        try (StagedOutputs staged = new StagedOutputs()) {
            OtInputs.Outputs out = in.reserve(staged);
            OtInputs.Problem pb = in.read(spec.commandLine().getErr(), false);
            UnbalancedSinkhorn s = entropic.apply(
                    tau != null ? UnbalancedSinkhorn.withPenalty(tau) : UnbalancedSinkhorn.withReach(reach, pb.p()),
                    UnbalancedSinkhorn::withEpsilon, UnbalancedSinkhorn::withRelativeEpsilon,
                    UnbalancedSinkhorn::withTolerance, UnbalancedSinkhorn::withMaxIterations);
            UnbalancedResult r = s.solve(pb.a(), pb.b(), pb.cost());
            PrintWriter o = spec.commandLine().getOut();
            o.println("cost " + r.transportCost());
            o.println("objective " + r.objective());
            o.println("mass " + r.mass());
            o.println("marginal_divergence " + r.marginalDivergence());
            o.println("eps " + r.epsilon());
            o.println("tau " + r.tau());
            double[] ch = r.potentialChanges();
            o.println((r.converged() ? "converged" : "NOT converged") + " after " + r.iterations()
                    + " iterations, potential change " + String.format(Locale.ROOT, "%.3g", ch.length == 0 ? Double.NaN : ch[ch.length - 1])
                    + " eps");
            if (out.plan() != null) {
                MatrixFiles.write("--plan", out.plan(), Tensor.fromRows(r.plan()));
            }
            OtInputs.writePotentials(out, r.f(), r.g());
            if (!r.converged()) {
                throw new RunFailedException("unbalanced Sinkhorn did not reach the tolerance in " + r.iterations()
                        + " iterations (raise --max-iter or --eps); no output written");
            }
            staged.commit();
        }
        return 0;
    }
}
