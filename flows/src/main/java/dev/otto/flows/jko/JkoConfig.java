package dev.otto.flows.jko;

import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.io.ModelConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a JKO flow and of its block-by-block training (MATH.md section 4; seed paper 1,
 * Section 3 and its reference code). Defaults are the reference implementation's: 8 blocks with
 * h_k = 0.25 * 1.4^(k-1), each block a time-independent MLP 2 -> 128 -> 128 -> 128 -> 2 with
 * softplus of sharpness 20 integrated by S = 3 classical RK4 steps on t in [0, 1], batch 2000, Adam
 * with learning rate 1e-4, gradient clipping at norm 1, exact divergence (Hutchinson optional), and
 * blocks warm-started from their predecessor.
 *
 * @param steps              the JKO step sizes h_1, ..., h_N (one block per step)
 * @param hidden             hidden widths of each block's MLP
 * @param activation         activation name ({@link Activation#parse})
 * @param timeInput          whether the block's field sees t (the reference code's field does not)
 * @param rkSteps            S, the RK4 steps per block in training
 * @param batchSize          samples per Adam step
 * @param iterationsPerBlock Adam steps per block
 * @param learningRate       Adam's learning rate
 * @param clipNorm           global gradient-norm clipping threshold
 * @param divergence         exact trace or Hutchinson's estimator in the training loss
 * @param warmStart          whether block k starts from block k-1's parameters
 * @param diagnosticSamples  sample size for the per-block W2 and inversion diagnostics
 * @param seed               seed of initialisation, minibatches and probes
 */
public record JkoConfig(double[] steps, int[] hidden, String activation, boolean timeInput, int rkSteps,
                        int batchSize, int iterationsPerBlock, double learningRate, double clipNorm,
                        DivergenceMode divergence, boolean warmStart, int diagnosticSamples, long seed) {

    /** How the training loss computes the divergence of a block's field. */
    public enum DivergenceMode { EXACT, HUTCHINSON }

    public JkoConfig {
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException("steps: expected at least one JKO step size, got none");
        }
        for (double h : steps) {
            if (!(h > 0) || !Double.isFinite(h)) {
                throw new IllegalArgumentException("steps: every JKO step size must be positive and finite, got "
                        + Arrays.toString(steps));
            }
        }
        if (hidden == null || hidden.length == 0) {
            throw new IllegalArgumentException("hidden: expected at least one hidden width, got none");
        }
        Activation.parse(activation);
        positive("rkSteps", rkSteps);
        positive("batchSize", batchSize);
        positive("iterationsPerBlock", iterationsPerBlock);
        positive("diagnosticSamples", diagnosticSamples);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate: must be positive, got " + learningRate);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clipNorm: must be positive, got " + clipNorm);
        }
        if (divergence == null) {
            throw new IllegalArgumentException("divergence: expected EXACT or HUTCHINSON, got null");
        }
        steps = steps.clone();
        hidden = hidden.clone();
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + ": must be positive, got " + v);
        }
    }

    /** The reference configuration. */
    public static JkoConfig reference() {
        return new JkoConfig(geometricSteps(8, 0.25, 1.4), new int[] {128, 128, 128}, "softplus(20.0)", false, 3,
                2000, 10_000, 1e-4, 1.0, DivergenceMode.EXACT, true, 2000, 1L);
    }

    /** h_k = first * growth^(k-1), k = 1..blocks. */
    public static double[] geometricSteps(int blocks, double first, double growth) {
        if (blocks <= 0) {
            throw new IllegalArgumentException("blocks: must be positive, got " + blocks);
        }
        double[] h = new double[blocks];
        for (int k = 0; k < blocks; k++) {
            h[k] = first * Math.pow(growth, k);
        }
        return h;
    }

    public int blocks() {
        return steps.length;
    }

    @Override
    public double[] steps() {
        return steps.clone();
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public JkoConfig withSteps(double[] h) {
        return new JkoConfig(h, hidden, activation, timeInput, rkSteps, batchSize, iterationsPerBlock, learningRate,
                clipNorm, divergence, warmStart, diagnosticSamples, seed);
    }

    public JkoConfig withNetwork(int[] widths, String act, boolean withTime) {
        return new JkoConfig(steps, widths, act, withTime, rkSteps, batchSize, iterationsPerBlock, learningRate,
                clipNorm, divergence, warmStart, diagnosticSamples, seed);
    }

    public JkoConfig withTraining(int batch, int iterations, double lr) {
        return new JkoConfig(steps, hidden, activation, timeInput, rkSteps, batch, iterations, lr, clipNorm,
                divergence, warmStart, diagnosticSamples, seed);
    }

    public JkoConfig withRkSteps(int s) {
        return new JkoConfig(steps, hidden, activation, timeInput, s, batchSize, iterationsPerBlock, learningRate,
                clipNorm, divergence, warmStart, diagnosticSamples, seed);
    }

    public JkoConfig withDivergence(DivergenceMode mode) {
        return new JkoConfig(steps, hidden, activation, timeInput, rkSteps, batchSize, iterationsPerBlock, learningRate,
                clipNorm, mode, warmStart, diagnosticSamples, seed);
    }

    public JkoConfig withDiagnosticSamples(int n) {
        return new JkoConfig(steps, hidden, activation, timeInput, rkSteps, batchSize, iterationsPerBlock, learningRate,
                clipNorm, divergence, warmStart, n, seed);
    }

    public JkoConfig withSeed(long s) {
        return new JkoConfig(steps, hidden, activation, timeInput, rkSteps, batchSize, iterationsPerBlock, learningRate,
                clipNorm, divergence, warmStart, diagnosticSamples, s);
    }

    /**
     * The configuration with JSON-typed values, for a model file (docs/model-format.md): step sizes
     * and widths as lists, integers, numbers, booleans, the divergence mode by name.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("hidden", hidden);
        m.put("activation", activation);
        m.put("timeInput", timeInput);
        m.put("rkSteps", rkSteps);
        m.put("batchSize", batchSize);
        m.put("iterationsPerBlock", iterationsPerBlock);
        m.put("learningRate", learningRate);
        m.put("clipNorm", clipNorm);
        m.put("divergence", divergence.name());
        m.put("warmStart", warmStart);
        m.put("diagnosticSamples", diagnosticSamples);
        m.put("seed", seed);
        return new ModelConfig(JkoFlow.KIND, m).values();
    }

    /** The inverse of {@link #toMap()}: the configuration of a model file. */
    public static JkoConfig fromMap(ModelConfig c) {
        String mode = c.string("divergence");
        DivergenceMode divergence;
        try {
            divergence = DivergenceMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config: unknown JKO divergence mode '" + mode + "', expected one of "
                    + Arrays.toString(DivergenceMode.values()), e);
        }
        return new JkoConfig(c.numbers("steps"), c.integers("hidden"), c.string("activation"), c.bool("timeInput"),
                c.integer("rkSteps"), c.integer("batchSize"), c.integer("iterationsPerBlock"),
                c.number("learningRate"), c.number("clipNorm"), divergence, c.bool("warmStart"),
                c.integer("diagnosticSamples"), c.longInteger("seed"));
    }
}
