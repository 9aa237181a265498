package dev.otto.ot.sinkhorn;

/**
 * A Gibbs kernel stored row by row together with its transpose (2 n m entries), so that both K w
 * and K^T w are row reductions ({@link KernelBlockProduct}) with no column accumulators: the form
 * for a kernel that is not symmetric (MATH.md section 1, statement {@code ot.entropic-barycenter}).
 */
final class DenseKernel implements StoredKernel {

    private final double[][] rows;
    private final double[][] transposedRows;

    /** The kernel with rows {@code rows} (n x m, kept, not copied). */
    DenseKernel(double[][] rows) {
        this.rows = rows;
        int n = rows.length;
        int m = n == 0 ? 0 : rows[0].length;
        transposedRows = new double[m][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                transposedRows[j][i] = rows[i][j];
            }
        }
    }

    @Override
    public void times(double[][] w, double[][] out) {
        KernelBlockProduct.apply(rows, w, out);
    }

    @Override
    public void transposeTimes(double[][] w, double[][] out) {
        KernelBlockProduct.apply(transposedRows, w, out);
    }
}
