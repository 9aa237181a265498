package dev.otto.ot.cost;

import dev.otto.ot.internal.Checks;

/**
 * Cost between two point clouds evaluated on the fly, C_ij = c(x_i, y_j) with
 * c = |x - y|^2, |x - y| or |x - y|^p (MATH.md section 1, "W_p between point clouds").
 * Nothing of size n x m is stored: solvers streaming rows use O(n + m) memory.
 *
 * <p>Points are rows (MATH.md conventions): x is n x d, y is m x d, both copied to flat
 * row-major arrays. Differences are formed coordinate by coordinate (not through
 * |x|^2 + |y|^2 - 2 x.y), so C_ii = 0 exactly when x_i = y_i and C is exactly symmetric when the
 * clouds are swapped.
 */
public final class PointCloudCost implements Cost {

    private final double[] x;
    private final double[] y;
    private final int n;
    private final int m;
    private final int d;
    private final GroundCost kind;
    private final double p;

    private PointCloudCost(double[] x, int n, double[] y, int m, int d, GroundCost kind, double p) {
        this.x = x;
        this.y = y;
        this.n = n;
        this.m = m;
        this.d = d;
        this.kind = kind;
        this.p = p;
    }

    /** C_ij = |x_i - y_j|^2 (squared Euclidean, no factor 1/2). */
    public static PointCloudCost squaredEuclidean(double[][] x, double[][] y) {
        return create(x, y, GroundCost.SQUARED_EUCLIDEAN, 2);
    }

    /** C_ij = |x_i - y_j| (Euclidean). */
    public static PointCloudCost euclidean(double[][] x, double[][] y) {
        return create(x, y, GroundCost.EUCLIDEAN, 1);
    }

    /** C_ij = |x_i - y_j|^p for p > 0 (p = 1 and p = 2 use the specialised kinds). */
    public static PointCloudCost power(double[][] x, double[][] y, double p) {
        if (!(p > 0) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("p: expected a finite exponent > 0, got " + p);
        }
        if (p == 2) {
            return squaredEuclidean(x, y);
        }
        if (p == 1) {
            return euclidean(x, y);
        }
        return create(x, y, GroundCost.POWER, p);
    }

    /**
     * C_ij = |x_i - y_j|^p for p &gt; 0 on flat row-major clouds (x holds n points, y holds m points,
     * of dimension d; no row arrays are formed); p = 1 and p = 2 use the specialised kinds, as
     * {@link #power(double[][], double[][], double)} does.
     */
    public static PointCloudCost power(double[] x, int n, double[] y, int m, int d, double p) {
        if (!(p > 0) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("p: expected a finite exponent > 0, got " + p);
        }
        GroundCost kind = p == 2 ? GroundCost.SQUARED_EUCLIDEAN : p == 1 ? GroundCost.EUCLIDEAN : GroundCost.POWER;
        return of(x, n, y, m, d, kind, p);
    }

    /** Flat row-major variant: x has n*d entries, y has m*d entries. */
    public static PointCloudCost of(double[] x, int n, double[] y, int m, int d, GroundCost kind, double p) {
        if (n <= 0 || m <= 0 || d <= 0) {
            throw new IllegalArgumentException("n, m, d: expected positive sizes, got n = " + n + ", m = " + m + ", d = " + d);
        }
        if (x == null || x.length != (long) n * d) {
            throw new IllegalArgumentException("x: expected " + ((long) n * d) + " entries, got " + (x == null ? "null" : x.length));
        }
        if (y == null || y.length != (long) m * d) {
            throw new IllegalArgumentException("y: expected " + ((long) m * d) + " entries, got " + (y == null ? "null" : y.length));
        }
        Checks.finite("x", x);
        Checks.finite("y", y);
        double q = kind == GroundCost.SQUARED_EUCLIDEAN ? 2 : kind == GroundCost.EUCLIDEAN ? 1 : p;
        if (!(q > 0) || !Double.isFinite(q)) {
            throw new IllegalArgumentException("p: expected a finite exponent > 0, got " + p);
        }
        return new PointCloudCost(x.clone(), n, y.clone(), m, d, kind, q);
    }

    private static PointCloudCost create(double[][] x, double[][] y, GroundCost kind, double p) {
        int d = Checks.dimension("x", x);
        int dy = Checks.dimension("y", y);
        if (d != dy) {
            throw new IllegalArgumentException("y: expected points of dimension " + d + " (as x), got " + dy);
        }
        return new PointCloudCost(Checks.flatten(x, d), x.length, Checks.flatten(y, d), y.length, d, kind, p);
    }

