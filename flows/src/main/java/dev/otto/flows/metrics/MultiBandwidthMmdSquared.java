package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import java.util.Arrays;

/**
 * MMD^2_u (see {@link MmdSquared}) with the sum kernel k(x, y) = sum_b exp(-|x - y|^2 / (2 s_b^2))
 * over fixed bandwidths s_1..s_B (MATH.md section 7). The estimate equals the sum of the
 * single-bandwidth estimates, so it is unbiased and sensitive at every listed scale.
 * {@link #TORCHCFM_BANDWIDTHS} are TorchCFM's {@code sigma_list} (0.01, 0.1, 1, 10, 100), used
 * here as the s_b of the formula above.
 *
 * @param bandwidths the s_b, positive and finite (copied)
 */
public record MultiBandwidthMmdSquared(double[] bandwidths) {

    /** TorchCFM's list: 0.01, 0.1, 1, 10, 100. */
    public static final double[] TORCHCFM_BANDWIDTHS = {0.01, 0.1, 1, 10, 100};

    /** Checks and copies the bandwidths. */
    public MultiBandwidthMmdSquared {
        if (bandwidths == null || bandwidths.length == 0) {
            throw new IllegalArgumentException("bandwidths: expected at least one bandwidth, got none");
        }
        for (int k = 0; k < bandwidths.length; k++) {
            if (!(bandwidths[k] > 0) || !Double.isFinite(bandwidths[k])) {
                throw new IllegalArgumentException("bandwidths[" + k + "]: expected a positive finite value, got "
                        + bandwidths[k]);
            }
        }
        bandwidths = bandwidths.clone();
    }

    @Override
    public double[] bandwidths() {
        return bandwidths.clone();
    }

    /** The definition, listing the bandwidths. */
    public String definition() {
        return "MMD^2_u (unbiased U-statistic) with the kernel sum_b exp(-|x-y|^2/(2 s_b^2)), s_b in "
                + Arrays.toString(bandwidths);
    }

    /** The estimate for samples x (m x d) and y (n x d), m, n >= 2. */
    public double value(Tensor x, Tensor y) {
        Kernels.checkPair(x, y);
        double total = 0;
        for (double v : Kernels.unbiasedMmd2(x, y, bandwidths)) {
            total += v;
        }
        return total;
    }

    /** The estimate with its definition. */
    public Measurement evaluate(Tensor x, Tensor y) {
        return new Measurement("MMD^2", value(x, y), Double.NaN, definition());
    }
}
