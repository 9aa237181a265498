package dev.otto.flows.metrics;

import dev.otto.autodiff.Tensor;
import dev.otto.ot.Wasserstein;
import dev.otto.ot.cost.PointCloudCost;

/**
 * Samples (the rows of a tensor) handed to the ot module as the flat row-major arrays it works on,
 * with no row arrays in between: exact W_2 between two samples (MATH.md sections 1 and 7) and the
 * cost |x_i - y_j|^p between them.
 */
public final class TensorTransport {

    private TensorTransport() {
    }

    /** C_ij = |x_i - y_j|^p between the rows of x and y (same number of columns). */
    public static PointCloudCost cost(Tensor x, Tensor y, double p) {
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("y: expected " + x.cols() + " columns (as x), got " + y.shape());
        }
        return PointCloudCost.power(x.toArray(), x.rows(), y.toArray(), y.rows(), x.cols(), p);
    }

    /** W_2^2 between the rows of x and y with uniform weights, by exact OT. */
    public static double w2Squared(Tensor x, Tensor y) {
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("y: expected " + x.cols() + " columns (as x), got " + y.shape());
        }
        return Wasserstein.w2Squared(x.toArray(), x.rows(), y.toArray(), y.rows(), x.cols());
    }

    /** W_2 (not squared) between the rows of x and y with uniform weights, by exact OT. */
    public static double w2(Tensor x, Tensor y) {
        return Math.sqrt(w2Squared(x, y));
    }
}
