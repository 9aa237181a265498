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
import dev.otto.flows.interpolation.Coupling;
import dev.otto.flows.interpolation.CouplingSampler;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.InterpolationTrainer;
import dev.otto.flows.interpolation.Pairing;
import dev.otto.flows.interpolation.Reflow;
import dev.otto.flows.interpolation.Schedule;
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
 * velocity learned by simulation-free regression along X_t = a(t) Z + b(t) X_1.
 */
@Command(name = "interp", mixinStandardHelpOptions = true,
        description = "Train a Gaussian interpolation flow (velocity regression along X_t = a(t) Z + b(t) X_1).")
final class TrainInterp extends FamilyTraining {

    @Option(names = "--schedule", defaultValue = "linear",
            description = "linear, trigonometric, follmer or vp(p) (default ${DEFAULT-VALUE}).")
    String schedule;

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

    @Override
    Trained train(DataSource data, TrainingListener listener, Path checkpoint, boolean resume) throws IOException {
        Schedule s;
        try {
            s = Schedule.byName(schedule);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--schedule", e.getMessage());
        }
        TrainOptions.positive("--width", width, 1);
        if (reflow < 0) {
            throw BadInputException.of("--reflow", "expected a number of rounds >= 0, got " + reflow);
        }
        if (reflow > 0 && !s.name().equals("linear")) {
            throw BadInputException.of("--reflow", "reflow straightens along the linear interpolant; expected"
                    + " --schedule linear, got " + s.name());
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
        InterpolationFlow flow = InterpolationFlow.create(data.dimension(), hidden, Activation.softplus(), s,
                Integration.adaptive(Models.INTERPOLATION_TOLERANCE), new SplittableRandom(options.seed));
        InterpolationTrainer trainer = new InterpolationTrainer(config)
                .withListener(LossHistory.both(stop.counter(), listener))
                .withCheckpoint(checkpoint, stop.every()).withStopRequested(stop.signal())
                .withDivergencePolicy(rollback.policy());
        if (coupling != null) {
            trainer = trainer.withCoupling(couplingSampler(config.batchSize()));
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
