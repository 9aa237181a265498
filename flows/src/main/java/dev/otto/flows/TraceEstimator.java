package dev.otto.flows;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.random.SplitMix64;
import dev.otto.ode.Trace;
import java.util.function.UnaryOperator;

/**
 * How a log-density computes div v along a path (MATH.md sections 2 and 3; Grathwohl et al.,
 * FFJORD, eq. (6)-(7), for Hutchinson's estimator in a CNF): exactly, with d vector-Jacobian
 * products per evaluation, or by Hutchinson's estimator with K Rademacher probes e_1..e_K drawn once
 * from {@code new SplitMix64(seed)} and held fixed along the whole path (so the augmented ODE stays
 * deterministic, see {@link Trace}).
 *
 * <p>The K probes are carried as K copies of the batch, stacked ({@link #replicate}): the state
 * rows of every copy follow the same ODE, so they agree, while each copy's log-determinant is an
 * independent unbiased estimate of the exact one. {@link #combine} averages the K estimates and
 * reports the variance of that mean (sample variance / K, zero for the exact trace). One solve of a
 * K times larger batch replaces K solves.
 */
public final class TraceEstimator {

    /** {@link #defaultFor} takes the exact trace up to this dimension (d products per step are then cheap). */
    public static final int EXACT_UP_TO_DIMENSION = 16;
    /** {@link #defaultFor}'s probe count above {@link #EXACT_UP_TO_DIMENSION}. */
    public static final int DEFAULT_PROBES = 8;

    private final int probes;
    private final long seed;

    private TraceEstimator(int probes, long seed) {
        this.probes = probes;
        this.seed = seed;
    }

    /** The exact divergence. */
    public static TraceEstimator exact() {
        return new TraceEstimator(0, 0L);
    }

    /**
     * Hutchinson's estimator with {@code probes} fixed Rademacher probes per sample from {@code seed}.
     *
     * @throws IllegalArgumentException if probes &lt; 2 (one probe gives no variance estimate)
     */
    public static TraceEstimator hutchinson(int probes, long seed) {
        if (probes < 2) {
            throw new IllegalArgumentException("probes: expected at least 2 Hutchinson probes (for a variance), got "
                    + probes);
        }
        return new TraceEstimator(probes, seed);
    }

    /** Exact up to {@link #EXACT_UP_TO_DIMENSION}, otherwise {@link #DEFAULT_PROBES} probes from seed 0. */
    public static TraceEstimator defaultFor(int dimension) {
        return dimension <= EXACT_UP_TO_DIMENSION ? exact() : hutchinson(DEFAULT_PROBES, 0L);
    }

    public boolean isExact() {
        return probes == 0;
    }

    /** K, the number of probes (0 for the exact trace). */
    public int probes() {
        return probes;
    }

    /** The number of stacked copies of a batch: K, or 1 for the exact trace. */
    public int copies() {
        return isExact() ? 1 : probes;
    }

    /** The batch stacked {@link #copies()} times (n K x d). */
    public Tensor replicate(Tensor z) {
        if (isExact()) {
            return z;
        }
        Tensor[] parts = new Tensor[probes];
        java.util.Arrays.fill(parts, z);
        return Tensor.concatRows(parts);
    }

    /** The fixed probes for a stacked batch of {@code rows} x {@code cols} (null for the exact trace). */
    public Tensor probe(int rows, int cols) {
        return isExact() ? null : Tensor.rademacher(rows, cols, new SplitMix64(seed));
    }

    /** The ode module's trace for a stacked batch of {@code rows} x {@code cols}. */
    public Trace trace(int rows, int cols) {
        return isExact() ? Trace.exact() : Trace.hutchinson(probe(rows, cols));
    }

    /** div v at x with {@code probe} (from {@link #probe}; null for exact). */
    public static Divergence.Result divergence(UnaryOperator<Tensor> v, Tensor x, Tensor probe) {
        return probe == null ? Divergence.exact(v, x) : Divergence.hutchinson(v, x, probe);
    }

    /**
     * The n samples and their log-densities from a stacked solve: {@code x} (n K x d) and the
     * per-copy log-densities (n K x 1); the log-density is the mean over the K copies and the
     * variance that of the mean.
     */
    public DensitySamples combine(int n, Tensor x, Tensor logDensityPerCopy) {
        int k = copies();
        if (x.rows() != n * k || logDensityPerCopy.rows() != n * k) {
            throw new IllegalArgumentException("x, logDensity: expected " + n * k + " stacked rows, got " + x.rows()
                    + " and " + logDensityPerCopy.rows());
        }
        double[] all = logDensityPerCopy.toArray();
        double[] mean = new double[n];
        double[] variance = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += all[c * n + i];
            }
            mean[i] = s / k;
            if (k > 1) {
                double ss = 0;
                for (int c = 0; c < k; c++) {
                    ss += (all[c * n + i] - mean[i]) * (all[c * n + i] - mean[i]);
                }
                variance[i] = ss / (k - 1) / k;
            }
        }
        return new DensitySamples(x.sliceRows(0, n), Tensor.wrap(n, 1, mean), Tensor.wrap(n, 1, variance));
    }

    @Override
    public String toString() {
        return isExact() ? "exact trace" : "Hutchinson, " + probes + " Rademacher probes, seed " + seed;
    }
}
