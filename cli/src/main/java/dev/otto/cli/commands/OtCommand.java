package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code otto ot emd|sinkhorn|unbalanced|partial|sliced X Y}: optimal transport between two point clouds (MATH.md section 1).
 * Numbers are printed in full precision (Java's shortest round-trip form), one "name value" per line.
 */
@Command(name = "ot", mixinStandardHelpOptions = true,
        description = "Optimal transport between two point clouds: emd (exact, network simplex), sinkhorn (entropic),"
                + " unbalanced (KL-relaxed marginals), partial (a given mass) or sliced (sliced Wasserstein).",
        subcommands = {OtCommand.Emd.class, OtCommand.SinkhornCommand.class, OtUnbalancedCommand.class,
            OtPartialCommand.class, OtSlicedCommand.class})
public final class OtCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a solver: emd, sinkhorn, unbalanced, partial or sliced");
    }

    /** Exact OT: OT(a, b, C) = min <C, P> over couplings, by the network simplex. */
    @Command(name = "emd", mixinStandardHelpOptions = true,
            description = "Exact OT cost min <C,P> (and W_p = cost^(1/p)) by the network simplex.")
    static final class Emd implements Callable<Integer> {
        @Mixin
        OtInputs in;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (StagedOutputs staged = new StagedOutputs()) {
                OtInputs.Outputs out = in.reserve(staged);
                OtInputs.Problem pb = in.read();
                ExactResult r = new NetworkSimplex().solve(pb.a(), pb.b(), pb.cost());
                if (!r.isOptimal()) {
                    throw new RunFailedException("the network simplex stopped with status " + r.status() + " after "
                            + r.iterations() + " pivots; no output written");
                }
                PrintWriter o = spec.commandLine().getOut();
                o.println("cost " + r.cost());
                o.println("W_p " + Math.pow(Math.max(0, r.cost()), 1 / pb.p()));
                o.println("dual " + r.dualObjective(pb.a(), pb.b()));
                o.println("status " + r.status() + ", " + r.nonZeros() + " nonzeros (at most n+m-1 = "
                        + (pb.a().length + pb.b().length - 1) + "), " + r.iterations() + " pivots");
                if (out.plan() != null) {
                    double[][] plan = r.densePlan();
                    MatrixFiles.write("--plan", out.plan(), Tensor.fromRows(plan));
                }
                OtInputs.writePotentials(out, r.f(), r.g());
                staged.commit();
            }
            return 0;
        }
    }

    /** Entropic OT by Sinkhorn iterations (log-domain by default). */
    @Command(name = "sinkhorn", mixinStandardHelpOptions = true,
            description = "Entropic OT: min <C,P> + eps KL(P | a b^T) by Sinkhorn iterations.")
    static final class SinkhornCommand implements Callable<Integer> {
        @Mixin
        OtInputs in;

        @Option(names = "--eps", paramLabel = "EPS", description = "Regularisation eps (absolute).")
        Double eps;

        @Option(names = "--relative-eps", paramLabel = "R",
                description = "eps = R * mean cost under a b^T, when --eps is absent (default " + Sinkhorn.DEFAULT_RELATIVE_EPSILON + ").")
        Double relativeEps;

        @Option(names = "--method", defaultValue = "LOG_DOMAIN", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        Sinkhorn.Method method;

        @Option(names = "--tol", paramLabel = "TOL", description = "Stop when the marginal error |P 1 - a|_1 is below TOL.")
        Double tolerance;

        @Option(names = "--max-iter", defaultValue = "10000", description = "Iteration limit (default ${DEFAULT-VALUE}).")
        int maxIterations;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (StagedOutputs staged = new StagedOutputs()) {
                OtInputs.Outputs out = in.reserve(staged);
                OtInputs.Problem pb = in.read();
                Sinkhorn s = Sinkhorn.logDomain().withMethod(method).withMaxIterations(maxIterations);
                if (eps != null) {
                    s = s.withEpsilon(eps);
                } else if (relativeEps != null) {
                    s = s.withRelativeEpsilon(relativeEps);
                }
                if (tolerance != null) {
                    s = s.withTolerance(tolerance);
                }
                SinkhornResult r = s.solve(pb.a(), pb.b(), pb.cost());
                PrintWriter o = spec.commandLine().getOut();
                o.println("cost " + r.transportCost());
                o.println("objective " + r.objective());
                o.println("eps " + r.epsilon());
                o.println((r.converged() ? "converged" : "NOT converged") + " after " + r.iterations()
                        + " iterations, marginal error " + String.format(Locale.ROOT, "%.3g", r.rowMarginalError()));
                if (out.plan() != null) {
                    MatrixFiles.write("--plan", out.plan(), Tensor.fromRows(r.plan()));
                }
                OtInputs.writePotentials(out, r.f(), r.g());
                if (!r.converged()) {
                    throw new RunFailedException("Sinkhorn did not reach the tolerance in " + r.iterations()
                            + " iterations (raise --max-iter or --eps); no output written");
                }
                staged.commit();
            }
            return 0;
        }
    }
}
