package dev.otto.ode;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Tensor;

/**
 * A time-dependent vector field on a batch, (t, x) -> dx/dt = v(x, t), MATH.md section 3: x is an
 * n x d tensor whose rows are samples, and the result must have the same shape. Row i of the
 * result should depend on row i of x only (samples evolve independently); nothing here relies on
 * it except the per-sample divergence of {@link Trace}.
 *
 * <p>The field is evaluated with the integrator's ambient tape mode: inside
 * {@code Tape.record()} its operations are recorded (gradients flow to x and to any parameter the
 * field reads), inside {@code Tape.noGrad()} nothing is recorded.
 */
@FunctionalInterface
public interface VectorField {

    /** v(x, t) for a batch x (n x d); returns an n x d tensor. */
    Tensor apply(double t, Tensor x);

    /**
     * v(x, t) and its divergence per row (n x 1) as {@code trace} asks, exact or Hutchinson's
     * estimate (MATH.md sections 2 and 3). By default by vector-Jacobian products through
     * {@link #apply}; a field that knows its structure may override it with a cheaper evaluation of
     * the same quantity (equal up to rounding), for example forward-mode tangents through an MLP.
     */
    default Divergence.Result withDivergence(double t, Tensor x, Trace trace) {
        return trace.evaluate(z -> apply(t, z), x);
    }
}
