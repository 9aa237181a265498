package dev.otto.autodiff;

/**
 * Broadcasting arithmetic and its backward rules (written with tensor operations, so that they are
 * differentiable again).
 */
final class Arithmetic {

    private Arithmetic() {
    }

    static Tensor add(Tensor a, Tensor b) {
        int r = Broadcast.dim("add", a, b, a.rows, b.rows);
        int c = Broadcast.dim("add", a, b, a.cols, b.cols);
        double[] out = Broadcast.arith(Broadcast.Arith.ADD, a, b, r, c);
        return Tensor.make("add", r, c, out, (g, needs) -> new Tensor[] {
            needs[0] ? Broadcast.reduce(g, a) : null,
            needs[1] ? Broadcast.reduce(g, b) : null}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        int r = Broadcast.dim("sub", a, b, a.rows, b.rows);
        int c = Broadcast.dim("sub", a, b, a.cols, b.cols);
        double[] out = Broadcast.arith(Broadcast.Arith.SUB, a, b, r, c);
        return Tensor.make("sub", r, c, out, (g, needs) -> new Tensor[] {
            needs[0] ? Broadcast.reduce(g, a) : null,
            needs[1] ? Broadcast.reduce(g.neg(), b) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        int r = Broadcast.dim("mul", a, b, a.rows, b.rows);
        int c = Broadcast.dim("mul", a, b, a.cols, b.cols);
        double[] out = Broadcast.arith(Broadcast.Arith.MUL, a, b, r, c);
        return Tensor.make("mul", r, c, out, (g, needs) -> new Tensor[] {
            needs[0] ? Broadcast.reduce(g.mul(b), a) : null,
            needs[1] ? Broadcast.reduce(g.mul(a), b) : null}, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        int r = Broadcast.dim("div", a, b, a.rows, b.rows);
        int c = Broadcast.dim("div", a, b, a.cols, b.cols);
        double[] out = Broadcast.arith(Broadcast.Arith.DIV, a, b, r, c);
        return Tensor.make("div", r, c, out, (g, needs) -> {
            Tensor ga = needs[0] || needs[1] ? g.div(b) : null;
            return new Tensor[] {
                needs[0] ? Broadcast.reduce(ga, a) : null,
                // d(a/b)/db = -a/b^2 = -(a/b)/b
                needs[1] ? Broadcast.reduce(ga.mul(a).div(b).neg(), b) : null};
        }, a, b);
    }

    static Tensor maximum(Tensor a, Tensor b) {
        return extremum("maximum", a, b, 1.0);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        return extremum("minimum", a, b, -1.0);
    }

    /**
     * max (direction +1) or min (direction -1). The winner takes the gradient; at a tie each operand
     * takes half, so the rule is symmetric and max(a, a) has derivative 1 in a.
     */
    private static Tensor extremum(String op, Tensor a, Tensor b, double direction) {
        int r = Broadcast.dim(op, a, b, a.rows, b.rows);
        int c = Broadcast.dim(op, a, b, a.cols, b.cols);
        double[] out = Broadcast.zip(a, b, r, c,
                direction > 0 ? Math::max : Math::min);
        return Tensor.make(op, r, c, out, (g, needs) -> {
            // share of a: 1 where a wins, 1/2 at ties, 0 where b wins
            Tensor shareA = Tensor.wrap(r, c, Broadcast.zip(a, b, r, c, (x, y) -> {
                double d = direction * (x - y);
                return d > 0 ? 1.0 : d < 0 ? 0.0 : 0.5;
            }));
            return new Tensor[] {
                needs[0] ? Broadcast.reduce(g.mul(shareA), a) : null,
                needs[1] ? Broadcast.reduce(g.mul(shareA.neg().addScalar(1.0)), b) : null};
        }, a, b);
    }

    static Tensor scale(Tensor a, double alpha, String op) {
        double[] x = a.data;
        double[] out = BufferPool.acquire(x.length);
        for (int i = 0; i < x.length; i++) {
            out[i] = alpha * x[i];
        }
        return Tensor.make(op, a.rows, a.cols, out, (g, needs) -> new Tensor[] {g.scale(alpha)}, a);
    }

    static Tensor addScalar(Tensor a, double c) {
        double[] x = a.data;
        double[] out = BufferPool.acquire(x.length);
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + c;
        }
        return Tensor.make("addScalar", a.rows, a.cols, out, (g, needs) -> new Tensor[] {g}, a);
    }

    static Tensor addScaled(Tensor a, Tensor b, double alpha) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("addScaled: shapes " + a.shape() + " and " + b.shape()
                    + " must be equal");
        }
        double[] x = a.data;
        double[] y = b.data;
        double[] out = BufferPool.acquire(x.length);
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + alpha * y[i];
        }
        return Tensor.make("addScaled", a.rows, a.cols, out, (g, needs) -> new Tensor[] {
            needs[0] ? g : null,
            needs[1] ? g.scale(alpha) : null}, a, b);
    }
}
