package dev.otto.bench.jko;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.jko.BlockDiagnostics;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.jko.JkoTrainer;
import dev.otto.flows.metrics.InversionError;
import dev.otto.flows.metrics.MmdSquared;
import dev.otto.flows.metrics.NegativeLogLikelihood;
import dev.otto.flows.metrics.TensorTransport;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The 2-D JKO experiment: train a JKO flow on a toy data set within a small budget, then
 * report the held-out NLL, MMD^2 and W2 between 2000 generated and 2000 held-out samples, the decay of
 * W2^2(p_k, q) across blocks beside the exact-step bound W2^2(p_0, q) prod (1 + h_j)^-1, and the
 * inversion error of the whole flow with Dormand-Prince.
 *
 * <p>Run (about 2 minutes per data set on 2 cores):
 * <pre>
 * mvn -q -B -pl bench -am package -DskipTests      # the shaded jar holds every module
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar \
 *     dev.otto.bench.jko.ToyExperiment moons 8gaussians checkerboard
 * </pre>
 * Optional system properties: -Djko.blocks, -Djko.iterations, -Djko.batch, -Djko.width, -Djko.lr.
 */
public final class ToyExperiment {

    private ToyExperiment() {
    }

    public static void main(String[] args) {
        String[] sets = args.length > 0 ? args : new String[] {"moons", "8gaussians", "checkerboard"};
        int blocks = Integer.getInteger("jko.blocks", 6);
        int iterations = Integer.getInteger("jko.iterations", 135);
        int batch = Integer.getInteger("jko.batch", 512);
        int width = Integer.getInteger("jko.width", 64);
        double lr = Double.parseDouble(System.getProperty("jko.lr", "5e-3"));
        for (String name : sets) {
            run(name, blocks, iterations, batch, width, lr);
        }
    }

    static void run(String name, int blocks, int iterations, int batch, int width, double lr) {
        SplittableRandom rng = new SplittableRandom(2026);
        Tensor train = Datasets.byName(name).sample(10_000, rng);
        Tensor test = Datasets.byName(name).sample(2000, rng);
        JkoConfig config = JkoConfig.reference()
                .withSteps(JkoConfig.geometricSteps(blocks, 0.25, 1.4))
                .withNetwork(new int[] {width, width, width}, "softplus(20.0)", false)
                .withTraining(batch, iterations, lr);
        long t0 = System.nanoTime();
        JkoTrainer.Result r = new JkoTrainer(config)
                .withListener(TrainingListener.every(50, p -> System.err.printf(Locale.ROOT,
                        "  block %d/%d iter %4d  loss %.4f  (%.0f s)%n", p.stage() + 1, p.stages(), p.iteration(),
                        p.lossParts().get("loss"), p.elapsedSeconds())))
                .train(train);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        JkoFlow flow = r.flow();
        System.out.printf(Locale.ROOT, "%n== %s: %d blocks x %d iterations, batch %d, width %d, lr %.0e: trained in %.1f s%n",
                name, blocks, iterations, batch, width, lr, trainSeconds);
        System.out.println("block | h_k | W2^2(p_k, q) measured | bound W2^2(p_0,q) prod(1+h_j)^-1 | E|dx|^2 | inversion err | Lip bound");
        System.out.printf(Locale.ROOT, "  0   |   -   | %.4f | %.4f | - | - | -%n", r.w2SquaredInitial(), r.w2SquaredInitial());
        double[] bound = r.exactStepBound();
        for (BlockDiagnostics b : r.diagnostics()) {
            System.out.printf(Locale.ROOT, "  %d   | %.3f | %.4f | %.4f | %.4f | %.2e | %.1f%n", b.block() + 1, b.stepSize(),
                    b.w2SquaredToNoise(), bound[b.block()], b.meanSquaredMove(), b.inversionError(), b.fieldLipschitz());
        }
        Tensor generated;
        double nll;
        double inversion;
        try (Tape.Scope s = Tape.noGrad()) {
            generated = flow.sample(2000, new SplittableRandom(7));
            nll = NegativeLogLikelihood.of(flow, test).value();
            inversion = InversionError.of(flow, test.sliceRows(0, 1000)).value();
        }
        double mmd = MmdSquared.withBandwidth(0.5).value(generated, test);
        double w2 = TensorTransport.w2(generated, test);
        double w2Floor = TensorTransport.w2(Datasets.byName(name).sample(2000, new SplittableRandom(99)), test);
        System.out.printf(Locale.ROOT, "held-out NLL %.4f nats | MMD^2 (s = 0.5, unbiased) %.5f | W2 generated vs held-out %.4f "
                + "(two data samples: %.4f) | inversion error E|S(T(x))-x|^2 (Dormand-Prince 1e-5) %.2e%n",
                nll, mmd, w2, w2Floor, inversion);
    }
}
