package dev.otto.ot.exact;

/**
 * Result of exact OT by network simplex, MATH.md section 1 ("Discrete OT"): a basic (vertex)
 * transport plan stored sparsely with at most n + m - 1 nonzeros, its cost {@code <C,P>},
 * dual potentials f, g with f_i + g_j &lt;= C_ij (equality on the support), the pivot count and
 * the status. Immutable; accessors return copies.
 */
public final class ExactResult {

    private final TransportStatus status;
    private final double cost;
    private final int n;
    private final int m;
    private final int[] rows;
    private final int[] cols;
    private final double[] mass;
    private final double[] f;
    private final double[] g;
    private final long iterations;

    ExactResult(TransportStatus status, double cost, int n, int m, int[] rows, int[] cols, double[] mass,
                double[] f, double[] g, long iterations) {
        this.status = status;
        this.cost = cost;
        this.n = n;
        this.m = m;
        this.rows = rows;
        this.cols = cols;
        this.mass = mass;
        this.f = f;
        this.g = g;
        this.iterations = iterations;
    }

    /** OPTIMAL, ITERATION_LIMIT or INFEASIBLE. */
    public TransportStatus status() {
        return status;
    }

    /** Whether {@link #status()} is OPTIMAL. */
    public boolean isOptimal() {
        return status == TransportStatus.OPTIMAL;
    }

    /** The transport cost {@code <C,P>} = OT(a,b,C) at optimality (W_p^p for C = |x-y|^p, not W_p). */
    public double cost() {
        return cost;
    }

    /** Dual potential f (n entries). */
    public double[] f() {
        return f.clone();
    }

    /** Dual potential g (m entries). */
    public double[] g() {
        return g.clone();
    }

    /** The dual objective {@code <a,f> + <b,g>} for the given weights. */
    public double dualObjective(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i] * f[i];
        }
        for (int j = 0; j < m; j++) {
            s += b[j] * g[j];
        }
        return s;
    }

    /** Number of pivots performed. */
    public long iterations() {
        return iterations;
    }

    /** Number of stored nonzero plan entries (at most n + m - 1). */
    public int nonZeros() {
        return mass.length;
    }

    /** Row index of the k-th nonzero. */
    public int row(int k) {
        return rows[k];
    }

    /** Column index of the k-th nonzero. */
    public int col(int k) {
        return cols[k];
    }

    /** Mass P_ij of the k-th nonzero. */
    public double mass(int k) {
        return mass[k];
    }

    /** Rows of the nonzeros (copy). */
    public int[] rows() {
        return rows.clone();
    }

    /** Columns of the nonzeros (copy). */
    public int[] cols() {
        return cols.clone();
    }

    /** Masses of the nonzeros (copy). */
    public double[] masses() {
        return mass.clone();
    }

    /** Number of source points n. */
    public int n() {
        return n;
    }

    /** Number of target points m. */
    public int m() {
        return m;
    }

    /** The plan as a dense n x m array. */
    public double[][] densePlan() {
        double[][] p = new double[n][m];
        for (int k = 0; k < mass.length; k++) {
            p[rows[k]][cols[k]] += mass[k];
        }
        return p;
    }

    @Override
    public String toString() {
        return "ExactResult{status=" + status + ", cost=" + cost + ", nnz=" + mass.length + ", iterations="
                + iterations + "}";
    }
}
