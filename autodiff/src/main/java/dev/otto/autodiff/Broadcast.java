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
        double[] out = new double[rows * cols];
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

    /** The gradient of an operand of shape like {@code operand}, from the output gradient. */
    static Tensor reduce(Tensor grad, Tensor operand) {
        return grad.sumTo(operand.rows, operand.cols);
    }
}
