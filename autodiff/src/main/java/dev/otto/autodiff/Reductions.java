package dev.otto.autodiff;

/**
 * Sums (all, per row, per column), the broadcast that is their adjoint, and the row-wise
 * log-sum-exp. {@code sumTo} and {@code broadcastTo} are each other's backward rules.
 */
final class Reductions {

    private Reductions() {
    }

    static Tensor sum(Tensor x) {
        return sumTo(x, 1, 1);
    }

    static Tensor rowSums(Tensor x) {
        return sumTo(x, x.rows, 1);
    }

    static Tensor colSums(Tensor x) {
        return sumTo(x, 1, x.cols);
    }

    static Tensor sumTo(Tensor x, int rows, int cols) {
        if ((rows != x.rows && rows != 1) || (cols != x.cols && cols != 1)) {
            throw new IllegalArgumentException("sumTo: cannot sum " + x.shape() + " to " + rows + "x" + cols
                    + " (each target dimension must be equal or 1)");
        }
        if (rows == x.rows && cols == x.cols) {
            return x;
        }
        double[] in = x.data;
        double[] out = BufferPool.acquireZeroed(rows * cols);
        int c = x.cols;
        for (int i = 0; i < x.rows; i++) {
            int o = rows == 1 ? 0 : i * cols;
            int base = i * c;
            if (cols == 1) {
                double s = 0;
                for (int j = 0; j < c; j++) {
                    s += in[base + j];
                }
                out[o] += s;
            } else {
                for (int j = 0; j < c; j++) {
                    out[o + j] += in[base + j];
                }
            }
        }
        int fr = x.rows;
        int fc = x.cols;
        return Tensor.make("sumTo", rows, cols, out, (g, needs) -> new Tensor[] {g.broadcastTo(fr, fc)}, x);
    }

    static Tensor broadcastTo(Tensor x, int rows, int cols) {
        if ((x.rows != rows && x.rows != 1) || (x.cols != cols && x.cols != 1)) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + x.shape() + " to " + rows + "x"
                    + cols + " (each source dimension must be equal or 1)");
        }
        Tensor.checkShape(rows, cols);
        if (rows == x.rows && cols == x.cols) {
            return x;
        }
        double[] in = x.data;
        double[] out = new double[rows * cols];
        int rs = x.rows == 1 ? 0 : x.cols;
        int cs = x.cols == 1 ? 0 : 1;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = in[i * rs + j * cs];
            }
        }
        int fr = x.rows;
        int fc = x.cols;
        return Tensor.make("broadcastTo", rows, cols, out, (g, needs) -> new Tensor[] {g.sumTo(fr, fc)}, x);
    }

    /**
     * y_i = log sum_j exp(x_ij), computed as m_i + log sum_j exp(x_ij - m_i) with m_i the row maximum,
     * so no term overflows. Gradient: g_i softmax(x_i.)_j = g_i exp(x_ij - y_i).
     */
    static Tensor logSumExpRows(Tensor x) {
        int r = x.rows;
        int c = x.cols;
        double[] in = x.data;
        double[] out = new double[r];
        for (int i = 0; i < r; i++) {
            int base = i * c;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, in[base + j]);
            }
            if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) {
                out[i] = m;
                continue;
            }
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += Math.exp(in[base + j] - m);
            }
            out[i] = m + Math.log(s);
        }
        Tensor[] self = new Tensor[1];
        self[0] = Tensor.make("logSumExpRows", r, 1, out, (g, needs) -> {
            Tensor y = self[0];
            if (Tape.isRecording()) {
                return new Tensor[] {g.mul(x.sub(y).exp())};
            }
            double[] gd = g.data;
            double[] yd = y.data;
            double[] dx = new double[r * c];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    dx[i * c + j] = gd[i] * Math.exp(in[i * c + j] - yd[i]);
                }
            }
            return new Tensor[] {Tensor.wrap(r, c, dx)};
        }, x);
        return self[0];
    }
}
