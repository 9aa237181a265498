package dev.otto.theory.ot;

import java.util.SplittableRandom;

/**
 * Weighted point clouds with skewed weights: w_i proportional to exp(kappa g_i), g_i standard
 * normal, so with kappa = 3 the largest weight of 40 points is typically 10^4 to 10^6 times the
 * smallest (the regime where a solver that silently assumes uniform weights, or normalises the
 * wrong marginal, is visibly wrong). Weights sum to {@code mass}.
 */
final class SkewedClouds {

    private SkewedClouds() {
    }

    static double[][] cloud(int n, int d, double scale, SplittableRandom rng) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = scale * rng.nextGaussian();
            }
        }
        return x;
    }

    static double[] weights(int n, double kappa, double mass, SplittableRandom rng) {
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(kappa * rng.nextGaussian());
            sum += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] *= mass / sum;
        }
        return w;
    }

    /** The L1 distance between two vectors. */
    static double l1(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += Math.abs(u[i] - v[i]);
        }
        return s;
    }

    /** Row sums and column sums of a plan. */
    static double[][] marginals(double[][] plan) {
        double[] rows = new double[plan.length];
        double[] cols = new double[plan[0].length];
        for (int i = 0; i < plan.length; i++) {
            for (int j = 0; j < plan[i].length; j++) {
                rows[i] += plan[i][j];
                cols[j] += plan[i][j];
            }
        }
        return new double[][] {rows, cols};
    }
}
