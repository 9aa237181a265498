package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.DensitySamples;
import dev.otto.flows.Flow;
import dev.otto.flows.TraceEstimator;
import dev.otto.flows.io.ModelConfig;
import dev.otto.flows.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A trained W1/W2 proximal generative flow (MATH.md section 6; seed paper 2, Algorithm 1): the
 * potential phi(x, t) and the forward-Euler generator x_{k+1} = x_k - dt grad phi(x_k, t_k), K steps
 * over [0, T] from z ~ N(0, I). {@link #fromNoise} is that generator.
 *
 * <p>Forward only. {@link #toNoise} throws {@link UnsupportedOperationException}: the paper's
 * targets are often supported on a lower-dimensional manifold (the zero-padded sets in R^7, R^12),
 * onto which the learned map squeezes full-dimensional noise, so no inverse exists there; the
 * paper defines none and integrating the Euler scheme backward would look like an inverse while
 * producing meaningless "noise" for data off the model's image (and a misleading inversion error).
 * ({@link #hasInverse()} is false.)
 *
 * <p>Density. The generator is the ODE x' = -grad phi(x, t) from noise, so it does define one
 * (div v = -Laplacian phi): {@link #sampleWithLogDensity} integrates samples and log p together in
 * one Euler pass, and {@link #logDensity} inverts the Euler steps by Newton's method, which finds
 * the preimage wherever I - dt Hess phi stays positive definite and fails naming the step, the row
 * and the reason where it does not converge or the step folds (see {@link GeneratorDensity}).
 *
 * <p>Saved with {@link ModelFile} as kind {@value #KIND}: the tensors of phi's network ("phi.*") and
 * the configuration d, T, K, the hidden widths, the activation and the scale s of phi = s net. A loaded flow gives bitwise the
 * same samples as the saved one for the same generator state.
 */
public final class ProximalFlow implements Flow {

    /** The model-file kind. */
    public static final String KIND = "proximal";

    private final Mlp phi;
    private final double potentialScale;
    private final PotentialGenerator generator;
    private final int dim;

    /** A flow from a time-input potential network (phi = net), with horizon T and K Euler steps. */
    public ProximalFlow(Mlp phi, double horizon, int steps) {
        this(phi, 1.0, horizon, steps);
    }

    /**
     * A flow with potential phi = potentialScale net(x, t) (see {@link ProximalConfig#potentialScale()}),
     * horizon T and K Euler steps.
     */
    public ProximalFlow(Mlp net, double potentialScale, double horizon, int steps) {
        this.phi = net;
        this.potentialScale = potentialScale;
        this.generator = new PotentialGenerator(Potential.of(net, potentialScale), horizon, steps);
        this.dim = net.inputDim();
    }

    /** A fresh (untrained) potential network of the given widths, weights from the seed. */
    public static Mlp newPotential(int dim, int[] hidden, Activation activation, long seed) {
        return Mlp.builder(dim).hidden(hidden).output(1).activation(activation).timeInput(true).name("phi")
                .build(new SplittableRandom(seed));
    }

    @Override
    public int dimension() {
        return dim;
    }

    /** x_K from z by the K-step Euler generator (nothing recorded). */
    @Override
    public Tensor fromNoise(Tensor z) {
        checkBatch("z", z);
        return generator.rollout(z).terminal();
    }

    /** x_k from z with k Euler steps over the same [0, T] (k = 2K checks discretisation invariance). */
    public Tensor fromNoise(Tensor z, int k) {
        checkBatch("z", z);
        return generator.rollout(z, k).terminal();
    }

    /** The whole rollout x_0 .. x_K from z (for paths, straightness and kinetic energy). */
    public Rollout rollout(Tensor z) {
        checkBatch("z", z);
        return generator.rollout(z);
    }

    /**
     * Not defined for this model (see the class documentation): the proximal generator is forward only.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Tensor toNoise(Tensor x) {
        throw new UnsupportedOperationException("the W1/W2 proximal generator is forward only (noise -> data):"
                + " its target may be supported on a lower-dimensional manifold where no inverse exists, and the"
                + " model defines none; compare samples from sample()/fromNoise() instead");
    }

    @Override
    public boolean hasInverse() {
        return false;
    }

    @Override
    public boolean hasDensity() {
        return true;
    }

    /**
     * log p_T(x) by the CNF formula along the Euler path recovered backward from x (exact Laplacian).
     *
     * @throws IllegalStateException when an Euler step cannot be inverted at these points
     */
    @Override
    public Tensor logDensity(Tensor x) {
        checkBatch("x", x);
        return new GeneratorDensity(generator).logDensity(x);
    }

    /** Samples and log-densities in one Euler pass from noise ({@link GeneratorDensity#fromNoise}). */
    @Override
    public DensitySamples sampleWithLogDensity(int n, RandomGenerator rng, TraceEstimator trace) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive sample count, got " + n);
        }
        return new GeneratorDensity(generator).fromNoise(Tensor.randn(n, dim, rng), trace);
    }

    /** The network net of phi = s net(x, t). */
    public Mlp potentialNetwork() {
        return phi;
    }

    /** s of phi = s net(x, t). */
    public double potentialScale() {
        return potentialScale;
    }

    public PotentialGenerator generator() {
        return generator;
    }

    public List<Parameter> parameters() {
        return phi.parameters();
    }

    /**
     * Writes the model atomically (kind {@value #KIND}); {@code extra} configuration entries (JSON-typed,
     * such as {@link ProximalConfig#describe()} and what training recorded) are stored too, the
     * model's own entries (dimension, horizon, eulerSteps, hidden, activation, potentialScale) last.
     */
    public void save(Path file, Map<String, ?> extra) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>(extra == null ? Map.of() : extra);
        config.put("dimension", dim);
        config.put("horizon", generator.horizon());
        config.put("eulerSteps", generator.steps());
        int[] w = phi.widths();
        config.put("hidden", Arrays.copyOfRange(w, 1, w.length - 1));
        config.put("activation", phi.activation().name());
        config.put("potentialScale", potentialScale);
        for (Parameter p : phi.parameters()) {
            if (!p.value().isFinite()) {
                throw new IllegalStateException("parameter " + p.name() + " is not finite: refusing to save it");
            }
        }
        ModelFile.save(file, KIND, config, phi.parameters());
    }

    /** Reads a model written by {@link #save}. */
    public static ProximalFlow load(Path file) throws IOException {
        ModelFile.Contents c = ModelFile.load(file, KIND);
        ModelConfig config = c.config();
        Activation a = Activation.parse(config.string("activation"));
        // files written before the scale existed hold phi = net
        double scale = config.number("potentialScale", 1.0);
        Mlp phi = newPotential(config.integer("dimension"), config.integers("hidden"), a, 0L);
        c.loadInto(phi.parameters());
        return new ProximalFlow(phi, scale, config.number("horizon"), config.integer("eulerSteps"));
    }
}
