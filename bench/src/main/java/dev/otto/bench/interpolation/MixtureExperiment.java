package dev.otto.bench.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.flows.interpolation.ExactInterpolationFlow;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.Pairing;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.ode.Integration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Interpolation-flow experiment on the 8-mode Gaussian mixture ({@link Datasets#eightGaussians()}), MATH.md
 * section 5: the velocity L2 error to the exact closed form falls during training; W2 and MMD of
 * 2000 generated samples to held-out data (learned and exact flows); accuracy against function
 * evaluations for Euler, RK4 and Dormand-Prince on the exact and the learned field; independent
 * against exact-OT pairing. Arguments: [iterations (default 4000)] [seed (default 1)].
 */
public final class MixtureExperiment {

    private MixtureExperiment() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        GaussianMixture target = Datasets.eightGaussians();
        GaussianMixtureVelocity exactV = GaussianMixtureVelocity.of(target, Schedule.linear());
        ExactInterpolationFlow exact = new ExactInterpolationFlow(exactV, Integration.adaptive(1e-5));
        Tensor heldOut = target.sample(Experiments.SAMPLES, new SplittableRandom(seed + 7));
        Tensor z = Tensor.randn(Experiments.SAMPLES, 2, new SplittableRandom(seed + 8));
        int every = Math.max(1, iterations / 8);
        InterpolationFlow independent = Experiments.train("8 gaussians", target, Pairing.INDEPENDENT, iterations, every,
                seed, exactV);
        InterpolationFlow ot = Experiments.train("8 gaussians", target, Pairing.EXACT_OT, iterations, every, seed, exactV);
        System.out.println();
        System.out.println("Sample quality, 2000 samples vs 2000 held-out (W2 exact OT; MMD^2 unbiased, s = 0.5):");
        System.out.println("| model | W2 | MMD^2 |");
        System.out.println("|---|---|---|");
        System.out.println(Experiments.quality("second held-out sample (noise floor)",
                target.sample(Experiments.SAMPLES, new SplittableRandom(seed + 9)), heldOut));
        Experiments.exactBaseline(exact, z, heldOut);
        System.out.println(Experiments.quality("learned, independent, DP 1e-5", independent.fromNoise(z), heldOut));
        System.out.println(Experiments.quality("learned, exact OT, DP 1e-5", ot.fromNoise(z), heldOut));
        Tensor zSmall = z.sliceRows(0, 500);
        Experiments.accuracyTable("exact velocity, 500 points", exactV.field(), zSmall);
        Experiments.accuracyTable("learned velocity (independent), 500 points", independent.field(), zSmall);
        Experiments.pairingTable(List.of("independent", "exact OT"), List.of(independent, ot), z, heldOut);
    }
}
