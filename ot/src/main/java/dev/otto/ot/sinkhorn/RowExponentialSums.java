package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.GroundCost;
import dev.otto.ot.cost.PointCloudCost;

/**
 * The row sums of the streamed log-domain Sinkhorn half-step (MATH.md section 1, "Entropic OT"):
 * S_i(p) = sum_j exp(p + h_j - C_ij / eps) over row i of a cost, for a vector h that the caller
 * refills before every pass. With p = f_i / eps and h_j = log b_j + g_j / eps, S_i is the i-th row
 * sum of the plan P_ij = a_i b_j exp((f_i + g_j - C_ij) / eps) divided by a_i.
 *
 * <p>{@link #of} picks the evaluation: with the Vector API, squared-Euclidean and Euclidean point
 * clouds form C_ij in registers ({@link PointCloudRowSums}); any other cost is read row by row
 * into a buffer ({@link MaterialisedRowSums}). Each row is summed by one thread in a fixed order.
 * Implementations are safe to share between threads; {@code buffer} (cols() entries) is the
 * caller's, one per thread.
 */
interface RowExponentialSums {

    /** S_i(p); may be 0 or +infinity when the terms under- or overflow. */
    double sum(int i, double p, double[] buffer);

    /** Whether {@link #sum} needs a row buffer. */
    boolean needsBuffer();

    /** The row sums of c with the shift vector h and 1 / eps. */
    static RowExponentialSums of(Cost c, double[] h, double inv) {
        if (VectorSupport.ENABLED && c instanceof PointCloudCost) {
            PointCloudCost pc = (PointCloudCost) c;
            if (pc.kind() == GroundCost.SQUARED_EUCLIDEAN || pc.kind() == GroundCost.EUCLIDEAN) {
                return new PointCloudRowSums(pc, h, inv);
            }
        }
        return new MaterialisedRowSums(c, h, inv);
    }
}
