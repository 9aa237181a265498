package dev.otto.cli.commands;

import dev.otto.autodiff.nn.Initialisation;
import dev.otto.cli.BadInputException;
import dev.otto.cli.Interrupt;
import dev.otto.cli.LossHistory;
import dev.otto.cli.io.DataSource;
import dev.otto.cli.report.LossPanel;
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
import java.util.List;
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

    @Option(names = "--discriminator-lr", paramLabel = "RATE",
            description = "Adam learning rate of the discriminator g (default: the paper's for the data's dimension,"
                    + " 2e-5 in 2-D).")
    Double discriminatorLearningRate;

    @Option(names = "--lr-decay", paramLabel = "F", defaultValue = "1",
            description = "Anneal both learning rates by a cosine over the run to F times their starting values, so"
                    + " the game's iterates settle instead of circling the equilibrium (not the paper's algorithm;"
                    + " default ${DEFAULT-VALUE}: constant rates, the paper's).")
    double learningRateDecay;

    @Mixin
    CheckpointOptions stop;

    @Override
    String label() {
        return "prox";
    }

    /**
     * The game's objectives (units of the discriminator g), the kinetic energy, the gradient penalty
     * and the a-posteriori indicators, each indicator on its own axis (MATH.md section 6).
     */
    @Override
    List<LossPanel> lossPanels() {
        String rising = " Training never fits these indicators; ";
        return List.of(
                LossPanel.curves("loss", "objectives", "units of the discriminator g", "The discriminator's objective"
                        + " E_gen g - E_data f*(g) (D objective, the divergence estimate), E_gen g and the generator's"
                        + " loss lambda KE + E_gen g (G loss).", "D objective", "E_gen g", "G loss"),
                LossPanel.curves("kinetic-energy", "kinetic energy", "KE (squared data units per unit time)",
                        "Kinetic energy E sum_k dt |grad phi(x_k, t_k)|^2 / 2 of the generator's Euler paths.", "KE"),
                LossPanel.curves("gradient-penalty", "gradient penalty", "E (|grad g|^2 - L^2)_+ (units of g^2 per"
                        + " squared data unit)", "One-sided gradient penalty holding Lip(g) <= L; zero while the"
                        + " discriminator stays L-Lipschitz.", "GP"),
                LossPanel.indicators("hj-residual", "Hamilton-Jacobi residual", "E|d phi/dt - |grad phi|^2/2| (units"
                        + " of phi per unit time)", "Hamilton-Jacobi residual along the Euler paths, zero for an optimal"
                        + " potential (MATH.md section 6)." + rising + "a rising residual means phi's time dependence"
                        + " drifts from the optimality condition while grad phi still moves the samples: the paths need"
                        + " not be the straight optimal ones, so read it with the straightness and the K/2K gap (the"
                        + " certificate shows it and holds it to no bound).", "HJ"),
                LossPanel.indicators("terminal-residual", "terminal residual", "E|phi(x_K,T) - g(x_K)/lambda - c|"
                        + " (units of phi)", "Terminal condition phi(., T) = g / lambda of the mean-field game, up to"
                        + " a constant." + rising + "a rising residual means the generator's terminal potential and"
                        + " the discriminator disagree more, usually because the discriminator is still moving.",
                        "terminal"),
                LossPanel.indicators("discretisation-gap", "K vs 2K gap", "E|x_K - x'_2K| (data units)", "Distance"
                        + " between the samples of K and of 2K Euler steps from the same noise, zero for a"
                        + " discretisation-invariant flow (Theorem 4.1)." + rising + "a rising gap means the paths"
                        + " bend and the samples depend on the step count; the certificate bounds it by a tenth of"
                        + " the travel.", "K/2K gap"),
                LossPanel.indicators("straightness", "straightness", "|x_K - x_0| / path length (ratio, 1 = straight)",
                        "Mean straightness of the Euler paths, 1 for straight ones (Theorem 4.1); falling means the"
                        + " paths curve.", "straightness"));
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
                .withLearningRates(discriminatorLearningRate(ref.discriminatorLearningRate()),
                        options.learningRate(ref.generatorLearningRate()))
                .withSeed(options.seed);
    }

    private double discriminatorLearningRate(double fallback) {
        double lr = discriminatorLearningRate == null ? fallback : discriminatorLearningRate;
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw BadInputException.of("--discriminator-lr", "expected a finite rate > 0, got " + lr);
        }
        return lr;
    }

    /** --lr-decay, checked to lie in [0, 1]. */
    double learningRateDecay() {
        if (!(learningRateDecay >= 0 && learningRateDecay <= 1)) {
            throw BadInputException.of("--lr-decay", "expected a fraction in [0, 1], got " + learningRateDecay);
        }
        return learningRateDecay;
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
                .withDivergencePolicy(rollback.policy()).withLearningRateDecay(learningRateDecay());
        if (ceiling != null) {
            trainer = trainer.withObjectiveCeiling(ceiling);
        }
        Interrupt.expectCooperation();
        TrainingListener counted = LossHistory.both(stop.counter(), listener);
        ProximalResult r = resume ? trainer.resume(data.sampler(), counted) : trainer.train(data.sampler(), counted);
        Map<String, Object> extra = new LinkedHashMap<>(config.describe());
        extra.put("learningRateDecay", learningRateDecay);
        extra.put("iterationsDone", r.iterationsCompleted());
        extra.put("diverged", r.diverged());
        extra.put(ProximalCertifier.TrainingRecord.OBJECTIVE_KEY,
                r.lastLossParts().getOrDefault("D objective", Double.NaN));
        extra.put(ProximalCertifier.TrainingRecord.CEILING_KEY,
                ceiling != null ? ceiling : ProximalTrainer.DEFAULT_OBJECTIVE_CEILING);
        extra.put("rollbacks", r.rollbacks().size());
        return new Trained(r.flow(), file -> r.flow().save(file, extra), Trained.ReportExtras.none(),
                r.diverged() ? r.reason() : null,
                !r.diverged() && (Interrupt.requested() || stop.stoppedByOption(config.iterations())));
    }
}
