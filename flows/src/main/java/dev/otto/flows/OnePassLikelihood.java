package dev.otto.flows;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.ode.CnfSolution;
import dev.otto.ode.Integration;
import dev.otto.ode.VectorField;
import java.util.function.UnaryOperator;

/**
 * Samples and log-densities of an ODE flow in one pass from noise (MATH.md section 3, the CNF
 * formula; Chen et al. 2018, Theorem 1): the state [x, logdet] is integrated from z ~ N(0, I) at
 * t = 0 to t = 1, with logdet = int_0^1 div v(x(t), t) dt, and log p_1(x(1)) = log N(z; 0, I) -
 * logdet. The same integral taken backward from the data point (the forward direction data -&gt;
 * noise of {@link Flow#logDensity}) gives the same number up to the integrator's error.
 */
public final class OnePassLikelihood {

    private OnePassLikelihood() {
    }

    /** x(1) and log p_1(x(1)) for each row of z under dx/dt = v(t, x), integrated by {@code integration}. */
    public static DensitySamples fromNoise(VectorField v, Integration integration, Tensor z, TraceEstimator trace) {
        return fromStart(v, integration, z, trace, OnePassLikelihood::noiseLogDensity);
    }

    /**
     * x(1) and log p_1(x(1)) = log p_0(x0) - int_0^1 div v for each row x0 of a start drawn from a law
     * with log-density {@code startLogDensity} (n x d -&gt; n x 1), e.g. an interpolation flow's source.
     */
    public static DensitySamples fromStart(VectorField v, Integration integration, Tensor x0, TraceEstimator trace,
                                           UnaryOperator<Tensor> startLogDensity) {
        Tensor stacked = trace.replicate(x0);
        try (Tape.Scope none = Tape.noGrad()) {
            CnfSolution s = integration.solveCnf(v, stacked, 0.0, 1.0, trace.trace(stacked.rows(), stacked.cols()));
            return trace.combine(x0.rows(), s.x(), s.logDensity(startLogDensity.apply(stacked)));
        }
    }

    /** log N(z; 0, I) per row (n x 1), the reference density q of every flow. */
    public static Tensor noiseLogDensity(Tensor z) {
        return z.square().rowSums().scale(-0.5).addScalar(-0.5 * z.cols() * Math.log(2 * Math.PI));
    }
}
