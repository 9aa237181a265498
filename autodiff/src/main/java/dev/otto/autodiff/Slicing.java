package dev.otto.autodiff;

/**
 * Slices, zero padding, concatenation and row selection, by columns and by rows. Slice and pad are
 * each other's backward rules, as are gathering rows by index and scatter-adding them back.
 */
final class Slicing {

    private Slicing() {
    }

    static Tensor sliceCols(Tensor x, int from, int to) {
        if (from < 0 || to > x.cols || from >= to) {
            throw new IllegalArgumentException("sliceCols: columns [" + from + ", " + to + ") are not a non-empty range of "
                    + x.shape());
        }
        if (from == 0 && to == x.cols) {
            return x;
        }
        int w = to - from;
        double[] out = new double[x.rows * w];
        for (int i = 0; i < x.rows; i++) {
            System.arraycopy(x.data, i * x.cols + from, out, i * w, w);
        }
        int total = x.cols;
        return Tensor.make("sliceCols", x.rows, w, out, (g, needs) -> new Tensor[] {g.padCols(from, total)}, x);
    }

    static Tensor padCols(Tensor x, int offset, int totalCols) {
        if (offset < 0 || offset + x.cols > totalCols) {
            throw new IllegalArgumentException("padCols: " + x.shape() + " at column " + offset
                    + " does not fit in " + totalCols + " columns");
        }
        if (offset == 0 && totalCols == x.cols) {
            return x;
        }
        double[] out = new double[x.rows * totalCols];
        for (int i = 0; i < x.rows; i++) {
            System.arraycopy(x.data, i * x.cols, out, i * totalCols + offset, x.cols);
        }
        int w = x.cols;
        return Tensor.make("padCols", x.rows, totalCols, out,
                (g, needs) -> new Tensor[] {g.sliceCols(offset, offset + w)}, x);
    }

    static Tensor concatCols(Tensor[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concatCols: expected at least one tensor, got 0");
        }
        int rows = parts[0].rows;
        int total = 0;
        for (Tensor p : parts) {
            if (p.rows != rows) {
                throw new IllegalArgumentException("concatCols: shapes " + parts[0].shape() + " and " + p.shape()
                        + " have different row counts");
            }
            total += p.cols;
        }
        if (parts.length == 1) {
            return parts[0];
        }
        double[] out = new double[rows * total];
        int[] offsets = new int[parts.length];
        int off = 0;
        for (int k = 0; k < parts.length; k++) {
            offsets[k] = off;
            Tensor p = parts[k];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(p.data, i * p.cols, out, i * total + off, p.cols);
            }
            off += p.cols;
        }
        Tensor[] inputs = parts.clone();
        return Tensor.make("concatCols", rows, total, out, (g, needs) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                if (needs[k]) {
                    grads[k] = g.sliceCols(offsets[k], offsets[k] + inputs[k].cols);
                }
            }
            return grads;
        }, inputs);
    }

    static Tensor sliceRows(Tensor x, int from, int to) {
        if (from < 0 || to > x.rows || from >= to) {
            throw new IllegalArgumentException("sliceRows: rows [" + from + ", " + to + ") are not a non-empty range of "
                    + x.shape());
        }
        if (from == 0 && to == x.rows) {
            return x;
        }
        double[] out = java.util.Arrays.copyOfRange(x.data, from * x.cols, to * x.cols);
        int total = x.rows;
        return Tensor.make("sliceRows", to - from, x.cols, out, (g, needs) -> new Tensor[] {g.padRows(from, total)}, x);
    }

    static Tensor padRows(Tensor x, int offset, int totalRows) {
        if (offset < 0 || offset + x.rows > totalRows) {
            throw new IllegalArgumentException("padRows: " + x.shape() + " at row " + offset
                    + " does not fit in " + totalRows + " rows");
        }
        if (offset == 0 && totalRows == x.rows) {
            return x;
        }
        double[] out = new double[totalRows * x.cols];
        System.arraycopy(x.data, 0, out, offset * x.cols, x.data.length);
        int h = x.rows;
        return Tensor.make("padRows", totalRows, x.cols, out,
                (g, needs) -> new Tensor[] {g.sliceRows(offset, offset + h)}, x);
    }

    static Tensor concatRows(Tensor[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concatRows: expected at least one tensor, got 0");
        }
        int cols = parts[0].cols;
        int total = 0;
        for (Tensor p : parts) {
            if (p.cols != cols) {
                throw new IllegalArgumentException("concatRows: shapes " + parts[0].shape() + " and " + p.shape()
                        + " have different column counts");
            }
            total += p.rows;
        }
        if (parts.length == 1) {
            return parts[0];
        }
        double[] out = new double[total * cols];
        int[] offsets = new int[parts.length];
        int off = 0;
        for (int k = 0; k < parts.length; k++) {
            offsets[k] = off;
            System.arraycopy(parts[k].data, 0, out, off * cols, parts[k].data.length);
            off += parts[k].rows;
        }
        Tensor[] inputs = parts.clone();
        return Tensor.make("concatRows", total, cols, out, (g, needs) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                if (needs[k]) {
                    grads[k] = g.sliceRows(offsets[k], offsets[k] + inputs[k].rows);
                }
            }
            return grads;
        }, inputs);
    }

    /** Rows idx[0], idx[1], ... of x (indices may repeat): minibatches and permutations. */
    static Tensor gatherRows(Tensor x, int[] idx) {
        if (idx.length == 0) {
            throw new IllegalArgumentException("gatherRows: expected at least one index, got none");
        }
        int[] index = idx.clone();
        int c = x.cols;
        double[] out = new double[index.length * c];
        for (int r = 0; r < index.length; r++) {
            if (index[r] < 0 || index[r] >= x.rows) {
                throw new IllegalArgumentException("gatherRows: index " + index[r] + " at position " + r
                        + " is outside the " + x.rows + " rows of " + x.shape());
            }
            System.arraycopy(x.data, index[r] * c, out, r * c, c);
        }
        int total = x.rows;
        return Tensor.make("gatherRows", index.length, c, out,
                (g, needs) -> new Tensor[] {scatterAddRows(g, index, total)}, x);
    }

    /** The adjoint of gathering: row r of g is added into row idx[r] of a zero totalRows x cols tensor. */
    static Tensor scatterAddRows(Tensor g, int[] index, int totalRows) {
        int c = g.cols;
        double[] out = new double[totalRows * c];
        for (int r = 0; r < index.length; r++) {
            int base = index[r] * c;
            for (int j = 0; j < c; j++) {
                out[base + j] += g.data[r * c + j];
            }
        }
        return Tensor.make("scatterAddRows", totalRows, c, out,
                (gg, needs) -> new Tensor[] {gatherRows(gg, index)}, g);
    }
}
