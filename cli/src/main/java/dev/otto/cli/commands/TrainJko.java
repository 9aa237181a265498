package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.cli.Interrupt;
import dev.otto.cli.LossHistory;
import dev.otto.cli.io.DataSource;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.jko.JkoTrainer;
import dev.otto.flows.jko.MapAgreement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code otto train jko}: a JKO flow (MATH.md section 4; seed paper 1), blocks trained one after
 * another, each one JKO step of size h_k = h0 growth^(k-1). Checkpoints after every block; --resume
 * continues at the first untrained block; --stop-after N and Ctrl-C end the run after the last
 * completed block, leaving the checkpoint. A block whose training map (S RK4 steps) and sampling map
 * (Dormand-Prince) disagree on held-out samples by more than --map-tolerance is retrained with more
 * RK4 steps or a smaller h (Lemma C.2, Appendix D; {@link MapAgreement}).
 */
@Command(name = "jko", mixinStandardHelpOptions = true,
        description = "Train a JKO flow (residual neural-ODE blocks, one JKO step each).")
final class TrainJko extends FamilyTraining {

    @Option(names = "--blocks", defaultValue = "6", description = "Number of blocks N (default ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--h0", defaultValue = "0.25", description = "First step size h_1 (default ${DEFAULT-VALUE}).")
    double firstStep;

    @Option(names = "--growth", defaultValue = "1.4", description = "h_k = h0 growth^(k-1) (default ${DEFAULT-VALUE}).")
    double growth;

