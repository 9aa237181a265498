package dev.otto.cli.commands;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.cli.io.DataSource;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.jko.JkoTrainer;
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
 * continues at the first untrained block.
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
                .withDiagnosticSamples(1000)
                .withSeed(options.seed);
    }

    @Override
    Trained train(DataSource data, TrainingListener listener, Path checkpoint, boolean resume) throws IOException {
        JkoConfig config = config();
        Tensor x = data.fixed() != null ? data.fixed()
                : data.sampler().sample(TrainOptions.positive("--train-samples", trainSamples, 1),
                        new SplittableRandom(options.seed));
        JkoTrainer trainer = new JkoTrainer(config).withListener(listener).withCheckpoint(checkpoint);
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
                false);
    }

    /** The checkpoint, checked against the options of this run. */
    static JkoFlow partial(Path checkpoint, JkoConfig config, int dimension) throws IOException {
        JkoFlow partial;
        try {
            partial = JkoFlow.load(checkpoint);
        } catch (IOException | RuntimeException e) {
            throw BadInputException.of("--resume", "cannot read checkpoint: " + e.getMessage());
        }
        Map<String, String> want = config.toMap();
        Map<String, String> have = partial.config().toMap();
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
