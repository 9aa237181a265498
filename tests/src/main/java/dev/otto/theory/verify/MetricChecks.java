package dev.otto.theory.verify;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.MmdSquared;
import dev.otto.flows.metrics.Straightness;
import dev.otto.theory.flows.PathGen;
import java.util.List;

/**
 * MATH.md sections 6-7, metrics (module {@code flows}, package {@code metrics}): straightness of a
 * path, and unbiasedness of the MMD^2 U-statistic with the Gaussian kernel against the Gaussian
 * closed form of the population value.
 */
final class MetricChecks {

    private MetricChecks() {
    }

    static List<TheoremCheck> all() {
        return List.of(straightness(), mmdUnbiased());
    }

    /**
     * Straight paths at any monotone speed (6 paths, 1 .. 12 steps, d 1..5) have straightness 1 (the
     * polygon length equals the chord; 1e-12 covers the rounding of the summed lengths); polygonal
     * paths with Gaussian vertices have straightness in (0, 1] (triangle inequality), the same to
     * 1e-12 after rotating, scaling (e^-2 .. e^2) and shifting the picture (a ratio of lengths: a
     * squared norm or a missing square root changes under scaling). Regimes alternate.
     */
    static TheoremCheck straightness() {
        return WorstCase.of(new Statement("metrics.straightness", "7",
                        "Straightness |x(T) - x(0)| / int |dx/dt| dt is in (0, 1], and 1 for a straight path", ""),
                "measured: |1 - S| for straight paths (bound 1e-12), S for polygonal ones (bound: the nearer end of "
                        + "(0, 1 + 1e-12]) and the change of S under a similarity of the picture (bound 1e-12); the worst path",
                (index, rng) -> {
                    int d = Draw.integer(index, rng, 1, 5);
                    int steps = Draw.integer(index, rng, 1, 12);
                    Outcome worst = null;
                    if (index % 2 == 0) {
                        for (double s : Straightness.perPath(PathGen.straightPaths(6, d, steps, rng))) {
                            worst = Outcome.worseOf(worst, Outcome.error(s - 1, 1e-12));
                        }
                    } else {
                        List<Tensor> paths = PathGen.polygonalPaths(6, d, steps, rng);
                        double[] s = Straightness.perPath(paths);
                        double[] seen = Straightness.perPath(PathGen.similarityImage(paths, rng));
                        for (int i = 0; i < s.length; i++) {
                            worst = Outcome.worseOf(worst, Outcome.between(Double.MIN_NORMAL, s[i], 1 + 1e-12));
                            worst = Outcome.worseOf(worst, Outcome.error(seen[i] - s[i], 1e-12));
                        }
                    }
                    return worst;
                });
    }

    /**
     * Unbiasedness against the population value, which for Gaussians is in closed form: with
     * X ~ N(mu_x, s_x^2 I_d), Y ~ N(mu_y, s_y^2 I_d) independent and the kernel
     * k(x, y) = exp(-|x - y|^2 / (2 s^2)), E k(X, Y) = (s^2 / r^2)^(d/2) exp(-|mu_x - mu_y|^2 / (2 r^2)),
     * r^2 = s^2 + s_x^2 + s_y^2 (a Gaussian integral), so MMD^2 = E k(X, X') + E k(Y, Y') - 2 E k(X, Y).
     * The mean of R = 400 independent MMD^2_u estimates (sample sizes m, n in 3..8) must lie within 5
     * standard errors (estimated from the replicates) of it: a correct implementation fails a case
     * with probability about 6e-7, while a wrong bandwidth convention (s^2 for 2 s^2, or s for s^2)
     * moves the population value by a large fraction of itself, and the biased V-statistic is off by
     * about 2 (1 - E k) / m, many standard errors at these sizes. d 1..3, means 0 .. 2 s_x apart,
     * bandwidth 0.3 .. 3 times the data scale, data scale 1e-3 .. 1e3.
     */
    static TheoremCheck mmdUnbiased() {
        return WorstCase.of(new Statement("metrics.mmd-unbiased", "7",
                        "MMD^2_u with the Gaussian kernel exp(-|x-y|^2/(2 s^2)) is unbiased: its expectation is the population MMD^2",
                        ""),
                "measured: |mean of 400 MMD^2_u estimates - the Gaussian closed form|, in kernel units; "
                        + "bound: 5 standard errors of that mean",
                (index, rng) -> {
                    int m = Draw.integer(index, rng, 3, 8);
                    int n = 3 + rng.nextInt(6);
                    int d = 1 + rng.nextInt(3);
                    double scale = Draw.logScale(index, rng, -3, 3);
                    double sx = scale;
                    double sy = scale * Math.pow(2, rng.nextDouble(-1, 1));
                    double shift = 2 * scale * rng.nextDouble() / Math.sqrt(d);
                    double s = scale * Math.pow(10, rng.nextDouble(-0.5, 0.5));
                    double population = gaussianKernelMean(s, sx, sx, 0, d) + gaussianKernelMean(s, sy, sy, 0, d)
                            - 2 * gaussianKernelMean(s, sx, sy, shift * shift * d, d);
                    MmdSquared mmd = MmdSquared.withBandwidth(s);
                    int replicates = 400;
                    double sum = 0;
                    double sumSq = 0;
                    for (int r = 0; r < replicates; r++) {
                        Tensor x = Tensor.randn(m, d, rng).scale(sx);
                        Tensor y = Tensor.randn(n, d, rng).scale(sy).addScalar(shift);
                        double v = mmd.value(x, y);
                        sum += v;
                        sumSq += v * v;
                    }
                    double mean = sum / replicates;
                    double variance = Math.max(sumSq / replicates - mean * mean, 0) * replicates / (replicates - 1);
                    return Outcome.error(mean - population, 5 * Math.sqrt(variance / replicates));
                });
    }

    /** E exp(-|X - Y|^2 / (2 s^2)) for X - Y ~ N(delta, (sa^2 + sb^2) I_d), |delta|^2 = shift2. */
    private static double gaussianKernelMean(double s, double sa, double sb, double shift2, int d) {
        double r2 = s * s + sa * sa + sb * sb;
        return Math.pow(s * s / r2, d / 2.0) * Math.exp(-shift2 / (2 * r2));
    }
}
