package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Initialisation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The discriminator g (MATH.md section 6; seed paper 2, Algorithm 1): an MLP R^d -&gt; R (ReLU,
 * 3 x 48 by default) followed by the divergence's {@link FDivergence#outputMap} (the identity, or
 * g = -softplus(h) for reverse KL so that g stays in the conjugate's domain). At the optimum of
 * the W1-proximal problem it is the first variation of D_f^L in P and phi(., T) = g / lambda.
 */
public final class Discriminator {

    private final Mlp network;
    private final FDivergence divergence;

    /** Wraps an existing network (input d, output 1, no time input). */
    public Discriminator(Mlp network, FDivergence divergence) {
        if (network.hasTimeInput() || network.outputDim() != 1) {
            throw new IllegalArgumentException("network: expected an MLP without time input and with 1 output, got "
                    + network.outputDim() + " outputs" + (network.hasTimeInput() ? " and a time input" : ""));
        }
        this.network = network;
        this.divergence = divergence;
    }

    /** A new discriminator with the given hidden widths and activation, weights from {@code rng}. */
    public static Discriminator create(int dim, int[] hidden, Activation activation, FDivergence divergence,
                                       RandomGenerator rng) {
        return create(dim, hidden, activation, divergence, Initialisation.UNIFORM_FAN_IN, rng);
    }

    /** As {@link #create(int, int[], Activation, FDivergence, RandomGenerator)}, weights drawn by {@code init}. */
    public static Discriminator create(int dim, int[] hidden, Activation activation, FDivergence divergence,
                                       Initialisation init, RandomGenerator rng) {
        Mlp net = Mlp.builder(dim).hidden(hidden).output(1).activation(activation).initialisation(init).name("g")
                .build(rng);
        return new Discriminator(net, divergence);
    }

    /** g(x) per row (n x 1), recorded when a scope is open. */
    public Tensor apply(Tensor x) {
        return divergence.outputMap(network.apply(x));
    }

    public Mlp network() {
        return network;
    }

    public FDivergence divergence() {
        return divergence;
    }

    public List<Parameter> parameters() {
        return network.parameters();
    }
}
