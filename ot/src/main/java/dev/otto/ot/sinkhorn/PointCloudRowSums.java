package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.GroundCost;
import dev.otto.ot.cost.PointCloudCost;

/**
 * {@link RowExponentialSums} of a squared-Euclidean or Euclidean point-cloud cost (MATH.md
 * section 1, "W_p between point clouds"), with C_ij formed in Vector API registers from the
 * targets stored coordinate-major, so a row is never written to memory: the streamed half-step
 * reads 8 (d + 1) bytes per entry of contiguous memory instead of writing and reading the row.
 * Used only when {@link VectorSupport#ENABLED}; the entries are those of {@link PointCloudCost#row}
 * bit for bit, so a streamed step gives the same potentials on the point cloud as on its stored
 * cost matrix.
 */
final class PointCloudRowSums implements RowExponentialSums {

    /** Coordinate k of the sources, x[k][i]. */
    private final double[][] x;
    /** Coordinate k of the targets, y[k][j]. */
    private final double[][] y;
    private final boolean root;
    private final double[] h;
    private final double inv;

    PointCloudRowSums(PointCloudCost cost, double[] h, double inv) {
        this.x = cost.sourcesByCoordinate();
        this.y = cost.targetsByCoordinate();
        this.root = cost.kind() == GroundCost.EUCLIDEAN;
        this.h = h;
        this.inv = inv;
    }

    @Override
    public boolean needsBuffer() {
        return false;
    }

    @Override
    public double sum(int i, double p, double[] buffer) {
        double[] xi = new double[x.length];
        for (int k = 0; k < xi.length; k++) {
            xi[k] = x[k][i];
        }
        return VectorExp.sumPointCloudRow(y, xi, root, h, p, inv, y[0].length);
    }
}
