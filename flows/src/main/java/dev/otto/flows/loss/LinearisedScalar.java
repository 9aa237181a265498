package dev.otto.flows.loss;

import dev.otto.autodiff.Tensor;

/**
 * A scalar computed off the tape, recorded on it with a gradient computed off the tape too:
 * <pre>
 *   L = v + sum_k &lt;u_k, G_k&gt;,   u_k = t_k - sg(t_k),
 * </pre>
 * sg the stop-gradient: a fresh constant holding a copy of t_k's values (not {@link Tensor#detach()},
 * which returns a leaf itself, so that t - t.detach() would carry the gradients G - G = 0 when t is a
 * leaf such as a parameter). The displacement u_k is exactly zero, so L equals v to the last bit,
 * while dL/dt_k = G_k: the first-order Taylor model of the scalar at the current inputs, built from
 * the tape's own operations (sub, mul, sum, addScalar), so that {@code Gradients.grad} sees an
 * ordinary recorded expression. G_k is a constant on the tape, so a second derivative needs a
 * second-order term in the same displacements added to L ({@link FrozenPlanQuadratic}).
 */
final class LinearisedScalar {

    private LinearisedScalar() {
    }

    /** u = t - sg(t): exactly zero, with derivative the identity in t. */
    static Tensor displacement(Tensor t) {
        return t.sub(Tensor.wrap(t.rows(), t.cols(), t.toArray()));
    }

    /** v recorded with gradient {@code gradients[k]} along {@code displacements[k]} (same shapes). */
    static Tensor of(double value, Tensor[] displacements, Tensor[] gradients) {
        Tensor out = Tensor.scalar(0);
        for (int k = 0; k < displacements.length; k++) {
            out = out.add(displacements[k].mul(gradients[k]).sum());
        }
        return out.addScalar(value);
    }
}
