package dev.otto.bench.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.Pairing;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Interpolation-flow experiment on two moons ({@link Datasets#moons()}), MATH.md section 5: training loss, W2
 * and MMD of 2000 generated samples to held-out data, accuracy against function evaluations for
 * Euler, RK4 and Dormand-Prince on the learned field, independent against exact-OT pairing.
 * Arguments: [iterations (default 4000)] [seed (default 1)].
 */
public final class MoonsExperiment {

    private MoonsExperiment() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Sampler data = Datasets.moons();
        Tensor heldOut = data.sample(Experiments.SAMPLES, new SplittableRandom(seed + 7));
        Tensor z = Tensor.randn(Experiments.SAMPLES, 2, new SplittableRandom(seed + 8));
        int every = Math.max(1, iterations / 8);
        InterpolationFlow independent = Experiments.train("moons", data, Pairing.INDEPENDENT, iterations, every, seed, null);
        InterpolationFlow ot = Experiments.train("moons", data, Pairing.EXACT_OT, iterations, every, seed, null);
        System.out.println();
        System.out.println("Sample quality, 2000 samples vs 2000 held-out (W2 exact OT; MMD^2 unbiased, s = 0.5):");
        System.out.println("| model | W2 | MMD^2 |");
        System.out.println("|---|---|---|");
        System.out.println(Experiments.quality("second held-out sample (noise floor)",
                data.sample(Experiments.SAMPLES, new SplittableRandom(seed + 9)), heldOut));
        System.out.println(Experiments.quality("learned, independent, DP 1e-5", independent.fromNoise(z), heldOut));
        System.out.println(Experiments.quality("learned, exact OT, DP 1e-5", ot.fromNoise(z), heldOut));
        Experiments.accuracyTable("learned velocity (independent), 500 points", independent.field(), z.sliceRows(0, 500));
        Experiments.accuracyTable("learned velocity (exact OT), 500 points", ot.field(), z.sliceRows(0, 500));
        Experiments.pairingTable(List.of("independent", "exact OT"), List.of(independent, ot), z, heldOut);
    }
}
