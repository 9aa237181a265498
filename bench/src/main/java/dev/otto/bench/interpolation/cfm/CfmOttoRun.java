package dev.otto.bench.interpolation.cfm;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.random.SplitMix64;
import dev.otto.flows.interpolation.Coupling;
import dev.otto.flows.interpolation.CouplingSampler;
import dev.otto.flows.interpolation.CouplingSampler.CoupledBatch;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.InterpolationTrainer;
import dev.otto.flows.interpolation.InterpolationTrainer.Config;
import dev.otto.flows.interpolation.Pairing;
import dev.otto.flows.interpolation.Reflow;
import dev.otto.flows.interpolation.ConditionalPath;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.flows.io.Npy;
import dev.otto.flows.metrics.NegativeLogLikelihood;
import dev.otto.ode.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Otto's side of TorchCFM's 2-D protocol (Tong et al. 2024, Table 2) for one (task, seed):
 * {@code CfmOttoRun DATA OUT TASK SEED ITERATIONS [SIGMA]}. The velocity network is TorchCFM's, an MLP
 * [x, t] -&gt; 3 x 64 SELU -&gt; 2 (float64), trained by {@link InterpolationTrainer} along the
 * constant-sigma path x_t = (1 - t) x_0 + t x_1 + sigma e ({@link ConditionalPath#constantSigma},
 * the protocol's sigma_min = 0.1 by default; SIGMA = 0 is the plain linear interpolant) with batch 512 and
 * Adam at lr 1e-3 (the trainer has no weight decay; the protocol's AdamW decay of 1e-5 shrinks each
 * weight by a factor 1 - 1e-8 per step). Three methods:
 * <ul>
 *   <li>{@code icfm}: independent pairs (I-CFM);</li>
 *   <li>{@code otcfm}: pairs drawn with replacement from the exact OT plan of each batch of 512
 *       (OT-CFM with TorchCFM's {@code OTPlanSampler}); a Gaussian source through
 *       {@link CouplingSampler}, a data-set source through {@link SourcePairs#minibatchOt};</li>
 *   <li>{@code reflow}: the I-CFM flow retrained for the same number of iterations on 10,000 pairs
 *       (x_0, S(x_0)) of its own map (one round of reflow); its wall time includes the I-CFM
 *       training it starts from.</li>
 * </ul>
 * Every model transports the 1,000 test source rows by RK4 with {@value #EVAL_STEPS} steps (as the
 * peer does); the samples go to OUT for {@link CfmTable}, and a line per model to OUT/runs.tsv
 * ({@link CfmRecord}). NLL: -mean log p(x) over the 1,000 target test rows through the flow
 * (exact trace, MATH.md section 3), for a Gaussian source only. Reflow's straightness and the
 * error of 1, 2, 4 Euler steps before and after go to OUT/reflow.tsv (Gaussian source).
 */
public final class CfmOttoRun {

    static final int BATCH = 512;
    static final double LEARNING_RATE = 1e-3;
    static final int[] HIDDEN = {64, 64, 64};
    static final int EVAL_STEPS = 100;
    /** TorchCFM's sigma_min for I-CFM and OT-CFM in its 2-D table. */
    static final double PROTOCOL_SIGMA = 0.1;
    /** RK4 steps of the map that makes reflow's pairs. */
    static final int REFLOW_PAIR_STEPS = 20;

    private CfmOttoRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 6) {
            throw new IllegalArgumentException("usage: CfmOttoRun DATA OUT TASK SEED ITERATIONS [SIGMA]");
        }
        double sigma = args.length == 6 ? Double.parseDouble(args[5]) : PROTOCOL_SIGMA;
        Path out = Path.of(args[1]);
        CfmTask task = CfmTask.byName(args[2]);
        long seed = CfmRecord.seeds(args[3])[0];
        int iterations = Integer.parseInt(args[4]);
        CfmSplit split = CfmSplit.read(CfmSplit.folder(Path.of(args[0]), task, seed));
        Files.createDirectories(out);
        Config config = new Config(iterations, BATCH, LEARNING_RATE, Pairing.INDEPENDENT, 0.0, seed);

        long start = System.nanoTime();
        InterpolationFlow flow = newFlow(seed, sigma);
        train(flow, task, split, config, false);
        double icfmSeconds = finish(out, task, seed, "icfm", iterations, flow, split, start);

        Reflow.Round before = task.gaussianSource() ? Reflow.measure(flow, 0, CfmSplit.TEST, seed, Double.NaN) : null;
        start = System.nanoTime();
        reflow(flow, task, split, new Config(iterations, BATCH, LEARNING_RATE, Pairing.INDEPENDENT, 0.0, seed + 1));
        finish(out, task, seed, "reflow", 2 * iterations, flow, split, start - secondsToNanos(icfmSeconds));
        if (before != null) {
            recordStraightening(out, task, seed, before, Reflow.measure(flow, 1, CfmSplit.TEST, seed, Double.NaN));
        }

        start = System.nanoTime();
        InterpolationFlow ot = newFlow(seed, sigma);
        train(ot, task, split, config, true);
        finish(out, task, seed, "otcfm", iterations, ot, split, start);
    }

    /** The velocity flow along the constant-sigma path, or the noise-free linear interpolant for sigma = 0. */
    static InterpolationFlow newFlow(long seed, double sigma) {
        ConditionalPath path = sigma == 0 ? ConditionalPath.interpolant(Schedule.linear()) : ConditionalPath.constantSigma(sigma);
        return InterpolationFlow.create(2, HIDDEN, Activation.selu(), path, Integration.rk4(EVAL_STEPS),
                new SplittableRandom(seed));
    }

    /** I-CFM (exactOt false) or OT-CFM (true) training of {@code flow} on the task's training rows. */
    private static void train(InterpolationFlow flow, CfmTask task, CfmSplit split, Config config, boolean exactOt) {
        InterpolationTrainer trainer = new InterpolationTrainer(config);
        if (task.gaussianSource()) {
            (exactOt ? trainer.withCoupling(new CouplingSampler(Coupling.exactOt(), BATCH, true)) : trainer)
                    .train(flow, split.train());
            return;
        }
        SplitMix64 rng = new SplitMix64(config.seed() ^ 0x9E3779B97F4A7C15L);
        CoupledBatch pool = exactOt
                ? SourcePairs.minibatchOt(split.sourceTrain(), split.train(), config.iterations(), BATCH, rng)
                : SourcePairs.independent(split.sourceTrain(), split.train(), config.iterations() * BATCH, rng);
        trainer.train(flow, pool.noise(), pool.data());
    }

    /**
     * One round of reflow on {@code flow}, in place: {@link CfmSplit#TRAIN} source rows x_0 (N(0, I)
     * draws, or the source's training rows) and their images S(x_0) under the flow's map by RK4 with
     * {@value #REFLOW_PAIR_STEPS} steps are the fixed pairs it is retrained on (Liu et al. 2023,
     * Algorithm 1; {@link Reflow} does the same with Gaussian noise and RK4 x 256, which would take
     * most of a run here: 10,000 rows through 1,024 evaluations of the network).
     */
    private static void reflow(InterpolationFlow flow, CfmTask task, CfmSplit split, Config config) {
        Tensor z = task.gaussianSource()
                ? Tensor.randn(CfmSplit.TRAIN, 2, new SplitMix64(config.seed() ^ 0x5DEECE66DL)) : split.sourceTrain();
        Tensor images = flow.withIntegration(Integration.rk4(REFLOW_PAIR_STEPS)).fromNoise(z);
        new InterpolationTrainer(config).train(flow, z, images);
    }

    /** Straightness and few-step errors ({@link Reflow#measure}) before and after, to reflow.tsv. */
    private static void recordStraightening(Path out, CfmTask task, long seed, Reflow.Round before,
                                            Reflow.Round after) throws Exception {
        StringBuilder line = new StringBuilder(task.name() + "\t" + seed);
        for (Reflow.Round r : List.of(before, after)) {
            line.append(String.format(Locale.ROOT, "\t%.5f\t%.5f\t%.5f\t%.5f", r.straightness(), r.eulerErrors()[0],
                    r.eulerErrors()[1], r.eulerErrors()[2]));
        }
        Files.writeString(out.resolve("reflow.tsv"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Transports the test source rows, stops the clock, writes the samples and the record; the seconds. */
    private static double finish(Path out, CfmTask task, long seed, String method, int iterations,
                                 InterpolationFlow flow, CfmSplit split, long startNanos) throws Exception {
        Tensor samples = flow.fromNoise(split.sourceTest());
        double seconds = (System.nanoTime() - startNanos) * 1e-9;
        double nll = task.gaussianSource() ? NegativeLogLikelihood.of(flow, split.test()).value() : Double.NaN;
        String name = CfmRecord.samplesName("otto", task.name(), seed, method);
        Npy.write(out.resolve(name), samples);
        new CfmRecord("otto", task.name(), seed, method, iterations, seconds, nll, name).append(out);
        System.out.printf(Locale.ROOT, "otto %s seed %d %s: %.1f s, NLL %.3f%n", task.name(), seed, method, seconds,
                nll);
        return seconds;
    }

    private static long secondsToNanos(double s) {
        return Math.round(s * 1e9);
    }
}
