package dev.otto.bench.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.interpolation.ExactInterpolationFlow;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.InterpolationTrainer;
import dev.otto.flows.interpolation.Pairing;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.flows.metrics.MmdSquared;
import dev.otto.flows.metrics.Straightness;
import dev.otto.flows.metrics.TensorTransport;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import dev.otto.ode.SaveAt;
import dev.otto.ode.Solution;
import dev.otto.ode.VectorField;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The interpolation-flow experiments shared by {@link MixtureExperiment} and {@link MoonsExperiment} (MATH.md
 * section 5 for the flows, section 7 for the metrics). Definitions printed with every table:
 * W2 = sqrt of the exact-OT cost with |x - y|^2 between two 2000-point samples (uniform weights);
 * MMD^2 = unbiased U-statistic with the Gaussian kernel, bandwidth s = 0.5 (fixed);
 * velocity L2 error = E_{t ~ U(0,1), x ~ p_t} |v_theta(t, x) - v(t, x)|^2 over 4000 fixed (t, x);
 * solver error = mean over 2000 noise points of |x_solver(1) - x_ref(1)|, x_ref by Dormand-Prince at
 * rtol = atol = 1e-9 on the same field; straightness = E |x(1) - x(0)| / path length (64 RK4 steps).
 */
final class Experiments {

    static final int SAMPLES = 2000;
    static final MmdSquared MMD = MmdSquared.withBandwidth(0.5);

    private Experiments() {
    }

    static InterpolationFlow newFlow(long seed) {
        return InterpolationFlow.create(2, new int[] {64, 64, 64}, Activation.softplus(), Schedule.linear(),
                Integration.adaptive(1e-5), new SplittableRandom(seed));
    }

    static String f(double v) {
        return String.format(Locale.ROOT, Math.abs(v) < 1e-3 && v != 0 ? "%.3e" : "%.4f", v);
    }

    /** W2 and MMD^2 of n generated samples to held-out data. */
    static String quality(String label, Tensor generated, Tensor heldOut) {
        return "| " + label + " | " + f(TensorTransport.w2(generated, heldOut)) + " | "
                + f(MMD.value(generated, heldOut)) + " |";
    }