    @Override
    public int rows() {
        return n;
    }

    @Override
    public int cols() {
        return m;
    }

    /** Dimension d of the points. */
    public int dimension() {
        return d;
    }

    /** Which ground cost is evaluated. */
    public GroundCost kind() {
        return kind;
    }

    /** The exponent p of |x - y|^p (2 for squared Euclidean, 1 for Euclidean). */
    public double exponent() {
        return p;
    }

    /**
     * The sources stored coordinate-major, out[k][i] = x_ik (a copy, k &lt; d, i &lt; n): the layout
     * in which a row of C can be evaluated over several targets at once (SIMD lanes).
     */
    public double[][] sourcesByCoordinate() {
        return byCoordinate(x, n);
    }

    /** The targets stored coordinate-major, out[k][j] = y_jk (a copy, k &lt; d, j &lt; m). */
    public double[][] targetsByCoordinate() {
        return byCoordinate(y, m);
    }

    private double[][] byCoordinate(double[] points, int count) {
        double[][] out = new double[d][count];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < d; k++) {
                out[k][i] = points[i * d + k];
            }
        }
        return out;
    }

    @Override
    public double get(int i, int j) {
        int oi = i * d;
        int oj = j * d;
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = x[oi + k] - y[oj + k];
            s += t * t;
        }
        return finish(s);
    }

    private double finish(double sq) {
        switch (kind) {
            case SQUARED_EUCLIDEAN:
                return sq;
            case EUCLIDEAN:
                return Math.sqrt(sq);
            default:
                return Math.pow(sq, p / 2);
        }
    }

    @Override
    public void row(int i, double[] out) {
        int oi = i * d;
        if (d == 2) {
            double x0 = x[oi];
            double x1 = x[oi + 1];
            for (int j = 0; j < m; j++) {
                double t0 = x0 - y[2 * j];
                double t1 = x1 - y[2 * j + 1];
                out[j] = t0 * t0 + t1 * t1;
            }
        } else {
            for (int j = 0; j < m; j++) {
                int oj = j * d;
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double t = x[oi + k] - y[oj + k];
                    s += t * t;
                }
                out[j] = s;
            }
        }
        if (kind == GroundCost.EUCLIDEAN) {
            for (int j = 0; j < m; j++) {
                out[j] = Math.sqrt(out[j]);
            }
        } else if (kind == GroundCost.POWER) {
            double h = p / 2;
            for (int j = 0; j < m; j++) {
                out[j] = Math.pow(out[j], h);
            }
        }
    }

    @Override
    public Cost restrict(int[] rowIdx, int[] colIdx) {
        double[] xs = new double[rowIdx.length * d];
        double[] ys = new double[colIdx.length * d];
        for (int r = 0; r < rowIdx.length; r++) {
            System.arraycopy(x, rowIdx[r] * d, xs, r * d, d);
        }
        for (int c = 0; c < colIdx.length; c++) {
            System.arraycopy(y, colIdx[c] * d, ys, c * d, d);
        }
        return new PointCloudCost(xs, rowIdx.length, ys, colIdx.length, d, kind, p);
    }

    @Override
    public Cost transpose() {
        return new PointCloudCost(y, m, x, n, d, kind, p);
    }

    @Override
    public boolean isExplicit() {
        return false;
    }

    /**
     * Mean cost under the independent coupling. For the squared Euclidean cost it is computed in
     * O((n + m) d) from weighted means and second moments; otherwise by streaming rows.
     */
    @Override
    public double meanUnder(double[] a, double[] b) {
        if (kind != GroundCost.SQUARED_EUCLIDEAN) {
            return Cost.super.meanUnder(a, b);
        }
        double sa = 0;
        double sb = 0;
        double[] mx = new double[d];
        double[] my = new double[d];
        double qx = 0;
        double qy = 0;
        for (int i = 0; i < n; i++) {
            sa += a[i];
            for (int k = 0; k < d; k++) {
                double v = x[i * d + k];
                mx[k] += a[i] * v;
                qx += a[i] * v * v;
            }
        }
        for (int j = 0; j < m; j++) {
            sb += b[j];
            for (int k = 0; k < d; k++) {
                double v = y[j * d + k];
                my[k] += b[j] * v;
                qy += b[j] * v * v;
            }
        }
        double dot = 0;
        for (int k = 0; k < d; k++) {
            dot += (mx[k] / sa) * (my[k] / sb);
        }
        return Math.max(0, qx / sa + qy / sb - 2 * dot);
    }
}
