package dev.otto.flows.jko;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.autodiff.optim.GradientClipping;
import dev.otto.flows.DivergenceGuard;
import dev.otto.flows.DivergencePolicy;
import dev.otto.flows.Retraining;
import dev.otto.flows.Rollback;
import dev.otto.flows.TrainingDivergedException;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.metrics.TensorTransport;
import dev.otto.ode.Integration;
import dev.otto.ode.IntegrationException;
import dev.otto.ode.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Progressive training of a JKO flow (MATH.md section 4; seed paper 1, Algorithm 1): block k is
 * trained on the data pushed through blocks 1..k-1, warm-started from block k-1, by Adam on the
 * per-block JKO loss with gradient clipping. After each block the trainer measures
 * {@link BlockDiagnostics}, reports progress to a {@link TrainingListener}, and (if asked) saves
 * the flow so far atomically, so a stopped run loses at most the block in progress and can be
 * resumed with {@link #resume}.
 *
 * <p>Reacting instead of diverging silently:
 * <ul>
 *   <li>a step with a non-finite loss or gradient, a loss past the {@link DivergencePolicy}'s
 *       ceiling, or a state that blows up inside the RK4 solve is undone (the block's parameters and
 *       Adam state go back to the last good step), the learning rate of the block is lowered and the
 *       iteration retried with a fresh minibatch; each rollback is reported to the listener and kept
 *       in the {@link Result}. When the retries are used up, {@link JkoTrainingException} stops the run
 *       with the completed blocks;</li>
 *   <li>after a block is trained its training map (S RK4 steps) is compared with its sampling map
 *       (the evaluation integration) on held-out samples of p_k ({@link MapAgreement}); a block whose
 *       maps disagree beyond the tolerance is trained again from the same initialisation with more
 *       RK4 steps or a smaller step h, reported to the listener as a {@link Retraining}; the block
 *       keeps (and the model file records) the S and h it ended with.</li>
 * </ul>
 * The Lipschitz bound of each block's field (Lemma C.2: the block map is e^L-Lipschitz, so a
 * stiff field is what makes the fixed RK4 grid inaccurate) is in the diagnostics beside D_k, and
 * can be penalised ({@link #withLipschitzPenalty}, off by default).
 *
 * <pre>{@code
 * JkoTrainer.Result r = new JkoTrainer(JkoConfig.reference().withTraining(1000, 500, 1e-3))
 *         .withListener(TrainingListener.every(100, p -> System.out.println(p)))
 *         .withCheckpoint(Path.of("jko.safetensors"))
 *         .train(data);
 * Tensor samples = r.flow().sample(2000, new SplittableRandom(7));
 * }</pre>
 */
public final class JkoTrainer {

    private final JkoConfig config;
    private final Options options;

    /**
     * Sees the block under training after each Adam step, with the samples of p_k it trains on: the
     * hook through which a metric such as {@link FirstOrderError} follows a block during training.
     */
    @FunctionalInterface
    public interface BlockObserver {
        void observe(int block, int iteration, JkoBlock current, Tensor blockInput);
    }

    /** Everything besides the configuration; each with* method changes a copy. */
    private static final class Options implements Cloneable {
        TrainingListener listener = TrainingListener.none();
        Path checkpoint;
        Integration evaluation = JkoFlow.DEFAULT_INTEGRATION;
        BlockObserver observer;
        DivergencePolicy policy = DivergencePolicy.defaults();
        MapAgreement agreement = MapAgreement.defaults();
        Tensor heldOut;
        BooleanSupplier stopRequested = () -> false;
        double lipschitzPenalty;

        Options copy() {
            try {
                return (Options) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    public JkoTrainer(JkoConfig config) {
        this(config, new Options());
    }

    private JkoTrainer(JkoConfig config, Options options) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a JkoConfig, got null");
        }
        this.config = config;
        this.options = options;
    }

    private JkoTrainer with(java.util.function.Consumer<Options> change) {
        Options o = options.copy();
        change.accept(o);
        return new JkoTrainer(config, o);
    }

    public JkoTrainer withListener(TrainingListener l) {
        return with(o -> o.listener = l == null ? TrainingListener.none() : l);
    }

    /** Saves the flow to {@code file} (atomically) after every completed block. */
    public JkoTrainer withCheckpoint(Path file) {
        return with(o -> o.checkpoint = file);
    }

    /**
     * How the diagnostics, the map-agreement check and the returned flow integrate blocks;
     * Dormand-Prince 1e-5 by default ({@link JkoFlow#DEFAULT_INTEGRATION}).
     */
    public JkoTrainer withEvaluation(Integration e) {
        if (e == null) {
            throw new IllegalArgumentException("evaluation: expected an Integration, got null");
        }
        return with(o -> o.evaluation = e);
    }

    /** Calls {@code o} after every Adam step. */
    public JkoTrainer withBlockObserver(BlockObserver obs) {
        return with(o -> o.observer = obs);
    }

    /** What to do on a bad step ({@link DivergencePolicy#defaults()} unless set). */
    public JkoTrainer withDivergencePolicy(DivergencePolicy p) {
        if (p == null) {
            throw new IllegalArgumentException("policy: expected a DivergencePolicy, got null");
        }
        return with(o -> o.policy = p);
    }

    /** The agreement required of each block's training and sampling maps ({@link MapAgreement#defaults()}). */
    public JkoTrainer withMapAgreement(MapAgreement a) {
        if (a == null) {
            throw new IllegalArgumentException("agreement: expected a MapAgreement, got null");
        }
        return with(o -> o.agreement = a);
    }

    /**
     * Samples of p_0 not used for training, on which each block's maps are compared (pushed
     * through the trained blocks as the training data is). Without them the comparison uses
     * {@code diagnosticSamples} rows of the training data.
     */
    public JkoTrainer withHeldOut(Tensor samples) {
        if (samples == null || !samples.isFinite() || samples.rows() == 0) {
            throw new IllegalArgumentException("heldOut: expected a finite n x d tensor of samples");
        }
        return with(o -> o.heldOut = samples);
    }

    /**
     * Asks {@code stop} after every iteration; once it returns true the trainer drops the block in
     * progress and returns the completed blocks (each already in the checkpoint, if there is one).
     */
    public JkoTrainer withStopRequested(BooleanSupplier stop) {
        if (stop == null) {
            throw new IllegalArgumentException("stop: expected a BooleanSupplier, got null");
        }
        return with(o -> o.stopRequested = stop);
    }

    /**
     * Adds {@code weight} times the block field's Lipschitz bound prod_l ||W_l||_2 Lip(s)^(L-1) to
     * each block's loss (spectral-norm regularisation; {@link dev.otto.autodiff.nn.Mlp#lipschitzBoundRecorded}).
     * By Lemma C.2 of seed paper 1 a block with field bound L is an e^L-Lipschitz map, so keeping L
     * small keeps the block invertible stably and its RK4 training map close to the exact flow.
     * Off (0) by default. Measured with weight 1e-3: on the stiff picture miniature of the tests
     * (h = 2, 2.8, lr 3e-2) the second block's bound fell from 106 to 17, its train/sample gap D_k
     * from 0.036 to 1.7e-7 and W2^2(p_2, q) from 0.41 to 0.08; on moons with the command line's
     * defaults the bounds fell from 31-47 to 0.5-15 with the same sample quality (W2^2 between 2000
     * samples and 2000 data points 0.019, 0.023 without). Two cases are too few to make it the default.
     *
     * @param weight &gt;= 0
     */
    public JkoTrainer withLipschitzPenalty(double weight) {
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight: expected a finite value >= 0, got " + weight);
        }
        return with(o -> o.lipschitzPenalty = weight);
    }

    /**
     * The trained flow, the per-block diagnostics, W2^2(p_0, q) measured the same way, and what the
     * trainer did on the way: the rollbacks of bad steps and the retrainings of blocks whose maps
     * disagreed.
     */
    public record Result(JkoFlow flow, List<BlockDiagnostics> diagnostics, double w2SquaredInitial,
                         List<Rollback> rollbacks, List<Retraining> retrainings) {

        public Result {
            rollbacks = List.copyOf(rollbacks);
            retrainings = List.copyOf(retrainings);
        }

        /** Whether every block of the configuration is trained (false after a stop on request). */
        public boolean complete() {
            return flow.blocks().size() == flow.config().blocks();
        }

        /**
         * The bound of Theorem 4.3 for exact steps, W2^2(p_0, q) prod_{j &lt;= k} (1 + h_j)^-1, after each
         * block (index k from 0), to print beside the measured decay.
         */
        public double[] exactStepBound() {
            double[] b = new double[diagnostics.size()];
            double v = w2SquaredInitial;
            for (int k = 0; k < b.length; k++) {
                v /= 1 + diagnostics.get(k).stepSize();
                b[k] = v;
            }
            return b;
        }
    }

    /**
     * Training ran out of rollbacks in a block; {@link #partial()} holds the completed blocks (the
     * last good model), {@link #rollbacks()} what was tried.
     */
    public static final class JkoTrainingException extends TrainingDivergedException {
        private static final long serialVersionUID = 1L;
        private final transient Result partial;

        JkoTrainingException(String message, Result partial, Throwable cause) {
            super(message, partial.rollbacks(), cause);
            this.partial = partial;
        }

        public Result partial() {
            return partial;
        }
    }

    /** Trains all blocks of the configuration on {@code data} (n x d samples of p_0). */
    public Result train(Tensor data) {
        checkData(data);
        return run(new ArrayList<>(), data, data.cols());
    }

    /**
     * Continues training a flow whose first blocks are already trained (for example one loaded from
     * a checkpoint): the data is pushed through the trained blocks and training resumes at the next.
     */
    public Result resume(JkoFlow partial, Tensor data) {
        checkData(data);
        if (partial.dimension() != data.cols()) {
            throw new IllegalArgumentException("data: the flow has dimension " + partial.dimension() + ", data is "
                    + data.shape());
        }
        if (partial.blocks().size() > config.blocks()) {
            throw new IllegalArgumentException("partial: has " + partial.blocks().size() + " blocks, the configuration "
                    + config.blocks());
        }
        return run(new ArrayList<>(partial.blocks()), data, data.cols());
    }

    private static void checkData(Tensor data) {
        if (data == null || !data.isFinite()) {
            throw new IllegalArgumentException("data: expected a finite n x d tensor of samples");
        }
    }

    /** The state of a run: blocks so far, what was measured and done. */
    private final class Run {
        final int d;
        final List<JkoBlock> blocks;
        final List<BlockDiagnostics> diagnostics = new ArrayList<>();
        final List<Rollback> rollbacks = new ArrayList<>();
        final List<Retraining> retrainings = new ArrayList<>();
        final double w2Initial;
        final long start = System.nanoTime();

        Run(int d, List<JkoBlock> blocks, double w2Initial) {
            this.d = d;
            this.blocks = blocks;
            this.w2Initial = w2Initial;
        }

        Result result() {
            return new Result(new JkoFlow(d, config, blocks, options.evaluation), diagnostics, w2Initial, rollbacks,
                    retrainings);
        }
    }

    /** One training of a block: the block, its last loss and its map disagreement D_k. */
    private record Attempt(JkoBlock block, JkoBlock.Loss last, double disagreement) {
    }

    private Result run(List<JkoBlock> blocks, Tensor data, int d) {
        SplittableRandom diagRng = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);
        Run run = new Run(d, blocks, w2SquaredToNoise(data, diagRng));
        Tensor current = data;
        Tensor held = options.heldOut != null ? checkHeldOut(options.heldOut, d)
                : subset(data, new SplittableRandom(config.seed() ^ 0x5DEECE66DL));
        for (JkoBlock b : blocks) {
            current = b.pushTraining(current);
            held = b.pushTraining(held);
        }
        for (int k = blocks.size(); k < config.blocks(); k++) {
            long blockStart = System.nanoTime();
            Attempt best = null;
            double h = config.steps()[k];
            int rk = config.rkSteps();
            for (int retrain = 0; ; retrain++) {
                Attempt a = attempt(run, k, h, rk, current, held);
                if (a == null) {
                    return run.result();
                }
                if (best == null || !(best.disagreement() <= a.disagreement())) {
                    best = a;
                }
                if (options.agreement.accepts(a.disagreement()) || retrain == options.agreement.maxRetrains()) {
                    break;
                }
                double nextH = options.agreement.nextStepSize(h);
                int nextRk = options.agreement.nextRkSteps(rk);
                Retraining r = new Retraining(k, "train/sample disagreement (field Lipschitz bound "
                        + a.block().fieldLipschitzBound() + ")", a.disagreement(), options.agreement.tolerance(),
                        nextRk != rk ? "RK4 steps " + rk + " -> " + nextRk : "step size h " + h + " -> " + nextH);
                run.retrainings.add(r);
                options.listener.onRetraining(r);
                h = nextH;
                rk = nextRk;
            }
            double seconds = (System.nanoTime() - blockStart) / 1e9;
            JkoBlock block = best.block();
            Tensor pushed = block.pushTraining(current);
            blocks.add(block);
            int index = k;
            int retrains = (int) run.retrainings.stream().filter(r -> r.stage() == index).count();
            run.diagnostics.add(diagnose(k, best, current, pushed, diagRng, seconds, retrains));
            current = pushed;
            held = block.pushTraining(held);
            if (options.checkpoint != null) {
                save(new JkoFlow(d, config, blocks, options.evaluation));
            }
        }
        return run.result();
    }

    private static Tensor checkHeldOut(Tensor heldOut, int d) {
        if (heldOut.cols() != d) {
            throw new IllegalArgumentException("heldOut: expected samples of dimension " + d + ", got "
                    + heldOut.shape());
        }
        return heldOut;
    }

    /**
     * Trains block k (step size h, S = rk RK4 steps) from its initialisation and measures D_k; null
     * when a stop was requested.
     */
    private Attempt attempt(Run run, int k, double h, int rk, Tensor data, Tensor held) {
        SplittableRandom rng = new SplittableRandom(config.seed() * 1_000_003L + k);
        JkoBlock block = new JkoBlock(k, run.d, config, rng, h, rk);
        if (config.warmStart() && k > 0) {
            block.network().copyParametersFrom(run.blocks.get(k - 1).network());
        }
        JkoBlock.Loss last;
        try {
            last = trainBlock(block, k, data, rng, run);
        } catch (TrainingDivergedException e) {
            throw new JkoTrainingException("JKO training of block " + k + " " + e.getMessage() + "; the "
                    + run.blocks.size() + " completed blocks are kept", run.result(), e);
        }
        if (last == null) {
            return null;
        }
        return new Attempt(block, last, MapAgreement.disagreement(block, held, options.evaluation));
    }

    /** Adam on the block's loss under the divergence policy; null when a stop was requested. */
    private JkoBlock.Loss trainBlock(JkoBlock block, int k, Tensor data, SplittableRandom rng, Run run) {
        Adam adam = new Adam(config.learningRate());
        DivergenceGuard guard = new DivergenceGuard(options.policy, options.listener).watch(block.parameters(), adam);
        try {
            JkoBlock.Loss loss = null;
            for (int it = 0; it < config.iterationsPerBlock(); it++) {
                Step step = step(block, data, rng, adam, guard);
                if (step.bad() != null) {
                    guard.rollBack(k, it, step.bad());
                    it--; // the same iteration again, on a fresh minibatch
                    continue;
                }
                loss = step.loss();
                options.listener.onProgress(new TrainingProgress(k, config.blocks(), it, config.iterationsPerBlock(),
                        step.parts(options.lipschitzPenalty > 0), (System.nanoTime() - run.start) / 1e9));
                if (options.observer != null) {
                    options.observer.observe(k, it, block, data);
                }
                if (options.stopRequested.getAsBoolean()) {
                    return null;
                }
            }
            return loss;
        } finally {
            run.rollbacks.addAll(guard.rollbacks());
        }
    }

    /** One Adam step: its loss, gradient norm and Lipschitz bound, or what made it bad. */
    private record Step(JkoBlock.Loss loss, double gradNorm, double lipschitz, String bad) {

        Map<String, Double> parts(boolean withLipschitz) {
            Map<String, Double> parts = new LinkedHashMap<>();
            parts.put("loss", loss.total().item());
            parts.put("V", loss.potential());
            parts.put("-logdet", loss.negativeLogDet());
            parts.put("W2/2h", loss.transport());
            parts.put("gradNorm", gradNorm);
            if (withLipschitz) {
                parts.put("Lip", lipschitz);
            }
            return parts;
        }
    }

    /** Draws a minibatch and takes one clipped Adam step on the block's loss (plus the Lipschitz penalty). */
    private Step step(JkoBlock block, Tensor data, SplittableRandom rng, Adam adam, DivergenceGuard guard) {
        List<Parameter> params = block.parameters();
        int[] idx = Sampler.rowIndices(data.rows(), config.batchSize(), rng);
        Tensor x0 = data.gatherRows(idx);
        Trace trace = config.divergence() == JkoConfig.DivergenceMode.EXACT ? Trace.exact()
                : Trace.rademacher(idx.length, data.cols(), rng);
        double lipschitz = Double.NaN;
        try (Tape.Scope s = Tape.record()) {
            JkoBlock.Loss loss = block.loss(x0, trace);
            Tensor total = loss.total();
            if (options.lipschitzPenalty > 0) {
                Tensor bound = block.network().lipschitzBoundRecorded();
                lipschitz = bound.item();
                total = total.add(bound.scale(options.lipschitzPenalty));
            }
            String bad = guard.check(total.item(), null);
            if (bad != null) {
                return new Step(loss, Double.NaN, lipschitz, bad);
            }
            List<Tensor> grads = Gradients.grad(total, params.stream().map(Parameter::value).toList());
            bad = guard.check(total.item(), grads);
            if (bad != null) {
                return new Step(loss, Double.NaN, lipschitz, bad);
            }
            GradientClipping.Clipped c = GradientClipping.clipByGlobalNorm(grads, config.clipNorm());
            guard.remember(); // these parameters passed the checks: a later bad step returns here
            adam.step(params, c.grads());
            return new Step(loss, c.norm(), lipschitz, guard.checkParameters());
        } catch (IntegrationException | ArithmeticException e) {
            return new Step(null, Double.NaN, lipschitz, "the training solve failed: " + e.getMessage());
        }
    }

    private BlockDiagnostics diagnose(int k, Attempt a, Tensor before, Tensor pushed, SplittableRandom rng,
                                      double seconds, int retrains) {
        JkoBlock block = a.block();
        JkoBlock.Loss last = a.last();
        double move = pushed.sub(before).square().rowSums().mean().item();
        Tensor subset = subset(before, rng);
        Tensor forward = block.integrate(subset, true, options.evaluation);
        Tensor back = block.integrate(forward, false, options.evaluation);
        double inversion = back.sub(subset).square().rowSums().mean().item();
        return new BlockDiagnostics(k, block.stepSize(), last.potential(), last.negativeLogDet(), last.transport(),
                w2SquaredToNoise(pushed, rng), move, inversion, block.fieldLipschitzBound(), seconds, block.rkSteps(),
                a.disagreement(), retrains);
    }

    private Tensor subset(Tensor x, SplittableRandom rng) {
        int m = Math.min(config.diagnosticSamples(), x.rows());
        if (m == x.rows()) {
            return x;
        }
        int[] idx = rng.ints(0, x.rows()).distinct().limit(m).toArray();
        return x.gatherRows(idx);
    }

    /** W2^2 between a subset of the samples and as many fresh N(0, I) samples, by exact OT. */
    private double w2SquaredToNoise(Tensor x, SplittableRandom rng) {
        Tensor s = subset(x, rng);
        Tensor z = Tensor.randn(s.rows(), s.cols(), rng);
        return TensorTransport.w2Squared(s, z);
    }

    private void save(JkoFlow flow) {
        try {
            flow.save(options.checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint " + options.checkpoint, e);
        }
    }
}
