package dev.otto.cli.commands;

import dev.otto.autodiff.nn.Activation;
import dev.otto.cli.BadInputException;
import dev.otto.cli.Interrupt;
import dev.otto.cli.LossHistory;
import dev.otto.cli.io.DataSource;
import dev.otto.cli.report.LossPanel;
import dev.otto.cli.io.Models;
import dev.otto.flows.TrainingDivergedException;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.interpolation.ConditionalPath;
import dev.otto.flows.interpolation.Coupling;
import dev.otto.flows.interpolation.CouplingSampler;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.InterpolationTrainer;
import dev.otto.flows.interpolation.Pairing;
import dev.otto.flows.interpolation.Reflow;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.flows.interpolation.Source;
import dev.otto.ode.Integration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code otto train interp}: a Gaussian interpolation flow (MATH.md section 5; seed paper 3), the
 * velocity learned by simulation-free regression along X_t = a(t) X_0 + b(t) X_1 (+ gamma(t) e for
 * the noisy paths of {@link ConditionalPath}), X_0 drawn from {@code --source} (N(0, I) by default).
 */
@Command(name = "interp", mixinStandardHelpOptions = true,
        description = "Train a Gaussian interpolation flow (velocity regression along X_t = a(t) Z + b(t) X_1).")
final class TrainInterp extends FamilyTraining {

