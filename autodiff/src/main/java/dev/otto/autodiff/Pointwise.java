package dev.otto.autodiff;

import java.util.function.DoubleUnaryOperator;

/** Element-wise functions of one tensor and their backward rules. */
final class Pointwise {

    private Pointwise() {
    }

    /** Backward of y = f(x): the gradient in x from the output gradient g, x and y. */
    @FunctionalInterface
    interface UnaryBackward {
        Tensor apply(Tensor g, Tensor x, Tensor y);
    }

    static double[] map(double[] x, DoubleUnaryOperator f) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = f.applyAsDouble(x[i]);
        }
        return out;
    }

    /** Applies f element-wise and records the rule (null for a constant: no gradient flows). */
    static Tensor unary(String op, Tensor x, DoubleUnaryOperator f, UnaryBackward backward) {
        double[] out = map(x.data, f);
        if (backward == null) {
            return Tensor.make(op, x.rows, x.cols, out, null, x);
        }
        Tensor[] self = new Tensor[1];
        self[0] = Tensor.make(op, x.rows, x.cols, out,
                (g, needs) -> new Tensor[] {backward.apply(g, x, self[0])}, x);
        return self[0];
    }

    static Tensor exp(Tensor x) {
        return unary("exp", x, Math::exp, (g, in, y) -> g.mul(y));
    }

    static Tensor log(Tensor x) {
        return unary("log", x, Math::log, (g, in, y) -> g.div(in));
    }

    static Tensor sqrt(Tensor x) {
        return unary("sqrt", x, Math::sqrt, (g, in, y) -> g.div(y).scale(0.5));
    }

    static Tensor pow(Tensor x, double p) {
        if (p == 2.0) {
            return square(x);
        }
        if (p == 1.0) {
            return unary("pow", x, v -> v, (g, in, y) -> g);
        }
        return unary("pow", x, v -> Math.pow(v, p), (g, in, y) -> g.mul(in.pow(p - 1.0)).scale(p));
    }

    static Tensor square(Tensor x) {
        return unary("square", x, v -> v * v, (g, in, y) -> g.mul(in).scale(2.0));
    }

    static Tensor abs(Tensor x) {
        return unary("abs", x, Math::abs, (g, in, y) -> g.mul(in.sign()));
    }

    static Tensor sign(Tensor x) {
        return unary("sign", x, Math::signum, null);
    }

    static Tensor step(Tensor x) {
        return unary("step", x, v -> v > 0 ? 1.0 : 0.0, null);
    }
}
