package dev.otto.theory.autodiff;

import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One differentiable operation under test: how to build its inputs from a shape and values, and the
 * function itself. Domains keep the inputs away from the points where an operation is not
 * differentiable (kinks, ties, poles), because a finite difference across a kink measures the
 * average of two one-sided slopes, not the derivative. The lists of every operation of the tape
 * are shared by the property suite and the theorem catalog (MATH.md section 2).
 */
public record OpCase(String name, int arity, Domain domain, Function<List<Tensor>, Tensor> f) {

    /** Where the inputs of an operation are drawn. */
    public enum Domain {
        /** any real value */
        ANY(1.0),
        /** |x| >= 0.05: away from the kinks of abs, relu, elu and the pole of a denominator */
        AWAY_FROM_ZERO(0.05),
        /** x in [0.05, ...): logs, square roots, fractional powers */
        POSITIVE(0.05);

        private final double margin;

        Domain(double margin) {
            this.margin = margin;
        }

        /**
         * The distance, in units of the input scale, that the domain keeps between its values and the
         * nearest point where an operation on it is singular (a kink, a pole); 1 where there is none
         * (the functions of ANY vary on the scale of their inputs).
         */
        public double margin() {
            return margin;
        }
    }

    /** The shape of the second operand relative to the first: the broadcast cases. */
    public enum Layout {
        SAME, ROW, COLUMN, SCALAR, ROW_AGAINST_COLUMN, FIRST_IS_ROW, FIRST_IS_SCALAR;

        /** The shapes {rows, cols} of the two operands. */
        public int[][] shapes(int rows, int cols) {
            return switch (this) {
                case SAME -> new int[][] {{rows, cols}, {rows, cols}};
                case ROW -> new int[][] {{rows, cols}, {1, cols}};
                case COLUMN -> new int[][] {{rows, cols}, {rows, 1}};
                case SCALAR -> new int[][] {{rows, cols}, {1, 1}};
                case ROW_AGAINST_COLUMN -> new int[][] {{rows, 1}, {1, cols}};
                case FIRST_IS_ROW -> new int[][] {{1, cols}, {rows, cols}};
                case FIRST_IS_SCALAR -> new int[][] {{1, 1}, {rows, cols}};
            };
        }
    }

