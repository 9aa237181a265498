package dev.otto.autodiff;

/**
 * A network layer as one operation: z = A W + b with the bias added into the product's own buffer
 * (no broadcast copy, no separate sum), and optionally y = s(z) with its slope s'(z) in the same
 * pass over the output ({@link SlopedActivation}). Recorded as three nodes, z, s'(z) and y, each
 * with a hand-written backward rule:
 * <pre>
 *   z:      dA = G W^T,  dW = A^T G,  db = column sums of G (one pass)
 *   y:      dz = G s'(z)              (the stored slope: no transcendental function again)
 *   s'(z):  dz = G s''(z)             (from the stored y and s', see SlopedActivation)
 * </pre>
 * When the backward pass is itself recorded the rules are the same formulas in recorded operations,
 * so the layer can be differentiated to any order (the gradient penalty's double backward, MATH.md
 * section 6). The values are bitwise those of the unfused composition
 * {@code s(A.matmul(W).add(b))}; this is MATH.md section 2's layer z_l = s(z_{l-1}) W_l + b_l.
 */
public final class AffineLayer {

    private AffineLayer() {
    }

    /** A layer's output y = s(z) and its slope s'(z), both n x out and recorded. */
    public record Activated(Tensor value, Tensor slope) {
    }

    /** z = A W + b for A (n x in), W (in x out), b (1 x out). */
    public static Tensor affine(Tensor a, Tensor w, Tensor b) {
        double[] z = product(a, w, b);
        int n = a.rows;
        int m = w.cols;
        Parallel.forRange(n, (long) n * m * Activations.Kernel.ARITHMETIC,
                (from, to) -> addBias(z, b.data, m, from, to));
        return recordAffine(a, w, b, z);
    }

    /** y = s(A W + b) and s'(A W + b), in one pass over the output after the product. */
    public static Activated activated(Tensor a, Tensor w, Tensor b, SlopedActivation s) {
        double[] z = product(a, w, b);
        int n = a.rows;
        int m = w.cols;
        double[] y = BufferPool.acquire(z.length);
        double[] slope = BufferPool.acquire(z.length);
        Parallel.forRange(n, (long) n * m * s.cost, (from, to) -> {
            addBias(z, b.data, m, from, to);
            s.evaluate(z, y, slope, from * m, to * m);
        });
        return record(recordAffine(a, w, b, z), y, slope, s);
    }

    /** Records s'(z) and y = s(z), computed into {@code slope} and {@code y}, as operations on z. */
    private static Activated record(Tensor zt, double[] y, double[] slope, SlopedActivation s) {
        int n = zt.rows;
        int m = zt.cols;
        double[] z = zt.data;
        // the rules read the recorded y and s'(z) themselves, so a recorded backward stays differentiable
        Tensor[] yt = new Tensor[1];
        Tensor[] st = new Tensor[1];
        st[0] = Tensor.make(s.name + "Slope", n, m, slope, s.constantSlope() ? null : (g, needs) -> {
            if (Tape.isRecording()) {
                return new Tensor[] {s.slopeBackward(g, zt, yt[0], st[0])};
            }
            double[] out = BufferPool.acquire(z.length);
            Parallel.forRange(n, (long) n * m * Activations.Kernel.ARITHMETIC,
                    (from, to) -> s.slopeBackward(g.data, z, y, slope, out, from * m, to * m));
            return new Tensor[] {Tensor.wrap(n, m, out)};
        }, zt);
        yt[0] = Tensor.make(s.name, n, m, y, (g, needs) -> {
            if (Tape.isRecording()) {
                return new Tensor[] {g.mul(st[0])};
            }
            double[] out = BufferPool.acquire(z.length);
            double[] gd = g.data;
            Parallel.forRange(n, (long) n * m * Activations.Kernel.ARITHMETIC, (from, to) -> {
                for (int i = from * m; i < to * m; i++) {
                    out[i] = gd[i] * slope[i];
                }
            });
            return new Tensor[] {Tensor.wrap(n, m, out)};
        }, zt);
        return new Activated(yt[0], st[0]);
    }

    private static double[] product(Tensor a, Tensor w, Tensor b) {
        if (a.cols != w.rows) {
            throw new IllegalArgumentException("affine: input " + a.shape() + " and weight " + w.shape()
                    + " do not chain (" + a.cols + " != " + w.rows + ")");
        }
        if (b.rows != 1 || b.cols != w.cols) {
            throw new IllegalArgumentException("affine: bias must be 1x" + w.cols + " for weight " + w.shape()
                    + ", got " + b.shape());
        }
        return MatMulKernels.mm(a.data, w.data, a.rows, a.cols, w.cols);
    }

    private static void addBias(double[] z, double[] b, int m, int from, int to) {
        if (Simd.ENABLED) {
            VectorKernels.addRows(z, b, m, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            int o = i * m;
            for (int j = 0; j < m; j++) {
                z[o + j] += b[j];
            }
        }
    }

    private static Tensor recordAffine(Tensor a, Tensor w, Tensor b, double[] z) {
        return Tensor.make("affine", a.rows, w.cols, z, (g, needs) -> new Tensor[] {
            needs[0] ? g.matmulTranspose(w) : null,
            needs[1] ? a.transposeMatmul(g) : null,
            needs[2] ? g.colSums() : null}, a, w, b);
    }
}
