package dev.otto.autodiff;

import java.util.function.DoubleBinaryOperator;

/**
 * Broadcasting of binary element-wise operations: each dimension of the two operands must be equal
 * or 1. In the backward pass the gradient of a broadcast operand is summed back to its shape.
 */
final class Broadcast {

    private Broadcast() {
    }

    /** The output dimension, or an IllegalArgumentException naming the operation and both shapes. */
    static int dim(String op, Tensor a, Tensor b, int da, int db) {
        if (da == db || db == 1) {
            return da;
        }
        if (da == 1) {
            return db;
        }
        throw new IllegalArgumentException(op + ": shapes " + a.shape() + " and " + b.shape()
                + " do not broadcast (each dimension must be equal or 1)");
    }

    /** out_ij = f(a_ij, b_ij) with broadcasting over dimensions of size 1. */
    static double[] zip(Tensor a, Tensor b, int rows, int cols, DoubleBinaryOperator f) {
        double[] out = BufferPool.acquire(rows * cols);
        double[] x = a.data;
        double[] y = b.data;
        if (a.rows == rows && a.cols == cols && b.rows == rows && b.cols == cols) {
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(x[i], y[i]);
            }
            return out;
        }
        int ar = a.rows == 1 ? 0 : a.cols;
        int ac = a.cols == 1 ? 0 : 1;
        int br = b.rows == 1 ? 0 : b.cols;
        int bc = b.cols == 1 ? 0 : 1;
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            int ai = i * ar;
            int bi = i * br;
            for (int j = 0; j < cols; j++) {
                out[o + j] = f.applyAsDouble(x[ai + j * ac], y[bi + j * bc]);
            }
        }
        return out;
    }

    /** The four arithmetic operations, with explicit loops for the shapes that dominate training. */
    enum Arith { ADD, SUB, MUL, DIV }

    /**
     * out = a (op) b with broadcasting. Same-shape operands and a full matrix against a row (a bias)
     * get plain loops per operation; a shared loop calling a lambda per entry is several times
     * slower once many different lambdas pass through it (the JIT stops inlining them).
     */
    static double[] arith(Arith op, Tensor a, Tensor b, int rows, int cols) {
        double[] x = a.data;
        double[] y = b.data;
        if (a.rows == rows && a.cols == cols && (b.rows == rows || b.rows == 1) && b.cols == cols) {
            double[] out = BufferPool.acquire(rows * cols);
            int step = b.rows == rows ? cols : 0;
            for (int i = 0; i < rows; i++) {
                int o = i * cols;
                int yo = i * step;
                switch (op) {
                    case ADD -> {
                        for (int j = 0; j < cols; j++) {
                            out[o + j] = x[o + j] + y[yo + j];
                        }
                    }
                    case SUB -> {
                        for (int j = 0; j < cols; j++) {
                            out[o + j] = x[o + j] - y[yo + j];
                        }
                    }
                    case MUL -> {
                        for (int j = 0; j < cols; j++) {
                            out[o + j] = x[o + j] * y[yo + j];
                        }
                    }
                    case DIV -> {
                        for (int j = 0; j < cols; j++) {
                            out[o + j] = x[o + j] / y[yo + j];
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            return out;
        }
        return switch (op) {
            case ADD -> zip(a, b, rows, cols, Double::sum);
            case SUB -> zip(a, b, rows, cols, (u, v) -> u - v);
            case MUL -> zip(a, b, rows, cols, (u, v) -> u * v);
            case DIV -> zip(a, b, rows, cols, (u, v) -> u / v);
        };
    }

    /** The gradient of an operand of shape like {@code operand}, from the output gradient. */
    static Tensor reduce(Tensor grad, Tensor operand) {
        return grad.sumTo(operand.rows, operand.cols);
    }
}
