package dev.otto.ode;

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
}
