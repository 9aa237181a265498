package dev.otto.flows.jko;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.DensitySamples;
import dev.otto.flows.Flow;
import dev.otto.flows.OnePassLikelihood;
import dev.otto.flows.TraceEstimator;
import dev.otto.flows.io.ModelConfig;
import dev.otto.flows.io.ModelFile;
import dev.otto.ode.CnfSolution;
import dev.otto.ode.Integration;
import dev.otto.ode.VectorField;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A JKO flow (MATH.md section 4; seed paper 1): blocks T_1, ..., T_N, each one JKO step, composed
 * from data to noise. {@link #toNoise} applies T_N o ... o T_1; {@link #fromNoise} integrates the
 * blocks backward in reverse order (generation); {@link #logDensity} is
 * log p(x) = log q(T(x)) + sum_k integral div f_k, with the exact trace (MATH.md sections 3 and 7);
 * {@link #sampleWithLogDensity} gives samples and the same log-densities in one pass from noise.
 * Evaluation integrates each block with Dormand-Prince at rtol = atol = 1e-5 unless told otherwise
 * ({@link #DEFAULT_INTEGRATION}).
 *
 * <p>Files: besides the configuration, the metadata records each block's own number of RK4
 * training steps ({@value #BLOCK_RK_STEPS}) and step size ({@value #BLOCK_STEP_SIZES}), since a
 * block retrained by {@link JkoTrainer} for agreement of its maps may differ from the
 * configuration; files written before these keys existed load with the configuration's values.
 */
public final class JkoFlow implements Flow {

    /** The model kind in saved files. */
    public static final String KIND = "jko";

    /** Configuration key: the blocks' RK4 training steps S_k, a list. */
    public static final String BLOCK_RK_STEPS = "blockRkSteps";

    /** Configuration key: the blocks' JKO step sizes h_k, a list. */
    public static final String BLOCK_STEP_SIZES = "blockStepSizes";

    /** Evaluation's integration unless told otherwise: Dormand-Prince, rtol = atol = 1e-5 (the reference code's). */
    public static final Integration DEFAULT_INTEGRATION = Integration.dormandPrince(1e-5, 1e-5);

    private final int dimension;
    private final JkoConfig config;
    private final List<JkoBlock> blocks;
    private final Integration integration;

    JkoFlow(int dimension, JkoConfig config, List<JkoBlock> blocks, Integration integration) {
        this.dimension = dimension;
        this.config = config;
        this.blocks = List.copyOf(blocks);
        this.integration = integration;
    }

    /**
     * A flow made of the given blocks (data-to-noise order), evaluated with the default integration:
     * for blocks trained elsewhere or set by hand (a block with a linear field dx/dt = A x has the
     * time-1 map e^A and log-determinant tr A, a closed form the property suite checks against).
     *
     * @throws IllegalArgumentException if there are more blocks than the configuration has steps,
     *     or a block's network does not map R^dimension to itself
     */
    public static JkoFlow of(int dimension, JkoConfig config, List<JkoBlock> blocks) {
        if (blocks.size() > config.blocks()) {
            throw new IllegalArgumentException("blocks: expected at most " + config.blocks() + " (the configuration's"
                    + " steps), got " + blocks.size());
        }
        for (JkoBlock b : blocks) {
            int in = b.network().inputDim();
            if (in != dimension || b.network().outputDim() != dimension) {
                throw new IllegalArgumentException("blocks: expected fields R^" + dimension + " -> R^" + dimension
                        + ", got R^" + in + " -> R^" + b.network().outputDim());
            }
        }
        return new JkoFlow(dimension, config, blocks, DEFAULT_INTEGRATION);
    }

    /** The same flow evaluated with another integration (for example a fine fixed grid). */
    public JkoFlow withIntegration(Integration other) {
        return new JkoFlow(dimension, config, blocks, other);
    }

    public JkoConfig config() {
        return config;
    }

    /** The trained blocks, in data-to-noise order. */
    public List<JkoBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    public Integration integration() {
        return integration;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Tensor toNoise(Tensor x) {
        checkBatch("x", x);
        Tensor y = x;
        for (JkoBlock b : blocks) {
            y = b.integrate(y, true, integration);
        }
        return y;
    }

    @Override
    public Tensor fromNoise(Tensor z) {
        checkBatch("z", z);
        Tensor x = z;
        for (int k = blocks.size() - 1; k >= 0; k--) {
            x = blocks.get(k).integrate(x, false, integration);
        }
        return x;
    }

    /** The intermediate distributions' samples: x, T_1(x), T_2(T_1(x)), ... (N + 1 tensors). */
    public List<Tensor> trajectory(Tensor x) {
        checkBatch("x", x);
        List<Tensor> path = new ArrayList<>();
        path.add(x);
        for (JkoBlock b : blocks) {
            path.add(b.integrate(path.get(path.size() - 1), true, integration));
        }
        return path;
    }

    @Override
    public boolean hasDensity() {
        return true;
    }

    @Override
    public Tensor logDensity(Tensor x) {
        checkBatch("x", x);
        Tensor y = x;
        Tensor logDet = Tensor.zeros(x.rows(), 1);
        for (JkoBlock b : blocks) {
            CnfSolution s = b.integrateWithLogDet(y, integration);
            y = s.x();
            logDet = logDet.add(s.logDet());
        }
        return OnePassLikelihood.noiseLogDensity(y).add(logDet);
    }

    /**
     * n samples and their log-densities in one pass from noise (MATH.md sections 3 and 4; seed paper
     * 1, eq. (7)): z ~ N(0, I) is carried back through T_N^{-1}, ..., T_1^{-1}, each block's field
     * integrated with [x, logdet] from t = 1 to 0 ({@link OnePassLikelihood#throughFields}), so
     * log p(x) = log q(z) + sum_k log|det grad T_k| comes out of the same solves that make the
     * samples, where {@link #logDensity} would integrate every block again from x. The error control
     * of an adaptive integration sees x only, so the samples are {@link #sample}'s for the same
     * generator state.
     */
    @Override
    public DensitySamples sampleWithLogDensity(int n, RandomGenerator rng, TraceEstimator trace) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive sample count, got " + n);
        }
        List<VectorField> inverses = new ArrayList<>(blocks.size());
        for (int k = blocks.size() - 1; k >= 0; k--) {
            inverses.add(blocks.get(k).velocity());
        }
        return OnePassLikelihood.throughFields(inverses, 1.0, 0.0, integration, Tensor.randn(n, dimension, rng), trace);
    }

    /** Saves the flow (parameters, configuration, number of trained blocks) atomically. */
    public void save(Path file) throws IOException {
        Map<String, Object> meta = new java.util.LinkedHashMap<>(config.toMap());
        meta.put("dimension", dimension);
        meta.put("trainedBlocks", blocks.size());
        meta.put(BLOCK_RK_STEPS, blocks.stream().mapToInt(JkoBlock::rkSteps).toArray());
        meta.put(BLOCK_STEP_SIZES, blocks.stream().mapToDouble(JkoBlock::stepSize).toArray());
        List<Parameter> params = new ArrayList<>();
        for (JkoBlock b : blocks) {
            params.addAll(b.parameters());
        }
        ModelFile.save(file, KIND, meta, params);
    }

    /** Loads a flow saved by {@link #save}. */
    public static JkoFlow load(Path file) throws IOException {
        ModelFile.Contents c = ModelFile.load(file, KIND);
        ModelConfig meta = c.config();
        JkoConfig config = JkoConfig.fromMap(meta);
        int d = meta.integer("dimension");
        int trained = meta.integer("trainedBlocks");
        if (trained < 0 || trained > config.blocks()) {
            throw new IllegalArgumentException(file + ": trainedBlocks " + trained + " outside [0, " + config.blocks() + "]");
        }
        // files written before the per-block keys existed use the configuration's values
        int[] rk = meta.has(BLOCK_RK_STEPS) ? meta.integers(BLOCK_RK_STEPS) : null;
        double[] h = meta.has(BLOCK_STEP_SIZES) ? meta.numbers(BLOCK_STEP_SIZES) : null;
        requireOnePerBlock(rk == null ? trained : rk.length, trained, BLOCK_RK_STEPS, file);
        requireOnePerBlock(h == null ? trained : h.length, trained, BLOCK_STEP_SIZES, file);
        List<JkoBlock> blocks = new ArrayList<>();
        SplittableRandom unused = new SplittableRandom(0);
        for (int k = 0; k < trained; k++) {
            JkoBlock b = new JkoBlock(k, d, config, unused,
                    h == null ? config.steps()[k] : h[k],
                    rk == null ? config.rkSteps() : rk[k]);
            c.loadInto(b.parameters());
            blocks.add(b);
        }
        return new JkoFlow(d, config, blocks, DEFAULT_INTEGRATION);
    }

    /** An error naming the key unless a per-block list has one value per trained block. */
    private static void requireOnePerBlock(int listed, int trained, String key, Path file) {
        if (listed != trained) {
            throw new IllegalArgumentException(file + ": " + key + " lists " + listed + " values for "
                    + trained + " trained blocks");
        }
    }
}
