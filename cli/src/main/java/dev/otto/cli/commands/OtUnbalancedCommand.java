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

    @Option(names = "--eps", paramLabel = "EPS", description = "Regularisation eps (absolute; default: from --relative-eps).")
    Double eps;

    @Option(names = "--relative-eps", paramLabel = "R",
            description = "eps = R * mean cost under a b^T, when --eps is absent (default 0.05).")
    Double relativeEps;

    @Option(names = "--tol", paramLabel = "TOL", description = "Stop when no potential moves by more than TOL * eps (default 1e-9).")
    Double tolerance;

    @Option(names = "--max-iter", defaultValue = "10000", description = "Iteration limit (default ${DEFAULT-VALUE}).")
    int maxIterations;

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
        if (eps != null && !(eps > 0 && Double.isFinite(eps))) {
            throw BadInputException.of("--eps", "expected a finite value > 0, got " + eps);
        }
        if (maxIterations < 1) {
            throw BadInputException.of("--max-iter", "expected at least 1, got " + maxIterations);
        }
        try (StagedOutputs staged = new StagedOutputs()) {
            OtInputs.Outputs out = in.reserve(staged);
            OtInputs.Problem pb = in.read(spec.commandLine().getErr(), false);
            UnbalancedSinkhorn s = (tau != null ? UnbalancedSinkhorn.withPenalty(tau) : UnbalancedSinkhorn.withReach(reach, pb.p()))
                    .withMaxIterations(maxIterations);
            if (eps != null) {
                s = s.withEpsilon(eps);
            } else if (relativeEps != null) {
                s = s.withRelativeEpsilon(relativeEps);
            }
            if (tolerance != null) {
                s = s.withTolerance(tolerance);
            }
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
