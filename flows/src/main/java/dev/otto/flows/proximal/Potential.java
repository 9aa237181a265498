package dev.otto.flows.proximal;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Mlp;

/**
 * A potential phi(x, t) on batches (MATH.md section 6; seed paper 2, the mean-field-game optimality
 * system, eq. (3.3)): x is n x d, t is an n x 1 column of times, the result is n x 1. The generator's
 * velocity is v = -grad_x phi. Implementations must be built from recorded tensor operations so
 * that grad_x phi, d phi/dt and their parameter derivatives exist.
 *
 * <p>Two kinds exist: the trained network ({@link #of(Mlp)}, a tanh MLP on [x, t]) and closed-form
 * potentials such as the Hopf-Lax oracle phi(x, t) = c|x|^2 / (2(1 + c(T - t))) used by the tests.
 */
@FunctionalInterface
public interface Potential {

    /** phi(x, t) per row (n x 1). */
    Tensor value(Tensor x, Tensor t);

    /** The potential given by a time-input MLP with one output. */
    static Potential of(Mlp phi) {
        return of(phi, 1.0);
    }

    /**
     * phi = scale net(x, t) for a time-input MLP with one output (the authors' parametrisation
     * U = lambda phi is scale = 1 / lambda; see {@link ProximalConfig#potentialScale()}).
     *
     * @throws IllegalArgumentException on a network of the wrong shape or a scale that is not finite and positive
     */
    static Potential of(Mlp phi, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale: expected a finite scale > 0, got " + scale);
        }
        if (!phi.hasTimeInput() || phi.outputDim() != 1) {
            throw new IllegalArgumentException("phi: expected an MLP with a time input and 1 output, got inputs "
                    + phi.inputDim() + (phi.hasTimeInput() ? "+t" : "") + " and " + phi.outputDim() + " outputs");
        }
        return scale == 1.0 ? phi::apply : (x, t) -> phi.apply(x, t).scale(scale);
    }

    /**
     * The exact Hopf-Lax solution of d phi/dt - |grad phi|^2/2 = 0 with phi(x, T) = c|x|^2/2:
     * phi(x, t) = c|x|^2 / (2(1 + c(T - t))) (MATH.md section 6), defined while 1 + c(T - t) &gt; 0.
     *
     * @throws IllegalArgumentException unless 1 + c T &gt; 0 (so the formula holds on all of [0, T])
     */
    static Potential hopfLax(double c, double horizon) {
        if (!(1 + c * horizon > 0) || !Double.isFinite(c) || !(horizon > 0)) {
            throw new IllegalArgumentException("c: expected finite c with 1 + c T > 0 and T > 0, got c = " + c
                    + ", T = " + horizon);
        }
        return (x, t) -> x.square().rowSums().scale(c / 2).div(t.neg().addScalar(horizon).scale(c).addScalar(1));
    }
}
