package dev.otto.autodiff;

/** Column slices, zero padding and concatenation; slice and pad are each other's backward rules. */
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
}
