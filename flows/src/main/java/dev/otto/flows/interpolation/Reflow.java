package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.random.SplitMix64;
import dev.otto.flows.metrics.Straightness;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import dev.otto.ode.SaveAt;
import java.util.ArrayList;
import java.util.List;

/**
 * Reflow (Liu, Gong and Liu 2023, "Flow straight and fast", Algorithm 1 and Theorem 3.3; MATH.md
 * section 5 for the regression): the pairs (Z, S(Z)) of a trained interpolation flow, Z drawn from
 * its {@link Source} (N(0, I) or any other), are a coupling of the source and the model's law with
 * no crossing paths (Theorem 3.3 holds for any pair of laws), so the flow retrained on them along the
 * linear interpolant has transport cost no larger and straighter paths; k rounds repeat it. Each
 * round here draws fresh pairs from the current flow, then continues training the same network on
 * them (warm start), and measures:
 * <ul>
 *   <li>straightness E|x_1 - x_0| / length of the RK4 x {@value #PATH_STEPS} paths
 *       ({@link Straightness}; 1 for straight paths);</li>
 *   <li>the few-step error E|x_k-Euler - x_ref|^2 of 1, 2 and 4 Euler steps against the flow's own
 *       RK4 x {@value #REFERENCE_STEPS} solution from the same noise (0 for a straight, constant-speed
 *       flow, which one Euler step integrates exactly).</li>
 * </ul>
 */
public final class Reflow {

    /** RK4 steps of the paths whose straightness is measured. */
    public static final int PATH_STEPS = 32;
    /** RK4 steps of the reference solution the few-step errors are measured against. */
    public static final int REFERENCE_STEPS = 256;
    /** The Euler step counts whose error is reported. */
    public static final int[] EULER_STEPS = {1, 2, 4};

    /**
     * The figures of one round (round 0: the flow before any reflow).
     *
     * @param eulerErrors E|x_k - x_ref|^2 for k = 1, 2, 4 Euler steps
     * @param finalLoss   the mean loss over the round's last 100 iterations (NaN for round 0)
     */
    public record Round(int round, double straightness, double[] eulerErrors, double finalLoss) {
    }

    private Reflow() {
    }

    /** Straightness and few-step errors of {@code flow} on n noise rows from {@code seed}. */
    public static Round measure(InterpolationFlow flow, int round, int n, long seed, double finalLoss) {
        Tensor z = flow.source().sample(n, new SplitMix64(seed));
        double straightness = Straightness.of(flow.withIntegration(Integration.rk4(PATH_STEPS))
                .trajectories(z, SaveAt.steps()).saved()).value();
        Tensor reference = flow.withIntegration(Integration.rk4(REFERENCE_STEPS)).fromNoise(z);
        double[] errors = new double[EULER_STEPS.length];
        for (int i = 0; i < EULER_STEPS.length; i++) {
            Tensor euler = flow.withIntegration(Integration.fixed(ButcherTableau.EULER, EULER_STEPS[i])).fromNoise(z);
            errors[i] = euler.sub(reference).square().rowSums().mean().item();
        }
        return new Round(round, straightness, errors, finalLoss);
    }

    /**
     * k rounds of reflow on {@code flow} (trained in place), each on {@code pairs} fresh pairs
     * (Z, S(Z)) with S the current flow's RK4 x {@value #REFERENCE_STEPS} map, trained by
     * {@code trainer} (whose pairing must be INDEPENDENT and which must have no coupling: the pairs are
     * the coupling). Returns round 0 (before) and one entry per round, measured on n noise rows.
     *
     * @throws IllegalArgumentException if rounds &lt; 1 or pairs &lt; 2 or the path is not the linear interpolant
     */
    public static List<Round> run(InterpolationFlow flow, InterpolationTrainer trainer, int rounds, int pairs,
                                  int n, long seed) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds: expected at least 1, got " + rounds);
        }
        if (pairs < 2) {
            throw new IllegalArgumentException("pairs: expected at least 2, got " + pairs);
        }
        if (!flow.path().name().equals("linear")) {
            throw new IllegalArgumentException("path: reflow straightens along the linear interpolant (no added"
                    + " noise), got " + flow.path().name());
        }
        List<Round> out = new ArrayList<>();
        out.add(measure(flow, 0, n, seed, Double.NaN));
        SplitMix64 rng = new SplitMix64(seed ^ 0x5DEECE66DL);
        for (int r = 1; r <= rounds; r++) {
            Tensor z = flow.source().sample(pairs, rng);
            Tensor x = flow.withIntegration(Integration.rk4(REFERENCE_STEPS)).fromNoise(z);
            InterpolationTrainer.Result result = trainer.train(flow, z, x);
            out.add(measure(flow, r, n, seed, result.finalLoss(100)));
        }
        return out;
    }
}
