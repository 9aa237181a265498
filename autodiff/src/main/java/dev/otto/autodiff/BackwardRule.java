package dev.otto.autodiff;

/**
 * The backward rule of one recorded operation: given the gradient of the loss with respect to the
 * operation's output, return the gradients with respect to its inputs.
 *
 * <p>Rules are written with the public {@link Tensor} operations, so that when the backward pass is
 * itself recorded ({@code createGraph}) the gradients are differentiable again. When nothing is
 * recorded a rule may take a fused raw-array path instead; {@link Tape#isRecording()} tells which.
 */
@FunctionalInterface
interface BackwardRule {
    /**
     * @param grad  gradient with respect to the output, same shape as the output
     * @param needs {@code needs[i]} is true when the gradient of input {@code i} is wanted
     * @return one gradient per input, each of that input's shape, or {@code null} where not needed
     */
    Tensor[] apply(Tensor grad, boolean[] needs);
}
