package dev.otto.autodiff;

/**
 * One hidden layer of a network that carries d forward tangents beside its values (MATH.md section
 * 2, "Divergence of v"; seed paper 1, eq. (10)), as one operation on the stacked rows
 * <pre>
 *   S = [h; T^1; ...; T^d]            ((d + 1) n x in: the values, then each tangent's n rows)
 *   P = S W,   z = P_0 + b,
 *   out = [s(z); s'(z) * P_1; ...; s'(z) * P_d]
 * </pre>
 * where P_j is the j-th block of n rows. The values and every tangent go through one product of
 * (d + 1) n rows (instead of d + 1 products of n), and the bias, s, s' and the tangents' diagonal
 * factor D = diag s'(z) are applied in one pass over the output. Backward, for G stacked like out:
 * <pre>
 *   dP_j = G_j * s'(z)   (j &gt;= 1),       dP_0 = G_0 * s'(z) + s''(z) * sum_j G_j * P_j,
 *   dS = dP W^T,   dW = S^T dP,   db = the column sums of dP_0,
 * </pre>
 * again one product each. When the backward pass is itself recorded the rule is the same formula
 * in recorded operations (it recomputes P, z, s and s' on the tape), so the layer is differentiable
 * to any order. The values equal those of the unstacked composition
 * ({@link AffineLayer#activated} for the values, s'(z) times the tangents' products) to rounding:
 * the same sums, row by row.
 */
public final class TangentLayer {

    private TangentLayer() {
    }

    /**
     * The next stack from {@code stack} ((d + 1) rows x in, values first), the weight W (in x out),
     * the bias b (1 x out) and the activation s.
     */
    public static Tensor apply(Tensor stack, int rows, Tensor w, Tensor b, SlopedActivation s) {
        if (rows <= 0 || stack.rows % rows != 0) {
            throw new IllegalArgumentException("stack: " + stack.shape() + " is not a whole number of blocks of "
                    + rows + " rows");
        }
        double[] p = AffineLayer.product(stack, w, b);
        int m = w.cols;
        int blocks = stack.rows / rows;
        int block = rows * m;
        double[] z = new double[block];
        double[] slope = new double[block];
        double[] out = new double[p.length];
        double[] bias = b.data;
        Parallel.forRange(rows, (long) rows * m * (s.cost + blocks), (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int c = 0; c < m; c++) {
                    z[i * m + c] = p[i * m + c] + bias[c];
                }
            }
            s.evaluate(z, out, slope, from * m, to * m);
            for (int j = 1; j < blocks; j++) {
                int o = j * block;
                for (int e = from * m; e < to * m; e++) {
                    out[o + e] = slope[e] * p[o + e];
                }
            }
        });
        return Tensor.make("tangentLayer", stack.rows, m, out, (g, needs) -> Tape.isRecording()
                ? recordedBackward(g, needs, stack, rows, w, b, s)
                : backward(g.data, needs, stack, rows, w, p, z, out, slope, s), stack, w, b);
    }

    private static Tensor[] backward(double[] g, boolean[] needs, Tensor stack, int rows, Tensor w, double[] p,
                                     double[] z, double[] y, double[] slope, SlopedActivation s) {
        int m = w.cols;
        int blocks = stack.rows / rows;
        int block = rows * m;
        double[] dp = new double[p.length];
        double[] db = new double[m];
        double[] cross = new double[block];
        Parallel.forRange(rows, (long) rows * m * blocks * Activations.Kernel.ARITHMETIC, (from, to) -> {
            int lo = from * m;
            int hi = to * m;
            if (!s.constantSlope() && blocks > 1) {
                // sum_j G_j * P_j, then s''(z) times it, into dP_0
                for (int j = 1; j < blocks; j++) {
                    int o = j * block;
                    for (int e = lo; e < hi; e++) {
                        cross[e] += g[o + e] * p[o + e];
                    }
                }
                s.slopeBackward(cross, z, y, slope, dp, lo, hi);
            }
            for (int e = lo; e < hi; e++) {
                dp[e] += g[e] * slope[e];
            }
            for (int j = 1; j < blocks; j++) {
                int o = j * block;
                for (int e = lo; e < hi; e++) {
                    dp[o + e] = g[o + e] * slope[e];
                }
            }
        });
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < m; c++) {
                db[c] += dp[i * m + c];
            }
        }
        Tensor dP = Tensor.wrap(stack.rows, m, dp);
        return new Tensor[] {
            needs[0] ? dP.matmulTranspose(w) : null,
            needs[1] ? stack.transposeMatmul(dP) : null,
            needs[2] ? Tensor.wrap(1, m, db) : null};
    }

    /** The same rule in recorded operations, for a backward pass that is differentiated again. */
    private static Tensor[] recordedBackward(Tensor g, boolean[] needs, Tensor stack, int rows, Tensor w, Tensor b,
                                             SlopedActivation s) {
        int blocks = stack.rows / rows;
        Tensor p = stack.matmul(w);
        Tensor z = p.sliceRows(0, rows).add(b);
        AffineLayer.Activated layer = AffineLayer.activate(z, s);
        Tensor[] dp = new Tensor[blocks];
        Tensor cross = null;
        for (int j = 1; j < blocks; j++) {
            Tensor gj = g.sliceRows(j * rows, (j + 1) * rows);
            Tensor term = gj.mul(p.sliceRows(j * rows, (j + 1) * rows));
            cross = cross == null ? term : cross.add(term);
            dp[j] = gj.mul(layer.slope());
        }
        dp[0] = g.sliceRows(0, rows).mul(layer.slope());
        if (cross != null && !s.constantSlope()) {
            dp[0] = dp[0].add(s.slopeBackward(cross, z, layer.value(), layer.slope()));
        }
        Tensor dP = blocks == 1 ? dp[0] : Tensor.concatRows(dp);
        return new Tensor[] {
            needs[0] ? dP.matmulTranspose(w) : null,
            needs[1] ? stack.transposeMatmul(dP) : null,
            needs[2] ? dp[0].colSums() : null};
    }
}
