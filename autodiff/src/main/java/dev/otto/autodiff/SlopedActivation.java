package dev.otto.autodiff;

/**
 * An element-wise activation s evaluated together with its slope s' in one pass over the entries,
 * for {@link AffineLayer}: a network layer needs s(z) for its output, s'(z) for the backward pass
 * (g s'(z)) and, with forward-mode tangents, for the diagonal factor D = diag s'(z) of the Jacobian
 * (MATH.md section 2, "Divergence of v"). Computed together they share their transcendental work:
 * softplus_beta and its slope sigmoid(beta z) both come from e^{-beta |z|}, tanh's slope is
 * 1 - tanh(z)^2, the logistic's y (1 - y).
 *
 * <p>The slope is itself differentiable: {@link #slopeBackward} gives g s''(z), written from the
 * stored y and s' as recorded operations (so second derivatives exist), or as one raw loop when
 * nothing is recorded. The values are bitwise those of the separate operations
 * ({@link Tensor#softplus(double)} and {@link Tensor#softplusDerivative(double)}, {@link Tensor#tanh()},
 * {@link Tensor#sigmoid()}, {@link Tensor#relu()}) and of the slopes the network's
 * {@code Activation.derivative} composes from them.
 */
public abstract class SlopedActivation {

    final String name;
    /** The cost of {@link #evaluate} per entry, in {@link Parallel#MIN_PARALLEL_WORK}'s unit. */
    final long cost;

    private SlopedActivation(String name, long cost) {
        this.name = name;
        this.cost = cost;
    }

    /** y = s(z), slope = s'(z) on [from, to). */
    abstract void evaluate(double[] z, double[] y, double[] slope, int from, int to);

    /** True when s' is piecewise constant, so that no gradient flows through the slope (relu). */
    boolean constantSlope() {
        return false;
    }

    /** g s''(z) as recorded operations on the layer's z, y = s(z) and slope = s'(z). */
    abstract Tensor slopeBackward(Tensor g, Tensor z, Tensor y, Tensor slope);

    /** out = g s''(z) on [from, to), raw: {@link #slopeBackward}'s value to rounding. */
    abstract void slopeBackward(double[] g, double[] z, double[] y, double[] slope, double[] out, int from, int to);

