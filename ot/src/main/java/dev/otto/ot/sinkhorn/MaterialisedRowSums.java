package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;

/**
 * {@link RowExponentialSums} of any cost: row i is read from a cost matrix in place, or written
 * into the caller's buffer by {@link Cost#row}, then S_i(p) = sum_j exp(p + h_j - C_ij / eps) is
 * summed by {@link VectorExp} when the Vector API is loaded, otherwise by {@link FastExp} with four
 * partial sums in a fixed order (MATH.md section 1, "Entropic OT").
 */
final class MaterialisedRowSums implements RowExponentialSums {

    private final Cost cost;
    private final double[] data;
    private final double[] h;
    private final double inv;

    MaterialisedRowSums(Cost cost, double[] h, double inv) {
        this.cost = cost;
        this.data = cost instanceof CostMatrix ? ((CostMatrix) cost).data() : null;
        this.h = h;
        this.inv = inv;
    }

    @Override
    public boolean needsBuffer() {
        return data == null;
    }

    @Override
    public double sum(int i, double p, double[] buffer) {
        int m = cost.cols();
        double[] src;
        int off;
        if (data != null) {
            src = data;
            off = i * m;
        } else {
            cost.row(i, buffer);
            src = buffer;
            off = 0;
        }
        if (VectorSupport.ENABLED) {
            return VectorExp.sumStoredRow(src, off, h, p, inv, m);
        }
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            s0 += FastExp.exp(p + h[j] - src[off + j] * inv);
            s1 += FastExp.exp(p + h[j + 1] - src[off + j + 1] * inv);
            s2 += FastExp.exp(p + h[j + 2] - src[off + j + 2] * inv);
            s3 += FastExp.exp(p + h[j + 3] - src[off + j + 3] * inv);
        }
        for (; j < m; j++) {
            s0 += FastExp.exp(p + h[j] - src[off + j] * inv);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
