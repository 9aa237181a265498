package dev.otto.flows.jko;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.NonFiniteValueException;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.autodiff.optim.GradientClipping;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import dev.otto.ode.Trace;
import dev.otto.ot.Wasserstein;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Progressive training of a JKO flow (MATH.md section 4; seed paper 1, Algorithm 1): block k is
 * trained on the data pushed through blocks 1..k-1, warm-started from block k-1, by Adam on the
 * per-block JKO loss with gradient clipping. After each block the trainer measures
 * {@link BlockDiagnostics}, reports progress to a {@link TrainingListener}, and (if asked) saves
 * the flow so far atomically, so a stopped run loses at most the block in progress and can be
 * resumed with {@link #resume}.
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
    private final TrainingListener listener;
    private final Path checkpoint;
    private final JkoBlock.Integration evaluation;
    private final BlockObserver observer;

    /**
     * Sees the block under training after each Adam step, with the samples of p_k it trains on: the
     * hook through which a metric such as {@link FirstOrderError} follows a block during training.
     */
    @FunctionalInterface
    public interface BlockObserver {
        void observe(int block, int iteration, JkoBlock current, Tensor blockInput);
    }

    public JkoTrainer(JkoConfig config) {
        this(config, TrainingListener.none(), null, JkoBlock.Integration.defaults(), null);
    }

    private JkoTrainer(JkoConfig config, TrainingListener listener, Path checkpoint, JkoBlock.Integration evaluation,
                       BlockObserver observer) {
        this.config = config;
        this.listener = listener;
        this.checkpoint = checkpoint;
        this.evaluation = evaluation;
        this.observer = observer;
    }

    public JkoTrainer withListener(TrainingListener l) {
        return new JkoTrainer(config, l, checkpoint, evaluation, observer);
    }

    /** Saves the flow to {@code file} (atomically) after every completed block. */
    public JkoTrainer withCheckpoint(Path file) {
        return new JkoTrainer(config, listener, file, evaluation, observer);
    }

    /** How the diagnostics (and the returned flow) integrate blocks; Dormand-Prince 1e-5 by default. */
    public JkoTrainer withEvaluation(JkoBlock.Integration e) {
        return new JkoTrainer(config, listener, checkpoint, e, observer);
    }

    /** Calls {@code o} after every Adam step. */
    public JkoTrainer withBlockObserver(BlockObserver o) {
        return new JkoTrainer(config, listener, checkpoint, evaluation, o);
    }

    /** The trained flow, the per-block diagnostics, and W2^2(p_0, q) measured the same way. */
    public record Result(JkoFlow flow, List<BlockDiagnostics> diagnostics, double w2SquaredInitial) {

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

    /** Training stopped on a non-finite loss or gradient; {@link #partial()} holds the completed blocks. */
    public static final class JkoTrainingException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Result partial;

        JkoTrainingException(String message, Result partial, Throwable cause) {
            super(message, cause);
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

    private Result run(List<JkoBlock> blocks, Tensor data, int d) {
        long start = System.nanoTime();
        SplittableRandom diagRng = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);
        double w2Initial = w2SquaredToNoise(data, diagRng);
        Tensor current = data;
        for (JkoBlock b : blocks) {
            current = b.pushTraining(current);
        }
        List<BlockDiagnostics> diagnostics = new ArrayList<>();
        for (int k = blocks.size(); k < config.blocks(); k++) {
            SplittableRandom rng = new SplittableRandom(config.seed() * 1_000_003L + k);
            JkoBlock block = new JkoBlock(k, d, config, rng);
            if (config.warmStart() && k > 0) {
                block.network().copyParametersFrom(blocks.get(k - 1).network());
            }
            long blockStart = System.nanoTime();
            JkoBlock.Loss last;
            try {
                last = trainBlock(block, k, current, rng, start);
            } catch (NonFiniteValueException e) {
                Result partial = new Result(new JkoFlow(d, config, blocks, evaluation), diagnostics, w2Initial);
                throw new JkoTrainingException("training diverged in block " + k + ": " + e.getMessage()
                        + " (the " + blocks.size() + " completed blocks are kept)", partial, e);
            }
            double seconds = (System.nanoTime() - blockStart) / 1e9;
            Tensor pushed = block.pushTraining(current);
            blocks.add(block);
            diagnostics.add(diagnose(k, block, last, current, pushed, diagRng, seconds));
            current = pushed;
            if (checkpoint != null) {
                save(new JkoFlow(d, config, blocks, evaluation));
            }
        }
        return new Result(new JkoFlow(d, config, blocks, evaluation), diagnostics, w2Initial);
    }

    private JkoBlock.Loss trainBlock(JkoBlock block, int k, Tensor data, SplittableRandom rng, long start) {
        List<Parameter> params = block.parameters();
        Adam adam = new Adam(config.learningRate());
        int n = data.rows();
        int d = data.cols();
        JkoBlock.Loss loss = null;
        for (int it = 0; it < config.iterationsPerBlock(); it++) {
            int[] idx = new int[config.batchSize()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = rng.nextInt(n);
            }
            Tensor x0 = data.gatherRows(idx);
            Trace trace = config.divergence() == JkoConfig.DivergenceMode.EXACT ? Trace.exact()
                    : Trace.rademacher(idx.length, d, rng);
            double gradNorm;
            try (Tape.Scope s = Tape.record()) {
                loss = block.loss(x0, trace);
                if (!Double.isFinite(loss.total().item())) {
                    throw new NonFiniteValueException("the loss is " + loss.total().item() + " at iteration " + it);
                }
                List<Tensor> grads = Gradients.grad(loss.total(), params.stream().map(Parameter::value).toList());
                GradientClipping.Clipped c = GradientClipping.clipByGlobalNorm(grads, config.clipNorm());
                gradNorm = c.norm();
                adam.step(params, c.grads());
            }
            Map<String, Double> parts = new LinkedHashMap<>();
            parts.put("loss", loss.total().item());
            parts.put("V", loss.potential());
            parts.put("-logdet", loss.negativeLogDet());
            parts.put("W2/2h", loss.transport());
            parts.put("gradNorm", gradNorm);
            listener.onProgress(new TrainingProgress(k, config.blocks(), it, config.iterationsPerBlock(), parts,
                    (System.nanoTime() - start) / 1e9));
            if (observer != null) {
                observer.observe(k, it, block, data);
            }
        }
        return loss;
    }

    private BlockDiagnostics diagnose(int k, JkoBlock block, JkoBlock.Loss last, Tensor before, Tensor pushed,
                                      SplittableRandom rng, double seconds) {
        double move = pushed.sub(before).square().rowSums().mean().item();
        Tensor subset = subset(before, rng);
        Tensor forward = block.integrate(subset, true, evaluation);
        Tensor back = block.integrate(forward, false, evaluation);
        double inversion = back.sub(subset).square().rowSums().mean().item();
        return new BlockDiagnostics(k, block.stepSize(), last.potential(), last.negativeLogDet(), last.transport(),
                w2SquaredToNoise(pushed, rng), move, inversion, block.fieldLipschitzBound(), seconds);
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
        return Wasserstein.w2Squared(s.toRows(), z.toRows());
    }

    private void save(JkoFlow flow) {
        try {
            flow.save(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint " + checkpoint, e);
        }
    }
}
