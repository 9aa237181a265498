package dev.otto.ot.cost;

import dev.otto.ot.internal.Checks;

/**
 * An explicit cost matrix C (n x m), stored row-major, MATH.md section 1 ("Discrete OT").
 * Entries must be finite (NaN and infinities are rejected at construction).
 */
public final class CostMatrix implements Cost {

    private final int n;
    private final int m;
    private final double[] c;
    private CostMatrix transposed;

    private CostMatrix(int n, int m, double[] c) {
        this.n = n;
        this.m = m;
        this.c = c;
    }

    /** Wraps a copy of a rectangular 2-D array (rows are source points). */
    public static CostMatrix of(double[][] cost) {
        Checks.notEmpty("cost", cost);
        int n = cost.length;
        int m = cost[0].length;
        if (m == 0) {
            throw new IllegalArgumentException("cost: expected at least one column, got 0");
        }
        double[] flat = new double[Math.multiplyExact(n, m)];
        for (int i = 0; i < n; i++) {
            if (cost[i] == null || cost[i].length != m) {
                throw new IllegalArgumentException("cost: expected a rectangular " + n + " x " + m
                        + " array, row " + i + " has " + (cost[i] == null ? "null" : cost[i].length) + " entries");
            }
            System.arraycopy(cost[i], 0, flat, i * m, m);
        }
        return ofRowMajor(n, m, flat, false);
    }

    /**
     * Wraps a row-major array of n*m entries. With {@code copy == false} the array is used as is
     * and the caller must not modify it afterwards.
     */
    public static CostMatrix ofRowMajor(int n, int m, double[] rowMajor, boolean copy) {
        if (n <= 0 || m <= 0) {
            throw new IllegalArgumentException("cost: expected n > 0 and m > 0, got n = " + n + ", m = " + m);
        }
        if (rowMajor == null || rowMajor.length != (long) n * m) {
            throw new IllegalArgumentException("cost: expected " + ((long) n * m) + " entries (n = " + n
                    + ", m = " + m + "), got " + (rowMajor == null ? "null" : rowMajor.length));
        }
        for (int k = 0; k < rowMajor.length; k++) {
            if (!Double.isFinite(rowMajor[k])) {
                throw new IllegalArgumentException("cost: expected finite entries, got " + rowMajor[k]
                        + " at (" + (k / m) + ", " + (k % m) + ")");
            }
        }
        return new CostMatrix(n, m, copy ? rowMajor.clone() : rowMajor);
    }

    /** Materialises any cost as an explicit matrix. */
    public static CostMatrix of(Cost cost) {
        if (cost instanceof CostMatrix) {
            return (CostMatrix) cost;
        }
        return new CostMatrix(cost.rows(), cost.cols(), cost.toRowMajor());
    }

    @Override
    public int rows() {
        return n;
    }

    @Override
    public int cols() {
        return m;
    }

    @Override
    public double get(int i, int j) {
        return c[i * m + j];
    }

    @Override
    public void row(int i, double[] out) {
        System.arraycopy(c, i * m, out, 0, m);
    }

    /** The backing row-major array (not a copy: do not modify). */
    public double[] data() {
        return c;
    }

    @Override
    public double[] toRowMajor() {
        return c;
    }

    /** Row i as a view offset: entries are {@code data()[rowOffset(i) + j]}. */
    public int rowOffset(int i) {
        return i * m;
    }

    @Override
    public synchronized Cost transpose() {
        if (transposed == null) {
            double[] t = new double[c.length];
            final int bs = 64;
            for (int i0 = 0; i0 < n; i0 += bs) {
                for (int j0 = 0; j0 < m; j0 += bs) {
                    int i1 = Math.min(n, i0 + bs);
                    int j1 = Math.min(m, j0 + bs);
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            t[j * n + i] = c[i * m + j];
                        }
                    }
                }
            }
            transposed = new CostMatrix(m, n, t);
            transposed.transposed = this;
        }
        return transposed;
    }

    @Override
    public boolean isExplicit() {
        return true;
    }
}
