package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;

/**
 * The squared maximum mean discrepancy with the Gaussian kernel, unbiased U-statistic (MATH.md
 * section 7):
 * <pre>
 *   k(x, y) = exp(-|x - y|^2 / (2 s^2))
 *   MMD^2_u = 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(n(n-1)) sum_{i != j} k(y_i, y_j)
 *             - 2/(mn) sum_{i, j} k(x_i, y_j)
 * </pre>
 * Its expectation is the population MMD^2, which is 0 iff the two distributions are equal (the
 * Gaussian kernel is characteristic); the estimate itself can be slightly negative. The bandwidth s
 * is named in the definition ({@link Bandwidth}). Costs O((m + n)^2 d). {@link #evaluate} adds the
 * jackknife standard error ({@link MmdJackknife}).
 *
 * @param bandwidth how s is chosen
 */
public record MmdSquared(Bandwidth bandwidth) {

    /** Checks the bandwidth. */
    public MmdSquared {
        if (bandwidth == null) {
            throw new IllegalArgumentException("bandwidth: expected a Bandwidth, got null");
        }
    }

    /** MMD^2 with a fixed bandwidth s. */
    public static MmdSquared withBandwidth(double s) {
        return new MmdSquared(Bandwidth.fixed(s));
    }

    /** MMD^2 with the median heuristic. */
    public static MmdSquared withMedianHeuristic() {
        return new MmdSquared(Bandwidth.median());
    }

    /** The definition, with the bandwidth rule. */
    public String definition() {
        return "MMD^2_u (unbiased U-statistic, +- its two-sample jackknife standard error) with the Gaussian kernel"
                + " exp(-|x-y|^2/(2 s^2)), s: " + bandwidth.describe();
    }

    /** The estimate for samples x (m x d) and y (n x d), m, n >= 2. */
    public double value(Tensor x, Tensor y) {
        return evaluate(x, y).value();
    }

    /**
     * The estimate with its jackknife standard error ({@link MmdJackknife}; NaN for fewer than 3
     * samples a side) and its definition, naming the resolved bandwidth.
     */
    public Measurement evaluate(Tensor x, Tensor y) {
        Kernels.checkPair(x, y);
        double s = bandwidth.resolve(x, y);
        double v = Kernels.unbiasedMmd2(x, y, new double[] {s})[0];
        double se = MmdJackknife.of(x.toRows(), y.toRows(), s)[1];
        String def = definition() + (bandwidth instanceof Bandwidth.Fixed ? "" : " = " + s);
        return new Measurement("MMD^2", v, se, def);
    }
}