    /** Every unary operation of the tape (reductions, slicing, padding, products of x with itself included). */
    public static List<OpCase> unaryCases() {
        List<OpCase> cs = new ArrayList<>();
        cs.add(unary("neg", Domain.ANY, Tensor::neg));
        cs.add(unary("scale", Domain.ANY, x -> x.scale(-2.5)));
        cs.add(unary("addScalar", Domain.ANY, x -> x.addScalar(1.5)));
        cs.add(unary("exp", Domain.ANY, Tensor::exp));
        cs.add(unary("log", Domain.POSITIVE, Tensor::log));
        cs.add(unary("sqrt", Domain.POSITIVE, Tensor::sqrt));
        cs.add(unary("pow(2.5)", Domain.POSITIVE, x -> x.pow(2.5)));
        cs.add(unary("pow(-1.5)", Domain.POSITIVE, x -> x.pow(-1.5)));
        cs.add(unary("pow(3)", Domain.ANY, x -> x.pow(3)));
        cs.add(unary("square", Domain.ANY, Tensor::square));
        cs.add(unary("abs", Domain.AWAY_FROM_ZERO, Tensor::abs));
        cs.add(unary("tanh", Domain.ANY, Tensor::tanh));
        cs.add(unary("sigmoid", Domain.ANY, Tensor::sigmoid));
        cs.add(unary("softplus", Domain.ANY, Tensor::softplus));
        cs.add(unary("softplus(beta=20)", Domain.AWAY_FROM_ZERO, x -> x.softplus(20)));
        cs.add(unary("softplusDerivative(beta=3)", Domain.ANY, x -> x.softplusDerivative(3)));
        cs.add(unary("softplusDerivative(beta=20)", Domain.AWAY_FROM_ZERO, x -> x.softplusDerivative(20)));
        cs.add(unary("relu", Domain.AWAY_FROM_ZERO, Tensor::relu));
        cs.add(unary("elu", Domain.AWAY_FROM_ZERO, x -> x.elu(1.0)));
        cs.add(unary("elu(0.5)", Domain.AWAY_FROM_ZERO, x -> x.elu(0.5)));
        cs.add(unary("sum", Domain.ANY, Tensor::sum));
        cs.add(unary("rowSums", Domain.ANY, Tensor::rowSums));
        cs.add(unary("colSums", Domain.ANY, Tensor::colSums));
        cs.add(unary("mean", Domain.ANY, Tensor::mean));
        cs.add(unary("rowMeans", Domain.ANY, Tensor::rowMeans));
        cs.add(unary("colMeans", Domain.ANY, Tensor::colMeans));
        cs.add(unary("logSumExpRows", Domain.ANY, Tensor::logSumExpRows));
        cs.add(unary("transpose", Domain.ANY, Tensor::transpose));
        cs.add(unary("sliceCols", Domain.ANY, x -> x.sliceCols(x.cols() / 2, x.cols())));
        cs.add(unary("padCols", Domain.ANY, x -> x.padCols(1, x.cols() + 2)));
        cs.add(unary("broadcastTo(row)", Domain.ANY, x -> x.colSums().broadcastTo(x.rows() + 1, x.cols())));
        cs.add(unary("broadcastTo(col)", Domain.ANY, x -> x.rowSums().broadcastTo(x.rows(), x.cols() + 1)));
        cs.add(unary("sumTo", Domain.ANY, x -> x.sumTo(1, x.cols())));
        cs.add(unary("concatCols", Domain.ANY, x -> Tensor.concatCols(x, x.square(), x.sliceCols(0, 1))));
        cs.add(unary("sliceRows", Domain.ANY, x -> x.sliceRows(x.rows() / 2, x.rows())));
        cs.add(unary("padRows", Domain.ANY, x -> x.padRows(2, x.rows() + 3)));
        cs.add(unary("concatRows", Domain.ANY, x -> Tensor.concatRows(x.exp(), x, x.sliceRows(0, 1))));
        cs.add(unary("gatherRows", Domain.ANY, x -> x.gatherRows(x.rows() - 1, 0, x.rows() - 1, x.rows() / 2).square()));
        cs.add(unary("x x^T", Domain.ANY, x -> x.matmulTranspose(x)));
        cs.add(unary("x^T x", Domain.ANY, x -> x.transposeMatmul(x)));
        // the kink sits at 0, which AWAY_FROM_ZERO keeps 0.05 s away at every scale s (a fixed threshold such
        // as 0.03 lies inside the domain at s = 0.3, where the catalog drew x = 0.0299977 and differenced across it)
        cs.add(unary("maximum(x, 0)", Domain.AWAY_FROM_ZERO, x -> x.maximum(Tensor.scalar(0.0))));
        cs.add(unary("x / (1 + x^2)", Domain.ANY, x -> x.div(x.square().addScalar(1.0))));
        return cs;
    }

    /** Every broadcasting binary operation. */
    public static List<OpCase> binaryCases() {
        List<OpCase> cs = new ArrayList<>();
        cs.add(binary("add", Domain.ANY, (a, b) -> a.add(b)));
        cs.add(binary("sub", Domain.ANY, (a, b) -> a.sub(b)));
        cs.add(binary("mul", Domain.ANY, (a, b) -> a.mul(b)));
        cs.add(binary("div", Domain.AWAY_FROM_ZERO, (a, b) -> a.div(b)));
        // maximum and minimum of a and a + b: the tie a = a + b is at b = 0, which AWAY_FROM_ZERO avoids, while
        // both branches are taken (b of either sign) and a's gradient flows through both; for independent a and
        // b a tie within the step h = 1e-5 s has probability about 1e-5 per entry, enough to fail a long run
        cs.add(binary("maximum(a, a + b)", Domain.AWAY_FROM_ZERO, (a, b) -> a.maximum(a.add(b))));
        cs.add(binary("minimum(a, a + b)", Domain.AWAY_FROM_ZERO, (a, b) -> a.minimum(a.add(b))));
        return cs;
    }

    /** A unary case. */
    public static OpCase unary(String name, Domain d, Function<Tensor, Tensor> f) {
        return new OpCase(name, 1, d, xs -> f.apply(xs.get(0)));
    }

    /** A binary case. */
    public static OpCase binary(String name, Domain d, java.util.function.BinaryOperator<Tensor> f) {
        return new OpCase(name, 2, d, xs -> f.apply(xs.get(0), xs.get(1)));
    }

    @Override
    public String toString() {
        return name;
    }
}
