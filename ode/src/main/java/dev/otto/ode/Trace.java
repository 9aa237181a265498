package dev.otto.ode;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Tensor;
import java.util.random.RandomGenerator;
import java.util.function.UnaryOperator;

/**
 * How a CNF computes div v = tr(dv/dx) per sample (MATH.md sections 2 and 3): exactly, with d
 * vector-Jacobian products (the choice for evaluation and for small d), or by Hutchinson's
 * estimator e^T (dv/dx) e with a probe e that is <em>held fixed for the whole solve</em>: a probe
 * redrawn at every evaluation would make the augmented ODE random, and an adaptive solver would
 * then chase noise (torchdiffeq issue 120). With a fixed probe the integrated log-determinant is an
 * unbiased estimate of the exact one.
 */
public final class Trace {

    private final Tensor probe;

    private Trace(Tensor probe) {
        this.probe = probe;
    }

    /** The exact divergence. */
    public static Trace exact() {
        return new Trace(null);
    }

    /** Hutchinson's estimator with the given probe (n x d, E[e e^T] = I), used unchanged for the whole solve. */
    public static Trace hutchinson(Tensor probe) {
        if (probe == null) {
            throw new IllegalArgumentException("probe: expected an n x d probe tensor, got null");
        }
        return new Trace(probe.detach());
    }

    /** Hutchinson's estimator with a Rademacher probe (+-1 entries, never of higher variance than Gaussian). */
    public static Trace rademacher(int rows, int cols, RandomGenerator rng) {
        return hutchinson(Tensor.rademacher(rows, cols, rng));
    }

    /** Hutchinson's estimator with a standard normal probe. */
    public static Trace gaussian(int rows, int cols, RandomGenerator rng) {
        return hutchinson(Tensor.randn(rows, cols, rng));
    }

    public boolean isExact() {
        return probe == null;
    }

    /** The fixed probe, or null for the exact trace. */
    public Tensor probe() {
        return probe;
    }

    /** v(x) and its (estimated) divergence, n x 1. */
    Divergence.Result evaluate(UnaryOperator<Tensor> v, Tensor x) {
        if (probe == null) {
            return Divergence.exact(v, x);
        }
        if (!probe.sameShape(x)) {
            throw new IllegalArgumentException("probe: shape " + probe.shape() + " must equal the state's shape " + x.shape());
        }
        return Divergence.hutchinson(v, x, probe);
    }

    @Override
    public String toString() {
        return probe == null ? "Trace.exact" : "Trace.hutchinson(" + probe.shape() + ")";
    }
}
