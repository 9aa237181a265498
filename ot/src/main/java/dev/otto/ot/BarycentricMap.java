package dev.otto.ot;

import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.internal.Checks;
import dev.otto.ot.sinkhorn.SinkhornResult;

/**
 * Barycentric projection of a transport plan, MATH.md section 1:
 * T(x_i) = (1/a_i) sum_j P_ij y_j, with a_i the plan's row mass (the OT map when P is a
 * permutation). Rows with zero mass map to themselves (x_i), never to NaN.
 */
public final class BarycentricMap {

    private BarycentricMap() {
    }

    /** Barycentric map of an exact plan between x (n x d) and y (m x d). */
    public static double[][] of(ExactResult plan, double[][] x, double[][] y) {
        int d = Checks.dimension("y", y);
        check(plan.n(), plan.m(), x, y, d);
        double[][] out = new double[plan.n()][d];
        double[] mass = new double[plan.n()];
        for (int k = 0; k < plan.nonZeros(); k++) {
            int i = plan.row(k);
            int j = plan.col(k);
            double p = plan.mass(k);
            mass[i] += p;
            for (int c = 0; c < d; c++) {
                out[i][c] += p * y[j][c];
            }
        }
        finish(out, mass, x);
        return out;
    }

    /** Barycentric map of an entropic plan (evaluated row by row, O(m) extra memory). */
    public static double[][] of(SinkhornResult plan, double[][] x, double[][] y) {
        int d = Checks.dimension("y", y);
        check(plan.n(), plan.m(), x, y, d);
        double[][] out = new double[plan.n()][d];
        double[] mass = new double[plan.n()];
        double[] row = new double[plan.m()];
        for (int i = 0; i < plan.n(); i++) {
            plan.planRow(i, row);
            for (int j = 0; j < row.length; j++) {
                mass[i] += row[j];
                for (int c = 0; c < d; c++) {
                    out[i][c] += row[j] * y[j][c];
                }
            }
        }
        finish(out, mass, x);
        return out;
    }

    private static void check(int n, int m, double[][] x, double[][] y, int d) {
        if (x == null || x.length != n) {
            throw new IllegalArgumentException("x: expected " + n + " points (plan rows), got " + (x == null ? "null" : x.length));
        }
        if (y.length != m) {
            throw new IllegalArgumentException("y: expected " + m + " points (plan columns), got " + y.length);
        }
    }

    private static void finish(double[][] out, double[] mass, double[][] x) {
        for (int i = 0; i < out.length; i++) {
            if (mass[i] > 0) {
                for (int c = 0; c < out[i].length; c++) {
                    out[i][c] /= mass[i];
                }
            } else {
                out[i] = x[i].clone();
            }
        }
    }
}
