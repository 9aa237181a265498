package dev.otto.flows.proximal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a W1/W2 proximal training run (MATH.md section 6, "Reference settings"; seed
 * paper 2, section 5 and the authors' README). {@link #forDimension(int)} gives the reference
 * values: T = 1, K = 5, L = 1, batch 200, n_D = 5, Adam(0.5, 0.9) with learning rates 2e-5
 * (discriminator) and 1e-4 (generator), phi a tanh MLP 5 x 48 on [x, t], g a ReLU MLP 3 x 48;
 * lambda = 0.5, mu = 0.1 for 2-D data and lambda = 0.1, mu = 0.01 above (the zero-padded 2-D
 * manifolds in R^7 and R^12). The default divergence is KL in Donsker-Varadhan form: it is what
 * the authors' code actually ran for every {@code --f} choice (seed_code.md section 3), so it is
 * the setting behind their published numbers.
 *
 * @param proximalCase which of the four regularisations is on
 * @param divergence the f-divergence
 * @param horizon T
 * @param steps K (Euler steps over [0, T])
 * @param lipschitz L of the gradient penalty
 * @param mu weight of the gradient penalty (used when the case has the penalty)
 * @param lambda weight of the kinetic energy (used when the case has it)
 * @param batch samples per step, for data and for noise
 * @param discriminatorSteps n_D
 * @param discriminatorLearningRate Adam learning rate of g
 * @param generatorLearningRate Adam learning rate of phi
 * @param beta1 Adam beta1 (0.5)
 * @param beta2 Adam beta2 (0.9)
 * @param potentialHidden hidden widths of phi (tanh)
 * @param discriminatorHidden hidden widths of g (ReLU)
 * @param potentialScale s in phi = s net(x, t): the velocity is -s grad net. The optimum does not
 *        depend on s, the training does: Adam moves the network's weights by about the learning
 *        rate whatever the gradient's size, so the velocity learns s times faster. The authors' code
 *        has v = -grad U / lambda (U = lambda phi), that is s = 1 / lambda, even in the W1-only case
 *        where lambda does not weigh anything (seed_code.md section 3)
 * @param iterations generator steps
 * @param indicatorEvery evaluate the a-posteriori indicators every this many iterations (and at the end)
 * @param seed seed of every random draw of the run (initialisation, data, noise, interpolates)
 */
public record ProximalConfig(ProximalCase proximalCase, FDivergence divergence, double horizon, int steps,
                             double lipschitz, double mu, double lambda, int batch, int discriminatorSteps,
                             double discriminatorLearningRate, double generatorLearningRate, double beta1,
                             double beta2, int[] potentialHidden, int[] discriminatorHidden,
                             double potentialScale, int iterations, int indicatorEvery, long seed) {

    public ProximalConfig {
        if (proximalCase == null) {
            throw new IllegalArgumentException("proximalCase: expected a case, got null");
        }
        if (divergence == null) {
            throw new IllegalArgumentException("divergence: expected an FDivergence, got null");
        }
        positive("horizon", horizon);
        positive("lipschitz", lipschitz);
        nonNegative("mu", mu);
        nonNegative("lambda", lambda);
        positive("potentialScale", potentialScale);
        positive("discriminatorLearningRate", discriminatorLearningRate);
        positive("generatorLearningRate", generatorLearningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1, beta2: expected values in [0, 1), got " + beta1 + ", " + beta2);
        }
        atLeast("steps", steps, 1);
        atLeast("batch", batch, 2);
        atLeast("discriminatorSteps", discriminatorSteps, 1);
        atLeast("iterations", iterations, 0);
        atLeast("indicatorEvery", indicatorEvery, 1);
        potentialHidden = widths("potentialHidden", potentialHidden);
        discriminatorHidden = widths("discriminatorHidden", discriminatorHidden);
    }

    /**
     * The reference settings of MATH.md section 6 for data in R^dim, case W1+W2, 4000 iterations,
     * with the authors' parametrisation of the potential (potentialScale = 1 / lambda).
     */
    public static ProximalConfig forDimension(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim: expected a positive dimension, got " + dim);
        }
        boolean low = dim <= 2;
        double lambda = low ? 0.5 : 0.1;
        return new ProximalConfig(ProximalCase.W1_W2, FDivergence.kl(), 1.0, 5, 1.0, low ? 0.1 : 0.01,
                lambda, 200, 5, 2e-5, 1e-4, 0.5, 0.9, new int[] {48, 48, 48, 48, 48},
                new int[] {48, 48, 48}, 1 / lambda, 4000, 100, 0L);
    }

    /** lambda if the case has the kinetic energy, else 0. */
    public double effectiveLambda() {
        return proximalCase.kinetic() ? lambda : 0.0;
    }

    /** mu if the case has the gradient penalty, else 0. */
    public double effectiveMu() {
        return proximalCase.penalty() ? mu : 0.0;
    }

    public ProximalConfig withCase(ProximalCase c) {
        return new ProximalConfig(c, divergence, horizon, steps, lipschitz, mu, lambda, batch, discriminatorSteps,
                discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden, discriminatorHidden,
                potentialScale, iterations, indicatorEvery, seed);
    }

    public ProximalConfig withDivergence(FDivergence f) {
        return new ProximalConfig(proximalCase, f, horizon, steps, lipschitz, mu, lambda, batch, discriminatorSteps,
                discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden, discriminatorHidden,
                potentialScale, iterations, indicatorEvery, seed);
    }

    public ProximalConfig withIterations(int n) {
        return new ProximalConfig(proximalCase, divergence, horizon, steps, lipschitz, mu, lambda, batch,
                discriminatorSteps, discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden,
                discriminatorHidden, potentialScale, n, indicatorEvery, seed);
    }

    public ProximalConfig withSeed(long s) {
        return new ProximalConfig(proximalCase, divergence, horizon, steps, lipschitz, mu, lambda, batch,
                discriminatorSteps, discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden,
                discriminatorHidden, potentialScale, iterations, indicatorEvery, s);
    }

    public ProximalConfig withTime(double t, int k) {
        return new ProximalConfig(proximalCase, divergence, t, k, lipschitz, mu, lambda, batch, discriminatorSteps,
                discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden, discriminatorHidden,
                potentialScale, iterations, indicatorEvery, seed);
    }

    public ProximalConfig withWeights(double newLambda, double newMu, double newL) {
        return new ProximalConfig(proximalCase, divergence, horizon, steps, newL, newMu, newLambda, batch,
                discriminatorSteps, discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden,
                discriminatorHidden, potentialScale, iterations, indicatorEvery, seed);
    }

    public ProximalConfig withLearningRates(double discriminator, double generator) {
        return new ProximalConfig(proximalCase, divergence, horizon, steps, lipschitz, mu, lambda, batch,
                discriminatorSteps, discriminator, generator, beta1, beta2, potentialHidden, discriminatorHidden,
                potentialScale, iterations, indicatorEvery, seed);
    }

    public ProximalConfig withBatch(int b, int nD) {
        return new ProximalConfig(proximalCase, divergence, horizon, steps, lipschitz, mu, lambda, b, nD,
                discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden, discriminatorHidden,
                potentialScale, iterations, indicatorEvery, seed);
    }

    public ProximalConfig withNetworks(int[] phiHidden, int[] gHidden) {
        return new ProximalConfig(proximalCase, divergence, horizon, steps, lipschitz, mu, lambda, batch,
                discriminatorSteps, discriminatorLearningRate, generatorLearningRate, beta1, beta2, phiHidden,
                gHidden, potentialScale, iterations, indicatorEvery, seed);
    }

    /** The same settings with phi = s net(x, t) (see {@code potentialScale}). */
    public ProximalConfig withPotentialScale(double s) {
        return new ProximalConfig(proximalCase, divergence, horizon, steps, lipschitz, mu, lambda, batch,
                discriminatorSteps, discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden,
                discriminatorHidden, s, iterations, indicatorEvery, seed);
    }

    public ProximalConfig withIndicatorEvery(int every) {
        return new ProximalConfig(proximalCase, divergence, horizon, steps, lipschitz, mu, lambda, batch,
                discriminatorSteps, discriminatorLearningRate, generatorLearningRate, beta1, beta2, potentialHidden,
                discriminatorHidden, potentialScale, iterations, every, seed);
    }

    @Override
    public int[] potentialHidden() {
        return potentialHidden.clone();
    }

    @Override
    public int[] discriminatorHidden() {
        return discriminatorHidden.clone();
    }

    /**
     * The settings with JSON-typed values under the model-file schema's names (docs/model-format.md;
     * "hidden" is the potential's widths, as in the model's own entries), for model files and reports.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", proximalCase.name());
        m.put("divergence", divergence.name());
        m.put("horizon", horizon);
        m.put("eulerSteps", steps);
        m.put("lipschitz", lipschitz);
        m.put("mu", mu);
        m.put("lambda", lambda);
        m.put("batch", batch);
        m.put("discriminatorSteps", discriminatorSteps);
        m.put("discriminatorLearningRate", discriminatorLearningRate);
        m.put("generatorLearningRate", generatorLearningRate);
        m.put("hidden", List.of(Arrays.stream(potentialHidden).boxed().toArray()));
        m.put("discriminatorHidden", List.of(Arrays.stream(discriminatorHidden).boxed().toArray()));
        m.put("potentialScale", potentialScale);
        m.put("iterations", iterations);
        m.put("seed", seed);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProximalConfig c && describe().equals(c.describe()) && c.beta1 == beta1
                && c.beta2 == beta2 && c.indicatorEvery == indicatorEvery;
    }

    @Override
    public int hashCode() {
        return describe().hashCode();
    }

    @Override
    public String toString() {
        return "ProximalConfig" + describe();
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": expected a finite value > 0, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": expected a finite value >= 0, got " + v);
        }
    }

    private static void atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + ": expected at least " + min + ", got " + v);
        }
    }

    private static int[] widths(String name, int[] w) {
        if (w == null || w.length == 0) {
            throw new IllegalArgumentException(name + ": expected at least one hidden width, got "
                    + (w == null ? "null" : "none"));
        }
        for (int x : w) {
            if (x < 1) {
                throw new IllegalArgumentException(name + ": expected positive widths, got " + Arrays.toString(w));
            }
        }
        return w.clone();
    }
}
