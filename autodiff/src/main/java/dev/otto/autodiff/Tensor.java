package dev.otto.autodiff;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An immutable two-dimensional array of doubles (rows x cols, row-major). A batch of samples is a
 * tensor whose rows are the samples; a scalar is a 1 x 1 tensor.
 *
 * <p>Every operation returns a new tensor. Inside a recording scope ({@link Tape#record()}) the
 * operation is also appended to the tape with its backward rule, so that {@link Gradients#grad}
 * can differentiate through it (to any order, MATH.md section 2). Outside a recording scope only the
 * raw-array kernel runs.
 *
 * <p>Binary element-wise operations broadcast: each dimension of the two operands must be equal or
 * 1 (a 1 x c row, an r x 1 column or a 1 x 1 scalar against an r x c matrix, or a column against a
 * row). A shape mismatch raises an {@link IllegalArgumentException} naming both shapes. The full
 * list of operations and their backward rules is in the package documentation.
 */
public final class Tensor {

    final int rows;
    final int cols;
    final double[] data;
    final Node node;

    private Tensor(int rows, int cols, double[] data, Node node) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.node = node;
    }

    // ---------------------------------------------------------------- construction

    /** A rows x cols tensor holding a copy of {@code values} (row-major). */
    public static Tensor of(int rows, int cols, double... values) {
        checkShape(rows, cols);
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("values: expected " + rows + "x" + cols + " = " + rows * cols
                    + " entries, got " + values.length);
        }
        return new Tensor(rows, cols, values.clone(), null);
    }

    /**
     * A rows x cols tensor that takes ownership of {@code values} without copying: the caller must
     * not modify the array afterwards. Used on hot paths that build their own buffers.
     */
    public static Tensor wrap(int rows, int cols, double[] values) {
        checkShape(rows, cols);
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("values: expected " + rows + "x" + cols + " = " + rows * cols
                    + " entries, got " + values.length);
        }
        return new Tensor(rows, cols, values, null);
    }

    /** A tensor from rows of equal length (copied). */
    public static Tensor fromRows(double[][] rowValues) {
        if (rowValues.length == 0) {
            throw new IllegalArgumentException("rowValues: expected at least one row, got 0");
        }
        int c = rowValues[0].length;
        double[] d = new double[rowValues.length * c];
        for (int i = 0; i < rowValues.length; i++) {
            if (rowValues[i].length != c) {
                throw new IllegalArgumentException("rowValues: row " + i + " has " + rowValues[i].length
                        + " entries, expected " + c);
            }
            System.arraycopy(rowValues[i], 0, d, i * c, c);
        }
        return wrap(rowValues.length, c, d);
    }

    /** A 1 x 1 tensor. */
    public static Tensor scalar(double value) {
        return new Tensor(1, 1, new double[] {value}, null);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int rows, int cols) {
        checkShape(rows, cols);
        return new Tensor(rows, cols, new double[rows * cols], null);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor filled(int rows, int cols, double value) {
        checkShape(rows, cols);
        double[] d = new double[rows * cols];
        Arrays.fill(d, value);
        return new Tensor(rows, cols, d, null);
    }

    /** A tensor of ones. */
    public static Tensor ones(int rows, int cols) {
        return filled(rows, cols, 1.0);
    }

    /** Independent standard normal entries drawn from {@code rng} in row-major order. */
    public static Tensor randn(int rows, int cols, RandomGenerator rng) {
        checkShape(rows, cols);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return new Tensor(rows, cols, d, null);
    }

    /** Independent entries uniform on [lo, hi) drawn from {@code rng} in row-major order. */
    public static Tensor uniform(int rows, int cols, double lo, double hi, RandomGenerator rng) {
        checkShape(rows, cols);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return new Tensor(rows, cols, d, null);
    }

    /** Independent entries equal to -1 or +1 with probability 1/2 (Rademacher). */
    public static Tensor rademacher(int rows, int cols, RandomGenerator rng) {
        checkShape(rows, cols);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextBoolean() ? 1.0 : -1.0;
        }
        return new Tensor(rows, cols, d, null);
    }

    /**
     * Records the result of an operation: checks it in anomaly mode and appends it to the current
     * tape when one is recording. Every operation of the package creates its output here.
     */
    static Tensor make(String op, int rows, int cols, double[] data, BackwardRule rule, Tensor... inputs) {
        if (AnomalyMode.isEnabled()) {
            AnomalyMode.check(op, data, inputs);
        }
        Tape tape = Tape.current();
        if (tape == null || rule == null) {
            return new Tensor(rows, cols, data, null);
        }
        Node node = tape.append(op, inputs, rule);
        Tensor out = new Tensor(rows, cols, data, node);
        node.output = out;
        return out;
    }

    static void checkShape(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("shape: rows and cols must be positive, got " + rows + "x" + cols);
        }
    }

    // ---------------------------------------------------------------- access

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** rows * cols. */
    public int size() {
        return data.length;
    }

    /** "rows x cols", as used in error messages. */
    public String shape() {
        return rows + "x" + cols;
    }

    public boolean sameShape(Tensor other) {
        return rows == other.rows && cols == other.cols;
    }

    /** Entry (i, j). */
    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + shape());
        }
        return data[i * cols + j];
    }

    /** The value of a 1 x 1 tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs a 1x1 tensor, this is " + shape());
        }
        return data[0];
    }

    /** A copy of the entries, row-major. */
    public double[] toArray() {
        return data.clone();
    }

    /** A copy of row {@code i}. */
    public double[] row(int i) {
        if (i < 0 || i >= rows) {
            throw new IndexOutOfBoundsException("row " + i + " outside " + shape());
        }
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    /** A copy as an array of rows. */
    public double[][] toRows() {
        double[][] r = new double[rows][];
        for (int i = 0; i < rows; i++) {
            r[i] = row(i);
        }
        return r;
    }

    /** True when every entry is finite. */
    public boolean isFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** True when this tensor was produced by an operation on a tape that is still open. */
    public boolean isRecorded() {
        return node != null && node.tape.isOpen();
    }

    /** The same values, cut from the graph: a constant for any gradient computation. */
    public Tensor detach() {
        return node == null ? this : new Tensor(rows, cols, data, null);
    }

    // ---------------------------------------------------------------- arithmetic (broadcasting)

    public Tensor add(Tensor other) {
        return Arithmetic.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return Arithmetic.sub(this, other);
    }

    public Tensor mul(Tensor other) {
        return Arithmetic.mul(this, other);
    }

    public Tensor div(Tensor other) {
        return Arithmetic.div(this, other);
    }

    /** Element-wise maximum; at ties the gradient is split equally between the two operands. */
    public Tensor maximum(Tensor other) {
        return Arithmetic.maximum(this, other);
    }

    /** Element-wise minimum; at ties the gradient is split equally between the two operands. */
    public Tensor minimum(Tensor other) {
        return Arithmetic.minimum(this, other);
    }

    public Tensor neg() {
        return Arithmetic.scale(this, -1.0, "neg");
    }

    /** {@code alpha * this}. */
    public Tensor scale(double alpha) {
        return Arithmetic.scale(this, alpha, "scale");
    }

    /** {@code this + c}. */
    public Tensor addScalar(double c) {
        return Arithmetic.addScalar(this, c);
    }

    /** {@code this + alpha * other} (same shape), fused: the Runge-Kutta stage update. */
    public Tensor addScaled(Tensor other, double alpha) {
        return Arithmetic.addScaled(this, other, alpha);
    }

    // ---------------------------------------------------------------- products

    /** Matrix product {@code this * other}. */
    public Tensor matmul(Tensor other) {
        return Products.matmul(this, other);
    }

    /** {@code this^T * other}, without forming the transpose. */
    public Tensor transposeMatmul(Tensor other) {
        return Products.transposeMatmul(this, other);
    }

    /** {@code this * other^T}. */
    public Tensor matmulTranspose(Tensor other) {
        return Products.matmulTranspose(this, other);
    }

    public Tensor transpose() {
        return Products.transpose(this);
    }

    // ---------------------------------------------------------------- element-wise functions

    public Tensor exp() {
        return Pointwise.exp(this);
    }

    public Tensor log() {
        return Pointwise.log(this);
    }

    public Tensor sqrt() {
        return Pointwise.sqrt(this);
    }

    /** {@code this^p} for a constant exponent p. */
    public Tensor pow(double p) {
        return Pointwise.pow(this, p);
    }

    public Tensor square() {
        return Pointwise.square(this);
    }

    /** |x|; the gradient at 0 is 0 (the subgradient of least norm). */
    public Tensor abs() {
        return Pointwise.abs(this);
    }

    /** sign(x) in {-1, 0, 1}: a constant for differentiation (its derivative is 0 almost everywhere). */
    public Tensor sign() {
        return Pointwise.sign(this);
    }

    /** Heaviside step 1[x > 0]: a constant for differentiation. */
    public Tensor step() {
        return Pointwise.step(this);
    }

    // ---------------------------------------------------------------- activations

    public Tensor tanh() {
        return Activations.tanh(this);
    }

    public Tensor sigmoid() {
        return Activations.sigmoid(this);
    }

    /** softplus(x) = log(1 + e^x), stable for large |x|. */
    public Tensor softplus() {
        return Activations.softplus(this, 1.0);
    }

    /** softplus with sharpness beta: log(1 + e^{beta x}) / beta (1-Lipschitz for every beta). */
    public Tensor softplus(double beta) {
        return Activations.softplus(this, beta);
    }

    /** sigmoid(beta x), the derivative of {@link #softplus(double)}, recorded with its own derivative. */
    public Tensor softplusDerivative(double beta) {
        return Activations.softplusDerivative(this, beta);
    }

    /** max(x, 0); the derivative at 0 is taken as 0. */
    public Tensor relu() {
        return Activations.relu(this);
    }

    /** x for x > 0, alpha (e^x - 1) otherwise. */
    public Tensor elu(double alpha) {
        return Activations.elu(this, alpha);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all entries (1 x 1). */
    public Tensor sum() {
        return Reductions.sum(this);
    }

    /** Sum of each row (rows x 1). */
    public Tensor rowSums() {
        return Reductions.rowSums(this);
    }

    /** Sum of each column (1 x cols). */
    public Tensor colSums() {
        return Reductions.colSums(this);
    }

    /** Mean of all entries (1 x 1). */
    public Tensor mean() {
        return Reductions.sum(this).scale(1.0 / size());
    }

    /** Mean of each row (rows x 1). */
    public Tensor rowMeans() {
        return Reductions.rowSums(this).scale(1.0 / cols);
    }

    /** Mean of each column (1 x cols). */
    public Tensor colMeans() {
        return Reductions.colSums(this).scale(1.0 / rows);
    }

    /** log sum_j exp(x_ij) for each row (rows x 1), computed stably by shifting by the row maximum. */
    public Tensor logSumExpRows() {
        return Reductions.logSumExpRows(this);
    }

    /** Repeats a row, column or scalar to rows x cols (the adjoint of {@link #sumTo}). */
    public Tensor broadcastTo(int rows, int cols) {
        return Reductions.broadcastTo(this, rows, cols);
    }

    /** Sums over the dimensions where the target has 1 (the adjoint of {@link #broadcastTo}). */
    public Tensor sumTo(int rows, int cols) {
        return Reductions.sumTo(this, rows, cols);
    }

    // ---------------------------------------------------------------- slicing

    /** Columns [from, to) (rows x (to - from)). */
    public Tensor sliceCols(int from, int to) {
        return Slicing.sliceCols(this, from, to);
    }

    /** This tensor placed at columns [offset, offset + cols) of a zero tensor with totalCols columns. */
    public Tensor padCols(int offset, int totalCols) {
        return Slicing.padCols(this, offset, totalCols);
    }

    /** Tensors with equal row counts side by side. */
    public static Tensor concatCols(Tensor... parts) {
        return Slicing.concatCols(parts);
    }

    /** Tensors with equal row counts side by side. */
    public static Tensor concatCols(List<Tensor> parts) {
        return Slicing.concatCols(parts.toArray(new Tensor[0]));
    }

    /** Rows [from, to) ((to - from) x cols). */
    public Tensor sliceRows(int from, int to) {
        return Slicing.sliceRows(this, from, to);
    }

    /** This tensor placed at rows [offset, offset + rows) of a zero tensor with totalRows rows. */
    public Tensor padRows(int offset, int totalRows) {
        return Slicing.padRows(this, offset, totalRows);
    }

    /** Tensors with equal column counts stacked vertically. */
    public static Tensor concatRows(Tensor... parts) {
        return Slicing.concatRows(parts);
    }

    /** Tensors with equal column counts stacked vertically. */
    public static Tensor concatRows(List<Tensor> parts) {
        return Slicing.concatRows(parts.toArray(new Tensor[0]));
    }

    /**
     * The rows at the given indices, in that order (indices may repeat): a minibatch or a
     * permutation. The gradient scatter-adds back into the selected rows.
     */
    public Tensor gatherRows(int... indices) {
        return Slicing.gatherRows(this, indices);
    }

    // ---------------------------------------------------------------- object

    /** Exact equality of shape and entries (not of graph position). */
    public boolean valueEquals(Tensor other) {
        return rows == other.rows && cols == other.cols && Arrays.equals(data, other.data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor ").append(shape()).append(' ');
        int shown = Math.min(rows, 6);
        sb.append('[');
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < Math.min(cols, 8); j++) {
                sb.append(j == 0 ? "" : ", ").append(data[i * cols + j]);
            }
            sb.append(cols > 8 ? ", ...]" : "]");
        }
        return sb.append(rows > shown ? ", ...]" : "]").toString();
    }
}