    /**
     * softplus_beta(z) = log(1 + e^{beta z}) / beta with slope sigmoid(beta z) and s'' = beta s' (1 - s').
     */
    public static SlopedActivation softplus(double beta) {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta: softplus sharpness must be positive and finite, got " + beta);
        }
        double inv = 1.0 / beta;
        return new SlopedActivation("softplus", Simd.ENABLED ? Activations.Kernel.POLYNOMIAL
                : 2 * Activations.Kernel.LIBRARY_CALL) {
            void evaluate(double[] z, double[] y, double[] slope, int from, int to) {
                if (Simd.ENABLED) {
                    VectorKernels.softplusWithSlope(z, y, slope, beta, from, to);
                    return;
                }
                for (int i = from; i < to; i++) {
                    double zb = beta * z[i];
                    double e = Math.exp(-Math.abs(zb));
                    y[i] = (Math.max(zb, 0.0) + Activations.log1p(e)) * inv;
                    // Activations.sigmoid(zb) with its exponential shared
                    slope[i] = (zb >= 0 ? 1.0 : e) / (1.0 + e);
                }
            }

            Tensor slopeBackward(Tensor g, Tensor z, Tensor y, Tensor slope) {
                return g.mul(slope.mul(slope.neg().addScalar(1.0)).scale(beta));
            }

            void slopeBackward(double[] g, double[] z, double[] y, double[] s, double[] out, int from, int to) {
                // the association of Tensor.softplusDerivative's raw rule, so training keeps its bits
                for (int i = from; i < to; i++) {
                    out[i] = g[i] * (beta * s[i] * (1.0 - s[i]));
                }
            }
        };
    }

    /** tanh(z) with slope 1 - tanh(z)^2 and s'' = -2 tanh(z) s'. */
    public static SlopedActivation tanh() {
        return new SlopedActivation("tanh", Activations.Kernel.LIBRARY_CALL) {
            void evaluate(double[] z, double[] y, double[] slope, int from, int to) {
                for (int i = from; i < to; i++) {
                    double t = Math.tanh(z[i]);
                    y[i] = t;
                    slope[i] = 1.0 - t * t;
                }
            }

            Tensor slopeBackward(Tensor g, Tensor z, Tensor y, Tensor slope) {
                return g.mul(y.mul(slope).scale(-2.0));
            }

            void slopeBackward(double[] g, double[] z, double[] y, double[] s, double[] out, int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = g[i] * (-2.0 * (y[i] * s[i]));
                }
            }
        };
    }

    /** The logistic function y = 1 / (1 + e^{-z}) with slope y (1 - y) and s'' = s' (1 - 2y). */
    public static SlopedActivation sigmoid() {
        return new SlopedActivation("sigmoid", Activations.Kernel.LIBRARY_CALL) {
            void evaluate(double[] z, double[] y, double[] slope, int from, int to) {
                for (int i = from; i < to; i++) {
                    double v = Activations.sigmoid(z[i]);
                    y[i] = v;
                    slope[i] = v * (1.0 - v);
                }
            }

            Tensor slopeBackward(Tensor g, Tensor z, Tensor y, Tensor slope) {
                return g.mul(slope.mul(y.scale(-2.0).addScalar(1.0)));
            }

            void slopeBackward(double[] g, double[] z, double[] y, double[] s, double[] out, int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = g[i] * (s[i] * (-2.0 * y[i] + 1.0));
                }
            }
        };
    }

    /** max(z, 0) with the step 1[z &gt; 0] as slope (0 at z = 0, as {@link Tensor#relu()}), a constant. */
    public static SlopedActivation relu() {
        return new SlopedActivation("relu", Activations.Kernel.ARITHMETIC) {
            void evaluate(double[] z, double[] y, double[] slope, int from, int to) {
                for (int i = from; i < to; i++) {
                    boolean positive = z[i] > 0;
                    y[i] = positive ? z[i] : 0.0;
                    slope[i] = positive ? 1.0 : 0.0;
                }
            }

            @Override
            boolean constantSlope() {
                return true;
            }

            Tensor slopeBackward(Tensor g, Tensor z, Tensor y, Tensor slope) {
                throw new IllegalStateException("relu's slope is a constant");
            }

            void slopeBackward(double[] g, double[] z, double[] y, double[] s, double[] out, int from, int to) {
                throw new IllegalStateException("relu's slope is a constant");
            }
        };
    }

    /**
     * lambda ELU_alpha(z): lambda z for z &gt; 0, lambda alpha (e^z - 1) otherwise, with slope lambda
     * for z &gt; 0 and lambda alpha e^z otherwise, and s'' = 0 for z &gt; 0, the slope otherwise. ELU is
     * lambda = 1, SELU lambda = 1.0507 with alpha = 1.6733 (Klambauer et al. 2017).
     */
    public static SlopedActivation elu(double alpha, double lambda) {
        return new SlopedActivation("elu", 2 * Activations.Kernel.LIBRARY_CALL) {
            void evaluate(double[] z, double[] y, double[] slope, int from, int to) {
                for (int i = from; i < to; i++) {
                    boolean positive = z[i] > 0;
                    y[i] = (positive ? z[i] : alpha * Math.expm1(z[i])) * lambda;
                    slope[i] = positive ? lambda : alpha * Math.exp(z[i]) * lambda;
                }
            }

            Tensor slopeBackward(Tensor g, Tensor z, Tensor y, Tensor slope) {
                return g.mul(slope.mul(z.step().neg().addScalar(1.0)));
            }

            void slopeBackward(double[] g, double[] z, double[] y, double[] s, double[] out, int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = z[i] > 0 ? 0.0 : g[i] * s[i];
                }
            }
        };
    }

    /** The identity, slope 1: a linear layer in the same form as the others. */
    public static SlopedActivation identity() {
        return new SlopedActivation("identity", Activations.Kernel.ARITHMETIC) {
            void evaluate(double[] z, double[] y, double[] slope, int from, int to) {
                System.arraycopy(z, from, y, from, to - from);
                java.util.Arrays.fill(slope, from, to, 1.0);
            }

            @Override
            boolean constantSlope() {
                return true;
            }

            Tensor slopeBackward(Tensor g, Tensor z, Tensor y, Tensor slope) {
                throw new IllegalStateException("the identity's slope is a constant");
            }

            void slopeBackward(double[] g, double[] z, double[] y, double[] s, double[] out, int from, int to) {
                throw new IllegalStateException("the identity's slope is a constant");
            }
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
