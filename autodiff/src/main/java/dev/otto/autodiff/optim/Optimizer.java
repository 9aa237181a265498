package dev.otto.autodiff.optim;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import java.util.List;

/**
 * A first-order optimiser: given the gradients of a loss in a list of parameters, replaces each
 * parameter's value by the updated one. Per-parameter state (momenta) is kept by parameter identity,
 * so the same optimiser must always be given the same parameters.
 */
public interface Optimizer {

    /** One update; {@code grads.get(i)} is the gradient in {@code params.get(i)}. */
    void step(List<Parameter> params, List<Tensor> grads);

    /** Number of steps taken. */
    int iterations();

    /** The learning rate the next step will use. */
    double currentLearningRate();

    /** Checks that the lists match, naming the first mismatch. */
    static void checkAligned(List<Parameter> params, List<Tensor> grads) {
        if (params.size() != grads.size()) {
            throw new IllegalArgumentException("grads: expected " + params.size() + " gradients (one per parameter), got "
                    + grads.size());
        }
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).value().sameShape(grads.get(i))) {
                throw new IllegalArgumentException("grads: gradient " + i + " has shape " + grads.get(i).shape()
                        + " but parameter " + params.get(i).name() + " has shape " + params.get(i).value().shape());
            }
        }
    }
}
