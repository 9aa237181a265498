package dev.otto.cli.commands;

import dev.otto.autodiff.nn.Initialisation;
import dev.otto.cli.BadInputException;
import dev.otto.cli.Interrupt;
import dev.otto.cli.LossHistory;
import dev.otto.cli.io.DataSource;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.certificate.ProximalCertifier;
import dev.otto.flows.proximal.FDivergence;
import dev.otto.flows.proximal.ProximalCase;
import dev.otto.flows.proximal.ProximalConfig;
import dev.otto.flows.proximal.ProximalResult;
import dev.otto.flows.proximal.ProximalTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code otto train prox}: a W1/W2 proximal generative flow (MATH.md section 6; seed paper 2),
 * adversarial training of a potential-driven flow with the reference settings for the data's
 * dimension. A bad iteration is rolled back and retried with lower learning rates (--max-rollbacks);
 * a run that keeps diverging (the paper's W2-only case on manifold data) stops cleanly: the last
 * finite state is written and the command exits with status 1 and the reason.
 */
@Command(name = "prox", mixinStandardHelpOptions = true,
        description = "Train a W1/W2 proximal generative flow (potential flow + Lipschitz-regularised f-divergence).")
final class TrainProx extends FamilyTraining {

    @Option(names = "--case", defaultValue = "w1w2",
            description = "w1w2 (both), w1 (W1 only), w2 (W2 only) or none (unregularised) (default ${DEFAULT-VALUE}).")
    String proximalCase;

    @Option(names = "--f", defaultValue = "kl", description = "f-divergence: kl, reverse-kl, alpha:A (A > 1) or w1 (default ${DEFAULT-VALUE}).")
    String divergence;

    @Option(names = "--objective-ceiling", paramLabel = "C",
            description = "Stop as diverged when the discriminator objective exceeds C (default ln(Float.MAX_VALUE)"
                    + " = 88.72, where the authors' single-precision code turns NaN; 'Infinity' stops only on"
                    + " non-finite values).")
    Double ceiling;

    @Option(names = "--init", defaultValue = "glorot",
            description = "Initial weights of both networks: glorot (TensorFlow's glorot_normal, zero biases; the"
                    + " authors') or uniform (PyTorch's) (default ${DEFAULT-VALUE}).")
    String init;

    @Mixin
    CheckpointOptions stop;

    @Override
    String label() {
        return "prox";
    }

    @Override
    String title(DataSource data) {
        return "W1/W2 proximal flow on " + data.name();
    }

    ProximalConfig config(int dimension) {
        ProximalCase c;
        FDivergence f;
        try {
            c = ProximalCase.parse(proximalCase);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--case", e.getMessage());
        }
        try {
            f = FDivergence.parse(divergence);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--f", e.getMessage());
        }
        if (ceiling != null && !(ceiling > 0)) {
            throw BadInputException.of("--objective-ceiling", "expected a value > 0 (or Infinity), got " + ceiling);
        }
        ProximalConfig ref = ProximalConfig.forDimension(dimension);
        return ref.withCase(c).withDivergence(f).withIterations(options.iterations(FamilyDefaults.PROX_ITERATIONS))
                .withBatch(options.batch(ref.batch()), ref.discriminatorSteps())
                .withLearningRates(ref.discriminatorLearningRate(), options.learningRate(ref.generatorLearningRate()))
                .withSeed(options.seed);
    }

    Initialisation initialisation() {
        try {
            return Initialisation.parse(init);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--init", e.getMessage());
        }
    }

    @Override
    Trained train(DataSource data, TrainingListener listener, Path checkpoint, boolean resume) throws IOException {
        ProximalConfig config = config(data.dimension());
        ProximalTrainer trainer = new ProximalTrainer(config).withCheckpoint(checkpoint, stop.every())
                .withStopRequested(stop.signal()).withInitialisation(initialisation())
                .withDivergencePolicy(rollback.policy());
        if (ceiling != null) {
            trainer = trainer.withObjectiveCeiling(ceiling);
        }
        Interrupt.expectCooperation();
        TrainingListener counted = LossHistory.both(stop.counter(), listener);
        ProximalResult r = resume ? trainer.resume(data.sampler(), counted) : trainer.train(data.sampler(), counted);
        Map<String, Object> extra = new LinkedHashMap<>(config.describe());
        extra.put("iterationsDone", r.iterationsCompleted());
        extra.put("diverged", r.diverged());
        extra.put(ProximalCertifier.TrainingRecord.OBJECTIVE_KEY,
                r.lastLossParts().getOrDefault("D objective", Double.NaN));
        extra.put(ProximalCertifier.TrainingRecord.CEILING_KEY,
                ceiling != null ? ceiling : ProximalTrainer.DEFAULT_OBJECTIVE_CEILING);
        extra.put("rollbacks", r.rollbacks().size());
        return new Trained(r.flow(), file -> r.flow().save(file, extra), (report, history) -> {
            report.addProximalResiduals(history);
        }, r.diverged() ? r.reason() : null,
                !r.diverged() && (Interrupt.requested() || stop.stoppedByOption(config.iterations())));
    }
}
