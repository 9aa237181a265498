package dev.otto.flows.metrics;

/**
 * The jackknife standard error of MMD^2_u with one Gaussian kernel (Arvesen 1969, the two-sample
 * jackknife of a U-statistic): with theta_(-x_i) the estimate without x_i and theta_(-y_j) without
 * y_j,
 * <pre>
 *   Var_J = (m-1)/m sum_i (theta_(-x_i) - mean_i theta_(-x_i))^2
 *         + (n-1)/n sum_j (theta_(-y_j) - mean_j theta_(-y_j))^2 .
 * </pre>
 * Every leave-one-out estimate comes from the row sums of the three kernel matrices, so the whole
 * costs one O((m + n)^2 d) pass, as the estimate does. By the Efron-Stein inequality the jackknife
 * variance does not underestimate on average; it is consistent when P != Q and stays of the right
 * order 1/m^2 when P = Q, where the first-order (delta-method) variance of the U-statistic
 * vanishes and would report a standard error of zero.
 */
final class MmdJackknife {

    private MmdJackknife() {
    }

    /**
     * {estimate, standard error} for samples x (m x d) and y (n x d) and bandwidth s; the standard
     * error is NaN when m or n is below 3 (a leave-one-out estimate needs two samples a side).
     */
    static double[] of(double[][] x, double[][] y, double s) {
        int m = x.length;
        int n = y.length;
        int d = x[0].length;
        double g = 1.0 / (2 * s * s);
        double[] rx = new double[m];
        double[] ry = new double[n];
        double[] cx = new double[m];
        double[] cy = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double k = Math.exp(-g * Kernels.squaredDistance(x[i], x[j], d));
                rx[i] += k;
                rx[j] += k;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double k = Math.exp(-g * Kernels.squaredDistance(y[i], y[j], d));
                ry[i] += k;
                ry[j] += k;
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double k = Math.exp(-g * Kernels.squaredDistance(x[i], y[j], d));
                cx[i] += k;
                cy[j] += k;
            }
        }
        double sxx = sum(rx);
        double syy = sum(ry);
        double sxy = sum(cx);
        double estimate = sxx / ((double) m * (m - 1)) + syy / ((double) n * (n - 1)) - 2 * sxy / ((double) m * n);
        if (m < 3 || n < 3) {
            return new double[] {estimate, Double.NaN};
        }
        double[] withoutX = new double[m];
        for (int i = 0; i < m; i++) {
            withoutX[i] = (sxx - 2 * rx[i]) / ((double) (m - 1) * (m - 2)) + syy / ((double) n * (n - 1))
                    - 2 * (sxy - cx[i]) / ((double) (m - 1) * n);
        }
        double[] withoutY = new double[n];
        for (int j = 0; j < n; j++) {
            withoutY[j] = sxx / ((double) m * (m - 1)) + (syy - 2 * ry[j]) / ((double) (n - 1) * (n - 2))
                    - 2 * (sxy - cy[j]) / ((double) m * (n - 1));
        }
        double variance = (m - 1.0) / m * spread(withoutX) + (n - 1.0) / n * spread(withoutY);
        return new double[] {estimate, Math.sqrt(variance)};
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    /** sum_i (v_i - mean v)^2. */
    private static double spread(double[] v) {
        double mean = sum(v) / v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s;
    }
}
