package dev.otto.flows.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.OnePassLikelihood;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.flows.data.Sampler;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The law of X_0, the start of the interpolant X_t = a(t) X_0 + b(t) X_1 (+ gamma(t) e) and of the
 * generating flow (MATH.md section 5, "Sources other than N(0, I)"). Seed paper 3 takes X_0 = Z ~
 * N(0, I); the regression and the marginal-preserving property of the conditional velocity hold for
 * any X_0 with a second moment (Liu, Gong and Liu 2023, Theorem 3.3; Albergo and Vanden-Eijnden
 * 2023, Theorem 2.6; Tong et al. 2024, Theorem 3.1), so a source may be any {@link Sampler}, a data
 * set of rows included. What needs the standard Gaussian is stated in MATH.md section 5 and checked
 * by {@link InterpolationFlow}: the schedules whose a'(1) is infinite, Tweedie's formula and the
 * Lipschitz bounds built on it.
 *
 * <p>Four kinds, each of which a model file can store: {@link #standardGaussian} (with its
 * log-density), {@link #dataset} (a built-in distribution of {@link Datasets}, rebuilt by name),
 * {@link #rows} (a data set, resampled uniformly with replacement, stored row by row) and
 * {@link #of} (any sampler; a {@link GaussianMixture} brings its log-density, {@link #withDensity}
 * attaches one). The log-density of the flow (CNF bookkeeping, MATH.md section 3) is
 * log p_0(Phi_{1-&gt;0}(x)) + int_1^0 div v, so it exists exactly when the source has one.
 *
 * <pre>{@code
 * Source moons = Source.dataset("moons");                 // moons -> 8gaussians
 * InterpolationFlow flow = InterpolationFlow.create(2, hidden, act, ConditionalPath.constantSigma(0.1),
 *         integration, rng).withSource(moons);
 * trainer.train(flow, Datasets.byName("8gaussians"));
 * Tensor samples = flow.sample(1000, rng);                // moons pushed through the flow
 * }</pre>
 */
public final class Source {

    /** How a source is rebuilt from a model file. */
    public enum Kind {
        /** N(0, I_d). */
        GAUSSIAN,
        /** a built-in distribution, by name. */
        DATASET,
        /** a fixed data set of rows. */
        ROWS,
        /** any sampler (cannot be stored). */
        SAMPLER
    }

    private final Kind kind;
    private final Sampler sampler;
    private final UnaryOperator<Tensor> logDensity;
    private final Tensor rows;

    private Source(Kind kind, Sampler sampler, UnaryOperator<Tensor> logDensity, Tensor rows) {
        this.kind = kind;
        this.sampler = sampler;
        this.logDensity = logDensity;
        this.rows = rows;
    }

    /** N(0, I_d), drawn as {@code Tensor.randn(n, d, rng)}: the source of seed paper 3. */
    public static Source standardGaussian(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension: expected a positive dimension, got " + dimension);
        }
        Sampler gaussian = new Sampler() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public String name() {
                return "gaussian";
            }

            @Override
            public Tensor sample(int n, RandomGenerator rng) {
                Sampler.checkArguments(n, rng);
                return Tensor.randn(n, dimension, rng);
            }
        };
        return new Source(Kind.GAUSSIAN, gaussian, OnePassLikelihood::noiseLogDensity, null);
    }

    /**
     * The built-in distribution of this name ({@link Datasets#byName}).
     *
     * @throws IllegalArgumentException for an unknown name, with the known ones
     */
    public static Source dataset(String name) {
        Sampler s = Datasets.byName(name);
        return new Source(Kind.DATASET, s, densityOf(s), null);
    }

    /**
     * A data set: n x d rows, resampled uniformly with replacement (the empirical measure, which has
     * no density).
     *
     * @throws IllegalArgumentException if there are fewer than 2 rows or a value is not finite
     */
    public static Source rows(String name, Tensor x) {
        if (x == null || x.rows() < 2) {
            throw new IllegalArgumentException("source rows: expected at least 2 rows, got "
                    + (x == null ? "null" : x.rows()));
        }
        for (double v : x.toArray()) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("source rows: expected finite values, got " + v);
            }
        }
        String label = name == null || name.isBlank() ? "rows" : name;
        Sampler s = Sampler.ofRows(label, x);
        return new Source(Kind.ROWS, s, null, x);
    }

    /** Any sampler; a {@link GaussianMixture} keeps its log-density, others have none. */
    public static Source of(Sampler sampler) {
        if (sampler == null) {
            throw new IllegalArgumentException("source: expected a Sampler, got null");
        }
        return new Source(Kind.SAMPLER, sampler, densityOf(sampler), null);
    }

    /** A sampler with its log-density log p_0 (n x d -&gt; n x 1, in nats). */
    public static Source withDensity(Sampler sampler, UnaryOperator<Tensor> logDensity) {
        if (sampler == null || logDensity == null) {
            throw new IllegalArgumentException("source: expected a Sampler and its log-density, got a null");
        }
        return new Source(Kind.SAMPLER, sampler, logDensity, null);
    }

    private static UnaryOperator<Tensor> densityOf(Sampler s) {
        return s instanceof GaussianMixture g ? g::logDensity : null;
    }

    public Kind kind() {
        return kind;
    }

    public int dimension() {
        return sampler.dimension();
    }

    /** n independent draws of X_0 (n x d), from {@code rng} only. */
    public Tensor sample(int n, RandomGenerator rng) {
        return sampler.sample(n, rng);
    }

    /** True for N(0, I_d), the source the Gaussian-only statements of MATH.md section 5 need. */
    public boolean isStandardGaussian() {
        return kind == Kind.GAUSSIAN;
    }

    public boolean hasDensity() {
        return logDensity != null;
    }

    /**
     * log p_0 of each row (n x 1).
     *
     * @throws UnsupportedOperationException if this source has no density (a data set, a sampler)
     */
    public Tensor logDensity(Tensor x) {
        if (logDensity == null) {
            throw new UnsupportedOperationException("source '" + name() + "' has no density (a data set or a"
                    + " sampler without one): the flow's log-density log p_0(x_0) + int div v needs log p_0; use"
                    + " Source.withDensity, or compare samples (MMD, W2)");
        }
        return logDensity.apply(x);
    }

    /** The sampler's name: "gaussian", the data set's name, or the file's. */
    public String name() {
        return sampler.name();
    }

    /** The data set of a {@link Kind#ROWS} source; null for the others. */
    public Tensor rowsOrNull() {
        return rows;
    }

    /** What a checkpoint records: the kind and name (and the rows' shape and hash for a data set). */
    public String describe() {
        if (rows == null) {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + name() + "' of dimension " + dimension();
        }
        return "rows '" + name() + "' " + fingerprint(rows);
    }

    /** "n x d (hash h)", h the FNV-1a hash of the values' bits: how checkpoints recognise a data set. */
    static String fingerprint(Tensor x) {
        long h = 0xcbf29ce484222325L;
        for (double v : x.toArray()) {
            h = (h ^ Double.doubleToLongBits(v)) * 0x100000001b3L;
        }
        return x.rows() + " x " + x.cols() + " (hash " + Long.toHexString(h) + ")";
    }

    @Override
    public String toString() {
        return "Source[" + describe() + "]";
    }
}
