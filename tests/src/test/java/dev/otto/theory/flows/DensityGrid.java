package dev.otto.theory.flows;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.Flow;

/**
 * The total mass of a 2-D flow's density on the square [-half, half]^2 by the midpoint rule on an
 * m x m grid: sum_cells exp(log p(centre)) (2 half / m)^2. For a smooth density whose mass outside
 * the square is negligible this is 1 up to the quadrature error, which for an analytic integrand
 * that has decayed at the square's edge falls faster than any power of the cell width (the
 * midpoint rule is the trapezoidal rule of a function that vanishes at the ends).
 */
public final class DensityGrid {

    private DensityGrid() {
    }

    /** The cell centres of the m x m grid on [-half, half]^2, one per row (m^2 x 2). */
    public static Tensor centres(double half, int m) {
        double cell = 2 * half / m;
        double[] xy = new double[2 * m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                int k = i * m + j;
                xy[2 * k] = -half + (i + 0.5) * cell;
                xy[2 * k + 1] = -half + (j + 0.5) * cell;
            }
        }
        return Tensor.wrap(m * m, 2, xy);
    }

    /** The midpoint-rule integral of exp(flow.logDensity) over [-half, half]^2 with m x m cells. */
    public static double mass(Flow flow, double half, int m) {
        if (flow.dimension() != 2) {
            throw new IllegalArgumentException("flow: expected a 2-D flow, got dimension " + flow.dimension());
        }
        double cell = 2 * half / m;
        double sum = 0;
        for (double lp : flow.logDensity(centres(half, m)).toArray()) {
            sum += Math.exp(lp);
        }
        return sum * cell * cell;
    }
}
