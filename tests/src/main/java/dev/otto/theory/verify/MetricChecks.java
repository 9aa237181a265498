package dev.otto.theory.verify;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.MmdSquared;
import dev.otto.flows.metrics.Straightness;
import dev.otto.theory.flows.PathGen;
import java.util.List;

/**
 * MATH.md sections 6-7, metrics (module {@code flows}, package {@code metrics}): straightness of a
 * path, and unbiasedness of the MMD^2 U-statistic with the Gaussian kernel.
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
     * paths with Gaussian vertices have straightness in (0, 1] (triangle inequality). Regimes alternate.
     */
    static TheoremCheck straightness() {
        return WorstCase.of(new Statement("metrics.straightness", "7",
                        "Straightness |x(T) - x(0)| / int |dx/dt| dt is in (0, 1], and 1 for a straight path", ""),
                "measured: |1 - S| for straight paths (bound 1e-12), S for polygonal ones (bound: the nearer end of "
                        + "(0, 1 + 1e-12]); the worst path",
                (index, rng) -> {
                    int d = Draw.integer(index, rng, 1, 5);
                    int steps = Draw.integer(index, rng, 1, 12);
                    Outcome worst = null;
                    if (index % 2 == 0) {
                        for (double s : Straightness.perPath(PathGen.straightPaths(6, d, steps, rng))) {
                            worst = Outcome.worseOf(worst, Outcome.error(s - 1, 1e-12));
                        }
                    } else {
                        for (double s : Straightness.perPath(PathGen.polygonalPaths(6, d, steps, rng))) {
                            worst = Outcome.worseOf(worst, Outcome.between(Double.MIN_NORMAL, s, 1 + 1e-12));
                        }
                    }
                    return worst;
                });
    }

    /**
     * The sharp, exact form of "zero in expectation for equal distributions": for any pooled sample
     * of N = m + n points, the average of MMD^2_u over all C(N, m) splits into x (m) and y (n) is 0,
     * since every pair {p, q} enters the two within-sample sums with total weight 4/(N(N-1)) and the
     * cross sum with -4/(N(N-1)). Equal distributions make the pooled sample exchangeable, so
     * E MMD^2_u = 0. The biased V-statistic averages to about 2 (1 - E k)/m &gt; 0 and fails. Sizes
     * m, n in 2..5, d 1..3, data scales 1e-3 .. 1e3, bandwidth 0.1 .. 10 times the data scale; the
     * values are sums of at most 100 kernel values in [0, 1]: tolerance 1e-12.
     */
    static TheoremCheck mmdUnbiased() {
        return WorstCase.of(new Statement("metrics.mmd-unbiased", "7",
                        "MMD^2 with the Gaussian kernel (unbiased U-statistic) is zero in expectation for equal distributions",
                        ""),
                "measured: |mean of MMD^2_u over all splits of a pooled sample of m + n points into m and n|; bound: 1e-12",
                (index, rng) -> {
                    int m = Draw.integer(index, rng, 2, 5);
                    int n = 2 + rng.nextInt(4);
                    int d = 1 + rng.nextInt(3);
                    double scale = Draw.logScale(index, rng, -3, 3);
                    Tensor pooled = Tensor.randn(m + n, d, rng).scale(scale)
                            .add(Tensor.randn(m + n, 1, rng).scale(2 * scale).broadcastTo(m + n, d));
                    MmdSquared mmd = MmdSquared.withBandwidth(scale * Math.pow(10, rng.nextDouble(-1, 1)));
                    double sum = 0;
                    int splits = 0;
                    for (int mask = 0; mask < 1 << (m + n); mask++) {
                        if (Integer.bitCount(mask) != m) {
                            continue;
                        }
                        int[] xs = new int[m];
                        int[] ys = new int[n];
                        int a = 0;
                        int b = 0;
                        for (int i = 0; i < m + n; i++) {
                            if ((mask >> i & 1) == 1) {
                                xs[a++] = i;
                            } else {
                                ys[b++] = i;
                            }
                        }
                        sum += mmd.value(pooled.gatherRows(xs), pooled.gatherRows(ys));
                        splits++;
                    }
                    return Outcome.error(sum / splits, 1e-12);
                });
    }
}