    @Option(names = "--width", defaultValue = "64", description = "Hidden width of each block's MLP (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "3", description = "Hidden layers of each block's MLP (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--divergence", defaultValue = "EXACT",
            description = "Divergence in training: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    JkoConfig.DivergenceMode divergence;

    @Option(names = "--train-samples", defaultValue = "10000",
            description = "Training set drawn from a built-in distribution (default ${DEFAULT-VALUE}).")
    int trainSamples;

    @Option(names = "--rk-steps", paramLabel = "S", defaultValue = "3",
            description = "RK4 steps of each block's training map (default ${DEFAULT-VALUE}).")
    int rkSteps;

    @Option(names = "--map-tolerance", paramLabel = "D", defaultValue = "" + MapAgreement.DEFAULT_TOLERANCE,
            description = "Largest mean squared gap between a block's training map and its sampling map on held-out"
                    + " samples before the block is retrained; good runs measure < 1e-6, broken ones 0.004-0.47;"
                    + " 'Infinity' never retrains (default ${DEFAULT-VALUE}).")
    double mapTolerance;

    @Option(names = "--map-remedy", paramLabel = "R", defaultValue = "MORE_RK_STEPS",
            description = "How a block is retrained: ${COMPLETION-CANDIDATES} (doubles S, or halves h) (default"
                    + " ${DEFAULT-VALUE}).")
    MapAgreement.Remedy remedy;

    @Option(names = "--max-retrains", paramLabel = "N", defaultValue = "" + MapAgreement.DEFAULT_MAX_RETRAINS,
            description = "Retrainings per block at most (default ${DEFAULT-VALUE}).")
    int maxRetrains;

    @Option(names = "--lipschitz-penalty", paramLabel = "W", defaultValue = "0",
            description = "Adds W times each block field's spectral-norm Lipschitz bound to its loss; on a stiff"
                    + " picture density 1e-3 cut the bound from 106 to 17 and the map gap from 0.036 to 2e-7"
                    + " (default ${DEFAULT-VALUE}: off).")
    double lipschitzPenalty;

    @Option(names = "--stop-after", paramLabel = "BLOCKS",
            description = "Stop once this many blocks (counted from the start of training) are trained, leaving the"
                    + " checkpoint for --resume (default: train every block).")
    Integer stopAfter;

    @Override
    String label() {
        return "jko";
    }

    @Override
    String title(DataSource data) {
        return "JKO flow on " + data.name();
    }

    /** The configuration the options describe. */
    JkoConfig config() {
        TrainOptions.positive("--blocks", blocks, 1);
        TrainOptions.positive("--width", width, 1);
        TrainOptions.positive("--depth", depth, 1);
        if (!(firstStep > 0) || !Double.isFinite(firstStep)) {
            throw BadInputException.of("--h0", "expected a finite step size > 0, got " + firstStep);
        }
        if (!(growth > 0) || !Double.isFinite(growth)) {
            throw BadInputException.of("--growth", "expected a finite factor > 0, got " + growth);
        }
        int[] hidden = new int[depth];
        java.util.Arrays.fill(hidden, width);
        return JkoConfig.reference()
                .withSteps(JkoConfig.geometricSteps(blocks, firstStep, growth))
                .withNetwork(hidden, "softplus(20.0)", false)
                .withTraining(options.batch(FamilyDefaults.JKO_BATCH), options.iterations(FamilyDefaults.JKO_ITERATIONS),
                        options.learningRate(FamilyDefaults.JKO_LEARNING_RATE))
                .withDivergence(divergence)
                .withRkSteps(TrainOptions.positive("--rk-steps", rkSteps, 3))
                .withDiagnosticSamples(1000)
                .withSeed(options.seed);
    }

    @Override
    Trained train(DataSource data, TrainingListener listener, Path checkpoint, boolean resume) throws IOException {
        JkoConfig config = config();
        Tensor x = data.fixed() != null ? data.fixed()
                : data.sampler().sample(TrainOptions.positive("--train-samples", trainSamples, 1),
                        new SplittableRandom(options.seed));
        MapAgreement agreement;
        try {
            agreement = new MapAgreement(mapTolerance, remedy, maxRetrains);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(maxRetrains < 0 ? "--max-retrains" : "--map-tolerance", e.getMessage());
        }
        if (stopAfter != null && stopAfter <= 0) {
            throw BadInputException.of("--stop-after", "expected a positive number of blocks, got " + stopAfter);
        }
        int[] stage = {0};
        TrainingListener counted = LossHistory.both(p -> stage[0] = p.stage(), listener);
        JkoTrainer trainer = new JkoTrainer(config).withListener(counted).withCheckpoint(checkpoint)
                .withDivergencePolicy(rollback.policy()).withMapAgreement(agreement)
                .withLipschitzPenalty(lipschitzPenalty(lipschitzPenalty))
                .withStopRequested(() -> Interrupt.requested() || (stopAfter != null && stage[0] >= stopAfter));
        if (data.fixed() == null) {
            // fresh samples of p_0 for the comparison of each block's two maps
            trainer = trainer.withHeldOut(data.sampler().sample(config.diagnosticSamples(),
                    new SplittableRandom(options.seed + 1)));
        }
        Interrupt.expectCooperation();
        JkoTrainer.Result result;
        String failure = null;
        try {
            result = resume ? trainer.resume(partial(checkpoint, config, x.cols()), x) : trainer.train(x);
        } catch (JkoTrainer.JkoTrainingException e) {
            result = e.partial();
            failure = e.getMessage();
        }
        JkoTrainer.Result r = result;
        return new Trained(r.flow(), r.flow()::save, (report, history) -> report.addJkoDecay(r), failure,
                failure == null && !r.complete());
    }

    private static double lipschitzPenalty(double w) {
        if (!(w >= 0) || !Double.isFinite(w)) {
            throw BadInputException.of("--lipschitz-penalty", "expected a finite weight >= 0, got " + w);
        }
        return w;
    }

    /** The checkpoint, checked against the options of this run. */
    static JkoFlow partial(Path checkpoint, JkoConfig config, int dimension) throws IOException {
        JkoFlow partial;
        try {
            partial = JkoFlow.load(checkpoint);
        } catch (IOException | RuntimeException e) {
            throw BadInputException.of("--resume", "cannot read checkpoint: " + e.getMessage());
        }
        Map<String, Object> want = config.toMap();
        Map<String, Object> have = partial.config().toMap();
        for (String key : want.keySet()) {
            if (!Objects.equals(want.get(key), have.get(key))) {
                throw BadInputException.of("--resume", checkpoint + " was made with " + key + " = " + have.get(key)
                        + ", this run asks for " + want.get(key) + "; use the same options or drop --resume");
            }
        }
        if (partial.dimension() != dimension) {
            throw BadInputException.of("--resume", checkpoint + " is for dimension " + partial.dimension()
                    + ", the data has " + dimension);
        }
        return partial;
    }
}