    @Option(names = "--schedule",
            description = "linear, trigonometric, follmer or vp(p) (default linear); the interpolant"
                    + " X_t = a(t) X_0 + b(t) X_1 without added noise.")
    String schedule;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Conditional path instead of --schedule: linear (x_t = (1 - t) x0 + t x1), constant-sigma"
                    + " (+ sigma e, u_t = x1 - x0), schrodinger-bridge (+ sigma sqrt(t (1 - t)) e, pairs from the"
                    + " entropic plan with eps = 2 sigma^2; needs --time-epsilon) or vp (cos(pi t/2) x0 +"
                    + " sin(pi t/2) x1 + sigma e) (default: the --schedule interpolant).")
    String path;

    @Option(names = "--sigma", paramLabel = "S",
            description = "Noise level of the constant-sigma, schrodinger-bridge and vp paths (default 0.1); the bridge's"
                    + " Sinkhorn plan at eps = 2 sigma^2 far below the mean squared distance of the pairs takes many"
                    + " iterations per batch, so a larger sigma trains much faster there.")
    Double sigma;

    @Option(names = "--source", paramLabel = "gaussian|NAME|FILE",
            description = "Law of X_0 the flow starts from: gaussian (N(0, I), the default), a built-in distribution or"
                    + " a .npy/.csv file of samples (as --data); schedules with infinite a'(1) (follmer, vp(p)) need"
                    + " gaussian.")
    String source;

    @Option(names = "--pairing", defaultValue = "INDEPENDENT",
            description = "Noise-data pairing in a minibatch: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Pairing pairing;

    @Option(names = "--coupling",
            description = "Coupling of noise and data, replacing --pairing: independent, exact-ot, entropic:EPS or"
                    + " entropic-rel:R (eps = R x the mean squared distance); the training pairs are drawn from its plan"
                    + " on a coupling batch (default: none, --pairing decides).")
    String coupling;

    @Option(names = "--coupling-batch", description = "Rows of noise and of data the --coupling plan is solved on,"
            + " at least --batch (default: --batch).")
    Integer couplingBatch;

    @Option(names = "--with-replacement", description = "Draw the training pairs from the --coupling plan with"
            + " replacement (default: without).")
    boolean withReplacement;

    @Option(names = "--reflow", defaultValue = "0", description = "Rounds of reflow after training: retrain on"
            + " the model's own (noise, sample) pairs, --iterations each; straightness and the 1/2/4-step Euler error"
            + " are printed per round (default ${DEFAULT-VALUE}; needs the linear schedule).")
    int reflow;

    @Option(names = "--reflow-pairs", defaultValue = "10000",
            description = "(noise, sample) pairs drawn per reflow round (default ${DEFAULT-VALUE}).")
    int reflowPairs;

    @Option(names = "--time-epsilon", defaultValue = "0.0",
            description = "Train on t ~ U(0, 1 - eps); needed (e.g. 1e-3) by schedules whose a' is infinite at t = 1 (default ${DEFAULT-VALUE}).")
    double timeEpsilon;

    @Option(names = "--width", defaultValue = "64", description = "Hidden width of the velocity MLP (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "3", description = "Hidden layers of the velocity MLP (default ${DEFAULT-VALUE}).")
    int depth;

    @Mixin
    CheckpointOptions stop;

    /** --sigma when not given: TorchCFM's sigma_min of its 2-D benchmark. */
    static final double DEFAULT_SIGMA = 0.1;

    /** The --coupling, --coupling-batch and --with-replacement options as a sampler. */
    private CouplingSampler couplingSampler(int batch) {
        Coupling c;
        try {
            c = Coupling.byName(coupling);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--coupling", e.getMessage());
        }
        int m = couplingBatch == null ? batch : couplingBatch;
        if (m < batch) {
            throw BadInputException.of("--coupling-batch", "expected at least --batch " + batch + ", got " + m);
        }
        return new CouplingSampler(c, m, withReplacement);
    }

    /** --reflow rounds on the trained flow (in place), each round's figures printed. */
    private void reflow(InterpolationFlow flow, InterpolationTrainer.Config config, TrainingListener listener) {
        PrintWriter out = spec.commandLine().getOut();
        InterpolationTrainer trainer = new InterpolationTrainer(config).withListener(listener)
                .withDivergencePolicy(rollback.policy());
        for (Reflow.Round r : Reflow.run(flow, trainer, reflow, reflowPairs, 1000, options.seed)) {
            out.printf(Locale.ROOT, "reflow round %d: straightness %.4f, Euler 1/2/4-step error %.4g / %.4g / %.4g"
                    + " (E|x - x_RK4x%d|^2)%n", r.round(), r.straightness(), r.eulerErrors()[0], r.eulerErrors()[1],
                    r.eulerErrors()[2], Reflow.REFERENCE_STEPS);
        }
        out.flush();
    }

    @Override
    String label() {
        return "interp";
    }

    /** The regression loss of the velocity field (MATH.md section 5), in squared data units per unit time squared. */
    @Override
    List<LossPanel> lossPanels() {
        return List.of(LossPanel.curves("loss", "velocity regression loss", "squared data units per unit time^2",
                "Minibatch loss (1/n) sum |v_theta(t, x_t) - (a'(t) z + b'(t) x_1)|^2 of the velocity field against"
                        + " the interpolation's velocity; it levels off above zero, at the conditional variance of"
                        + " that target.", "total"));
    }

    @Override
    String title(DataSource data) {
        return "Gaussian interpolation flow on " + data.name();
    }

    /** The --path (with --sigma) or --schedule as a conditional path. */
    private ConditionalPath conditionalPath() {
        if (path == null) {
            if (sigma != null) {
                throw BadInputException.of("--sigma", "needs --path constant-sigma, schrodinger-bridge or vp");
            }
            try {
                return ConditionalPath.interpolant(Schedule.byName(schedule == null ? "linear" : schedule));
            } catch (IllegalArgumentException e) {
                throw BadInputException.of("--schedule", e.getMessage());
            }
        }
        if (schedule != null) {
            throw BadInputException.of("--path", "replaces --schedule; expected one of the two, got both");
        }
        double s = sigma == null ? DEFAULT_SIGMA : sigma;
        try {
            switch (path) {
                case "linear":
                    if (sigma != null) {
                        throw BadInputException.of("--sigma", "the linear path adds no noise; expected --path"
                                + " constant-sigma, schrodinger-bridge or vp");
                    }
                    return ConditionalPath.interpolant(Schedule.linear());
                case "constant-sigma":
                    return ConditionalPath.constantSigma(s);
                case "schrodinger-bridge":
                    return ConditionalPath.schrodingerBridge(s);
                case "vp":
                    return ConditionalPath.variancePreserving(s);
                default:
                    throw BadInputException.of("--path", "expected linear, constant-sigma, schrodinger-bridge or vp,"
                            + " got '" + path + "'");
            }
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--sigma", e.getMessage());
        }
    }

    /** The sampler the trainer draws pairs with: --coupling's, or the Schrodinger bridge's own plan. */
    private CouplingSampler couplingFor(ConditionalPath p, int batch) {
        if (p.coupling() == null) {
            return coupling == null ? null : couplingSampler(batch);
        }
        if (coupling != null) {
            throw BadInputException.of("--coupling", "path " + p.name() + " brings its coupling, "
                    + p.coupling().describe() + " (eps = 2 sigma^2); leave --coupling out");
        }
        if (pairing != Pairing.INDEPENDENT) {
            throw BadInputException.of("--pairing", "path " + p.name() + " brings its coupling, "
                    + p.coupling().describe() + "; expected INDEPENDENT, got " + pairing);
        }
        int m = couplingBatch == null ? batch : couplingBatch;
        if (m < batch) {
            throw BadInputException.of("--coupling-batch", "expected at least --batch " + batch + ", got " + m);
        }
        return new CouplingSampler(p.coupling(), m, withReplacement);
    }

    @Override
    Trained train(DataSource data, TrainingListener listener, Path checkpoint, boolean resume) throws IOException {
        ConditionalPath p = conditionalPath();
        Source x0 = SourceOption.parse(source, data.dimension(), options.embed != null,
                options.csv.reading(spec.commandLine().getErr()));
        TrainOptions.positive("--width", width, 1);
        if (reflow < 0) {
            throw BadInputException.of("--reflow", "expected a number of rounds >= 0, got " + reflow);
        }
        if (reflow > 0 && !p.name().equals("linear")) {
            throw BadInputException.of("--reflow", "reflow straightens along the linear interpolant without noise;"
                    + " expected --schedule linear or --path linear, got " + p.name());
        }
        double tMin = p.finiteTargetAt(0) ? 0 : timeEpsilon;
        if (!(timeEpsilon >= 0 && timeEpsilon < 0.5)) {
            throw BadInputException.of("--time-epsilon", "expected a value in [0, 0.5), got " + timeEpsilon);
        }
        if (!p.finiteTargetAt(tMin) || !p.finiteTargetAt(1 - timeEpsilon)) {
            throw BadInputException.of("--time-epsilon", (path == null ? "schedule " : "path ") + p.name()
                    + " has an infinite target velocity at t = " + (p.finiteTargetAt(tMin) ? 1 : 0)
                    + "; expected --time-epsilon > 0 (e.g. 1e-3), got " + timeEpsilon);
        }
        if (reflowPairs < 2) {
            throw BadInputException.of("--reflow-pairs", "expected at least 2 pairs, got " + reflowPairs);
        }
        TrainOptions.positive("--depth", depth, 1);
        InterpolationTrainer.Config config;
        try {
            config = new InterpolationTrainer.Config(options.iterations(FamilyDefaults.INTERP_ITERATIONS), options.batch(FamilyDefaults.INTERP_BATCH),
                    options.learningRate(FamilyDefaults.INTERP_LEARNING_RATE), pairing, timeEpsilon, options.seed);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--time-epsilon", e.getMessage());
        }
        int[] hidden = new int[depth];
        Arrays.fill(hidden, width);
        InterpolationFlow flow = InterpolationFlow.create(data.dimension(), hidden, Activation.softplus(), p,
                Integration.adaptive(Models.INTERPOLATION_TOLERANCE), new SplittableRandom(options.seed));
        try {
            flow = flow.withSource(x0);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--source", e.getMessage().replaceFirst("^source: ", ""));
        }
        InterpolationTrainer trainer = new InterpolationTrainer(config)
                .withListener(LossHistory.both(stop.counter(), listener))
                .withCheckpoint(checkpoint, stop.every()).withStopRequested(stop.signal())
                .withDivergencePolicy(rollback.policy());
        CouplingSampler pairs = couplingFor(p, config.batchSize());
        if (pairs != null) {
            trainer = trainer.withCoupling(pairs);
        } else if (couplingBatch != null || withReplacement) {
            throw BadInputException.of(couplingBatch != null ? "--coupling-batch" : "--with-replacement",
                    "needs --coupling");
        }
        Interrupt.expectCooperation();
        try {
            if (data.fixed() != null) {
                if (resume) {
                    trainer.resume(flow, data.fixed());
                } else {
                    trainer.train(flow, data.fixed());
                }
            } else if (resume) {
                trainer.resume(flow, data.sampler());
            } else {
                trainer.train(flow, data.sampler());
            }
        } catch (TrainingDivergedException e) {
            // the flow holds the last good parameters
            return new Trained(flow, flow::save, Trained.ReportExtras.none(), e.getMessage(), false);
        }
        boolean stopped = Interrupt.requested() || stop.stoppedByOption(config.iterations());
        if (!stopped && reflow > 0) {
            try {
                reflow(flow, config.withPairing(Pairing.INDEPENDENT), listener);
            } catch (TrainingDivergedException e) {
                return new Trained(flow, flow::save, Trained.ReportExtras.none(), e.getMessage(), false);
            }
        }
        return new Trained(flow, flow::save, Trained.ReportExtras.none(), null, stopped);
    }
}