    static double meanDistance(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.rows(); i++) {
            double r = 0;
            for (int j = 0; j < a.cols(); j++) {
                double dlt = a.get(i, j) - b.get(i, j);
                r += dlt * dlt;
            }
            s += Math.sqrt(r);
        }
        return s / a.rows();
    }

    /** Accuracy against function evaluations for Euler, RK4 and adaptive Dormand-Prince on one field. */
    static void accuracyTable(String label, VectorField field, Tensor z) {
        Tensor ref = Integration.adaptive(1e-9).solve(field, z, 0, 1, SaveAt.end()).state();
        System.out.println();
        System.out.println("Accuracy against function evaluations (" + label + "), error = mean |x(1) - x_ref(1)|:");
        System.out.println("| solver | steps / tolerance | NFE | error |");
        System.out.println("|---|---|---|---|");
        for (ButcherTableau tab : new ButcherTableau[] {ButcherTableau.EULER, ButcherTableau.RK4}) {
            for (int steps : new int[] {1, 2, 4, 8, 16, 32, 64}) {
                Solution s = Integration.fixed(tab, steps).solve(field, z, 0, 1, SaveAt.end());
                System.out.println("| " + tab.name() + " | " + steps + " | " + s.evaluations() + " | "
                        + f(meanDistance(s.state(), ref)) + " |");
            }
        }
        for (double tol : new double[] {1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7}) {
            Solution s = Integration.adaptive(tol).solve(field, z, 0, 1, SaveAt.end());
            System.out.println("| Dormand-Prince 5(4) | rtol=atol=" + tol + " | " + s.evaluations() + " | "
                    + f(meanDistance(s.state(), ref)) + " |");
        }
    }

    /** Straightness and few-step quality for independent against exact-OT pairing. */
    static void pairingTable(List<String> labels, List<InterpolationFlow> flows, Tensor z, Tensor heldOut) {
        System.out.println();
        System.out.println("Pairing: straightness, and W2 to held-out / error vs the model's own DP solution at few Euler steps:");
        System.out.println("| pairing | straightness | Euler 1: W2 | Euler 1: err | Euler 2: W2 | Euler 2: err "
                + "| Euler 4: W2 | Euler 4: err | DP 1e-5: W2 | DP NFE |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int m = 0; m < flows.size(); m++) {
            InterpolationFlow flow = flows.get(m);
            VectorField field = flow.field();
            Solution paths = Integration.fixed(ButcherTableau.RK4, 64).solve(field, z, 0, 1, SaveAt.steps());
            double straight = Straightness.of(paths.saved()).value();
            Tensor ref = Integration.adaptive(1e-9).solve(field, z, 0, 1, SaveAt.end()).state();
            StringBuilder row = new StringBuilder("| " + labels.get(m) + " | " + f(straight) + " | ");
            for (int steps : new int[] {1, 2, 4}) {
                Tensor x = Integration.fixed(ButcherTableau.EULER, steps).solve(field, z, 0, 1, SaveAt.end()).state();
                row.append(f(TensorTransport.w2(x, heldOut))).append(" | ")
                        .append(f(meanDistance(x, ref))).append(" | ");
            }
            Solution dp = Integration.adaptive(1e-5).solve(field, z, 0, 1, SaveAt.end());
            row.append(f(TensorTransport.w2(dp.state(), heldOut))).append(" | ").append(dp.evaluations())
                    .append(" |");
            System.out.println(row);
        }
    }

    /** Trains, printing the loss (and the velocity L2 error when an exact field is given) every {@code every}. */
    static InterpolationFlow train(String label, Sampler data, Pairing pairing, int iterations, int every, long seed,
                                   GaussianMixtureVelocity exact) {
        InterpolationFlow flow = newFlow(seed);
        SplittableRandom evalRng = new SplittableRandom(seed + 1000);
        int nEval = 4000;
        Tensor z = Tensor.randn(nEval, 2, evalRng);
        Tensor x1 = data.sample(nEval, evalRng);
        double[] t = new double[nEval];
        for (int i = 0; i < nEval; i++) {
            t[i] = evalRng.nextDouble();
        }
        System.out.println();
        System.out.println("Training " + label + " (" + pairing + ", linear schedule, MLP 3 x 64 softplus, batch 256, "
                + "Adam lr 1e-3, " + iterations + " iterations):");
        System.out.println(exact != null ? "| iteration | loss (mean of last " + every + ") | velocity L2 error | seconds |"
                : "| iteration | loss (mean of last " + every + ") | seconds |");
        System.out.println(exact != null ? "|---|---|---|---|" : "|---|---|---|");
        double[] window = new double[1];
        long start = System.nanoTime();
        InterpolationTrainer.Config cfg = InterpolationTrainer.Config.defaults(iterations, seed).withPairing(pairing);
        InterpolationTrainer.train(flow, data, cfg, p -> {
            window[0] += p.lossParts().get("total");
            int it = p.iteration() + 1;
            if (it % every == 0 || it == 1) {
                double loss = it == 1 ? window[0] : window[0] / every;
                window[0] = 0;
                String row = "| " + it + " | " + f(loss) + " | ";
                if (exact != null) {
                    row += f(velocityError(flow, exact, z, x1, t)) + " | ";
                }
                System.out.println(row + f((System.nanoTime() - start) / 1e9) + " |");
            }
        });
        return flow;
    }

    /** E |v_theta(t, x_t) - v(t, x_t)|^2 with x_t = (1 - t) z + t x1 (linear schedule). */
    static double velocityError(InterpolationFlow flow, GaussianMixtureVelocity exact, Tensor z, Tensor x1, double[] t) {
        int n = z.rows();
        double[] xs = new double[2 * n];
        double[] exactV = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = flow.schedule().a(t[i]);
            double b = flow.schedule().b(t[i]);
            Tensor x = z.sliceRows(i, i + 1).scale(a).add(x1.sliceRows(i, i + 1).scale(b));
            System.arraycopy(x.toArray(), 0, xs, 2 * i, 2);
            System.arraycopy(exact.velocity(t[i], x).toArray(), 0, exactV, 2 * i, 2);
        }
        Tensor learned;
        try (var s = dev.otto.autodiff.Tape.noGrad()) {
            learned = flow.velocity(Tensor.wrap(n, 1, t.clone()), Tensor.wrap(n, 2, xs));
        }
        double total = learned.sub(Tensor.wrap(n, 2, exactV)).square().sum().item();
        return total / n;
    }

    static void exactBaseline(ExactInterpolationFlow exact, Tensor z, Tensor heldOut) {
        System.out.println(quality("exact velocity, DP 1e-5", exact.fromNoise(z), heldOut));
    }
}
