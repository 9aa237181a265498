package dev.otto.autodiff.nn;

import dev.otto.autodiff.Tensor;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How a {@link Linear} layer (in inputs, out outputs) draws its weights W (in x out) and bias
 * b (1 x out). Weights are drawn first, row-major, then the bias, from the same generator.
 */
public enum Initialisation {

    /**
     * PyTorch's default for {@code nn.Linear}: every entry of W and b uniform on
     * [-1/sqrt(in), 1/sqrt(in)] (weight variance 1/(3 in)). Otto's default, so results compare
     * with PyTorch runs.
     */
    UNIFORM_FAN_IN {
        @Override
        public Tensor weight(int in, int out, RandomGenerator rng) {
            double bound = 1.0 / Math.sqrt(in);
            return Tensor.uniform(in, out, -bound, bound, rng);
        }

        @Override
        public Tensor bias(int in, int out, RandomGenerator rng) {
            double bound = 1.0 / Math.sqrt(in);
            return Tensor.uniform(1, out, -bound, bound, rng);
        }
    },

    /**
     * Glorot (Xavier) normal as TensorFlow 1 / Keras draws it ({@code glorot_normal}, the
     * initialiser of seed paper 2's code): W from a normal truncated at two standard deviations,
     * rescaled so that its standard deviation is sqrt(2 / (in + out)); b = 0. The truncated standard
     * normal on [-2, 2] has standard deviation 0.87962566103423978, hence the divisor.
     */
    GLOROT_NORMAL {
        @Override
        public Tensor weight(int in, int out, RandomGenerator rng) {
            double sd = Math.sqrt(2.0 / (in + out)) / TRUNCATED_SD;
            double[] w = new double[in * out];
            for (int i = 0; i < w.length; i++) {
                double z;
                do {
                    z = rng.nextGaussian();
                } while (Math.abs(z) > 2);
                w[i] = sd * z;
            }
            return Tensor.of(in, out, w);
        }

        @Override
        public Tensor bias(int in, int out, RandomGenerator rng) {
            return Tensor.zeros(1, out);
        }
    };

    /** Standard deviation of a standard normal truncated to [-2, 2]. */
    static final double TRUNCATED_SD = 0.87962566103423978;

    /** W (in x out). */
    public abstract Tensor weight(int in, int out, RandomGenerator rng);

    /** b (1 x out) of a layer with {@code in} inputs. */
    public abstract Tensor bias(int in, int out, RandomGenerator rng);

    /** {@code uniform} (PyTorch's) or {@code glorot} (TensorFlow's glorot_normal), case-insensitive. */
    public static Initialisation parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "uniform", "pytorch", "uniform_fan_in":
                return UNIFORM_FAN_IN;
            case "glorot", "glorot_normal", "xavier":
                return GLOROT_NORMAL;
            default:
                throw new IllegalArgumentException("initialisation: expected uniform (PyTorch's) or glorot"
                        + " (TensorFlow's glorot_normal), got " + (name == null ? "null" : "'" + name + "'"));
        }
    }
}
