package dev.otto.autodiff.nn;

import dev.otto.autodiff.AffineLayer;
import dev.otto.autodiff.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An affine layer y = x W + b on a batch x (n x in), W (in x out), b (1 x out) broadcast over rows.
 *
 * <p>Initialisation: by default PyTorch's for {@code nn.Linear}, so results are comparable (every
 * entry of W and b uniform on [-1/sqrt(in), 1/sqrt(in)]); others through {@link Initialisation}.
 */
public final class Linear implements Module {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(String name, int in, int out, RandomGenerator rng) {
        this(name, in, out, Initialisation.UNIFORM_FAN_IN, rng);
    }

    public Linear(String name, int in, int out, Initialisation init, RandomGenerator rng) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("in/out: layer sizes must be positive, got " + in + " -> " + out);
        }
        if (init == null) {
            throw new IllegalArgumentException("init: expected an Initialisation, got null");
        }
        this.weight = new Parameter(name + ".weight", init.weight(in, out, rng));
        this.bias = new Parameter(name + ".bias", init.bias(in, out, rng));
    }

    public Tensor apply(Tensor x) {
        return AffineLayer.affine(checkInput(x), weight.value(), bias.value());
    }

    /** s(x W + b) and s'(x W + b), in one pass over the output ({@link AffineLayer#activated}). */
    AffineLayer.Activated applyActivated(Tensor x, Activation s) {
        return AffineLayer.activated(checkInput(x), weight.value(), bias.value(), s.sloped());
    }

    private Tensor checkInput(Tensor x) {
        if (x.cols() != weight.value().rows()) {
            throw new IllegalArgumentException("x: layer " + weight.name() + " expects " + weight.value().rows()
                    + " input columns, got " + x.shape());
        }
        return x;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int in() {
        return weight.value().rows();
    }

    public int out() {
        return weight.value().cols();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
