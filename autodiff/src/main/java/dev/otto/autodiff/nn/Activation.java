package dev.otto.autodiff.nn;

import dev.otto.autodiff.SlopedActivation;
import dev.otto.autodiff.Tensor;
import java.util.function.UnaryOperator;

/**
 * An element-wise activation with a name (used in saved configurations), its Lipschitz constant
 * (MATH.md section 2: softplus of any sharpness, tanh and relu are 1-Lipschitz, sigmoid 1/4,
 * ELU max(1, alpha), and SELU lambda alpha, about 1.758) and its derivative s' as a recorded
 * operation, which forward-mode tangents through a network multiply by (the diagonal factors D_l of
 * J = W_1 D_1 ... W_L).
 */
public final class Activation implements UnaryOperator<Tensor> {
    private final String name;
    private final double lipschitz;
    private final UnaryOperator<Tensor> f;
    private final UnaryOperator<Tensor> derivative;
    /** s and s' in one pass, for the fused layers (the same values as f and derivative). */
    private final SlopedActivation sloped;

    private Activation(String name, double lipschitz, UnaryOperator<Tensor> f, UnaryOperator<Tensor> derivative,
                       SlopedActivation sloped) {
        this.name = name;
        this.lipschitz = lipschitz;
        this.f = f;
        this.derivative = derivative;
        this.sloped = sloped;
    }

    public static Activation tanh() {
        return new Activation("tanh", 1.0, Tensor::tanh, z -> z.tanh().square().neg().addScalar(1.0),
                SlopedActivation.tanh());
    }

    public static Activation relu() {
        return new Activation("relu", 1.0, Tensor::relu, Tensor::step, SlopedActivation.relu());
    }

    public static Activation sigmoid() {
        return new Activation("sigmoid", 0.25, Tensor::sigmoid, z -> {
            Tensor y = z.sigmoid();
            return y.mul(y.neg().addScalar(1.0));
        }, SlopedActivation.sigmoid());
    }

    public static Activation softplus() {
        return softplus(1.0);
    }

    /** log(1 + e^{beta x}) / beta: 1-Lipschitz whatever beta. */
    public static Activation softplus(double beta) {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta: softplus sharpness must be positive and finite, got " + beta);
        }
        return new Activation(beta == 1.0 ? "softplus" : "softplus(" + beta + ")", 1.0, x -> x.softplus(beta),
                z -> z.softplusDerivative(beta), SlopedActivation.softplus(beta));
    }

    public static Activation elu(double alpha) {
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("alpha: ELU alpha must be non-negative, got " + alpha);
        }
        return new Activation(alpha == 1.0 ? "elu" : "elu(" + alpha + ")", Math.max(1.0, alpha), x -> x.elu(alpha),
                z -> eluDerivative(z, alpha), SlopedActivation.elu(alpha, 1.0));
    }

    /** ELU_alpha'(z): 1 for z &gt; 0, alpha e^z otherwise (e^min(z, 0) keeps the masked branch finite). */
    private static Tensor eluDerivative(Tensor z, double alpha) {
        Tensor positive = z.step();
        return positive.add(positive.neg().addScalar(1.0).mul(z.minimum(Tensor.scalar(0.0)).exp().scale(alpha)));
    }

    /**
     * SELU(x) = lambda ELU_alpha(x) with the self-normalising constants of Klambauer et al. 2017
     * ("Self-normalizing neural networks", eq. (2) and Theorem 1): alpha = {@value #SELU_ALPHA},
     * lambda = {@value #SELU_LAMBDA}. Its slope is lambda for x &gt; 0 and at most lambda alpha for
     * x &lt; 0, so it is lambda alpha-Lipschitz.
     */
    public static Activation selu() {
        return new Activation("selu", SELU_LAMBDA * SELU_ALPHA, x -> x.elu(SELU_ALPHA).scale(SELU_LAMBDA),
                z -> eluDerivative(z, SELU_ALPHA).scale(SELU_LAMBDA), SlopedActivation.elu(SELU_ALPHA, SELU_LAMBDA));
    }

    /** SELU's alpha (Klambauer et al. 2017, the fixed point of mean 0 and variance 1). */
    public static final double SELU_ALPHA = 1.6732632423543772;
    /** SELU's lambda (same source). */
    public static final double SELU_LAMBDA = 1.0507009873554805;

    public static Activation identity() {
        return new Activation("identity", 1.0, x -> x, z -> Tensor.ones(z.rows(), z.cols()),
                SlopedActivation.identity());
    }

    /** Parses a name produced by {@link #name()}, e.g. "softplus(20.0)". */
    public static Activation parse(String name) {
        String n = name.trim();
        int open = n.indexOf('(');
        String base = open < 0 ? n : n.substring(0, open);
        double arg = open < 0 ? Double.NaN : Double.parseDouble(n.substring(open + 1, n.length() - 1));
        switch (base) {
            case "tanh": return tanh();
            case "relu": return relu();
            case "sigmoid": return sigmoid();
            case "identity": return identity();
            case "softplus": return open < 0 ? softplus() : softplus(arg);
            case "elu": return open < 0 ? elu(1.0) : elu(arg);
            case "selu": return selu();
            default:
                throw new IllegalArgumentException("activation: unknown name '" + name
                        + "' (tanh, relu, sigmoid, identity, softplus, softplus(beta), elu, elu(alpha), selu)");
        }
    }

    public String name() {
        return name;
    }

    public double lipschitz() {
        return lipschitz;
    }

    @Override
    public Tensor apply(Tensor x) {
        return f.apply(x);
    }

    /** s'(z) element-wise, recorded (differentiable again) inside a recording scope. */
    public Tensor derivative(Tensor z) {
        return derivative.apply(z);
    }

    /** The fused form of s and s', for {@link Linear#applyActivated}. */
    SlopedActivation sloped() {
        return sloped;
    }

    @Override
    public String toString() {
        return name;
    }
}
