package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.io.MatrixFiles;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code otto ot emd|sinkhorn|unbalanced|partial|sliced X Y}: optimal transport between two point clouds (MATH.md
 * section 1); {@code otto ot barycenter Y1 ... YK}: their Wasserstein-2 barycenter.
 * Numbers are printed in full precision (Java's shortest round-trip form), one "name value" per line.
 */
@Command(name = "ot", mixinStandardHelpOptions = true,
        description = "Optimal transport between two point clouds: emd (exact, network simplex), sinkhorn (entropic),"
                + " unbalanced (KL-relaxed marginals), partial (a given mass), sliced (sliced Wasserstein) or"
                + " barycenter (of K clouds).",
        subcommands = {OtCommand.Emd.class, OtCommand.SinkhornCommand.class, OtUnbalancedCommand.class,
            OtPartialCommand.class, OtSlicedCommand.class, OtBarycenterCommand.class})
public final class OtCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a solver: emd, sinkhorn, unbalanced, partial, sliced or barycenter");
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
                OtInputs.Problem pb = in.read(spec.commandLine().getErr());
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
                OtInputs.writeReport(out, pb, "exact OT (network simplex)", Map.of("cost", r.cost()), r.densePlan());
                staged.commit();
            }
            return 0;
        }
    }

    /** Entropic OT by Sinkhorn iterations (log-domain by default). */
    @Command(name = "sinkhorn", mixinStandardHelpOptions = true,
            description = "Entropic OT: min <C,P> + eps KL(P | a b^T) by Sinkhorn iterations.")
    static final class SinkhornCommand implements Callable<Integer> {
        /** -ln of the smallest normal double, 2^-1022: exp(-t) is subnormal or 0 beyond it. */
        static final double KERNEL_UNDERFLOW = 708.0;

        @Mixin
        OtInputs in;

        @Mixin
        EntropicOptions entropic;

        @Option(names = "--method", defaultValue = "LOG_DOMAIN", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        Sinkhorn.Method method;

        @Option(names = "--cost-memory", defaultValue = "512", paramLabel = "MB",
                description = "Store the n x m cost matrix, and the log domain's absorbed kernel, when their 8 n m"
                        + " bytes fit in MB megabytes each (one multiply-add per entry instead of one exponential);"
                        + " larger problems compute costs on the fly in O(n + m) memory (default ${DEFAULT-VALUE}).")
        long costMemory;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (StagedOutputs staged = new StagedOutputs()) {
                OtInputs.Outputs out = in.reserve(staged);
                checkOptions();
                OtInputs.Problem pb = in.read(spec.commandLine().getErr());
                Sinkhorn s = entropic.apply(Sinkhorn.logDomain().withMethod(method).withKernelMemory(costMemoryBytes()),
                        Sinkhorn::withEpsilon, Sinkhorn::withRelativeEpsilon, Sinkhorn::withTolerance,
                        Sinkhorn::withMaxIterations);
                entropic.checkResolved(s.resolveEpsilon(pb.a(), pb.b(), pb.cost()));
                s = scalingOrLogDomain(s, pb);
                Cost cost = storedWhenItFits(pb);
                SinkhornResult r = s.solve(pb.a(), pb.b(), cost);
                PrintWriter o = spec.commandLine().getOut();
                o.println("cost " + r.transportCost());
                o.println("objective " + r.objective());
                o.println("eps " + r.epsilon());
                o.println("cost matrix " + (cost.isExplicit() ? "stored" : "computed on the fly") + " ("
                        + pb.a().length + " x " + pb.b().length + ", --cost-memory " + costMemory + " MB)");
                o.println((r.converged() ? "converged" : "NOT converged") + " after " + r.iterations()
                        + " iterations, marginal error " + String.format(Locale.ROOT, "%.3g", r.rowMarginalError()));
                if (out.plan() != null) {
                    MatrixFiles.write("--plan", out.plan(), Tensor.fromRows(r.plan()));
                }
                OtInputs.writePotentials(out, r.f(), r.g());
                OtInputs.writeReport(out, pb, "entropic OT (Sinkhorn, eps = " + r.epsilon() + ")",
                        Map.of("transport cost", r.transportCost()), r.plan());
                if (!r.converged()) {
                    throw new RunFailedException("Sinkhorn did not reach the tolerance in " + r.iterations()
                            + " iterations (raise --max-iter or --eps); no output written");
                }
                staged.commit();
            }
            return 0;
        }

        private void checkOptions() {
            entropic.check();
            if (costMemory < 0) {
                throw BadInputException.of("--cost-memory", "expected a number of megabytes >= 0, got " + costMemory);
            }
        }

        /** --cost-memory in bytes (saturating at Long.MAX_VALUE). */
        private long costMemoryBytes() {
            return costMemory > Long.MAX_VALUE >> 20 ? Long.MAX_VALUE : costMemory << 20;
        }

        /** The stored cost matrix when 8 n m bytes fit in --cost-memory, else the on-the-fly cost. */
        private Cost storedWhenItFits(OtInputs.Problem pb) {
            long entries = (long) pb.a().length * pb.b().length;
            return entries * Double.BYTES <= costMemoryBytes() ? CostMatrix.of(pb.cost()) : pb.cost();
        }

        /**
         * The scaling iteration multiplies kernel entries exp(-C_ij / eps); once max C / eps exceeds
         * {@link #KERNEL_UNDERFLOW} the smallest entries are subnormal or 0 and the plan loses the
         * mass they carry, though no sum underflows (so the solver's own fallback never fires). Then
         * the log domain is used instead, and the user told so.
         */
        private Sinkhorn scalingOrLogDomain(Sinkhorn s, OtInputs.Problem pb) {
            if (method != Sinkhorn.Method.SCALING) {
                return s;
            }
            double ratio = pb.maxCost() / s.resolveEpsilon(pb.a(), pb.b(), pb.cost());
            if (ratio <= KERNEL_UNDERFLOW) {
                return s;
            }
            spec.commandLine().getErr().println("--method: kernel entries exp(-C/eps) underflow (max C/eps = "
                    + String.format(Locale.ROOT, "%.4g", ratio) + " > " + KERNEL_UNDERFLOW
                    + "); solving in the log domain instead");
            return s.withMethod(Sinkhorn.Method.LOG_DOMAIN);
        }
    }
}
