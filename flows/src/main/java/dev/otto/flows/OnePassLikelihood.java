package dev.otto.flows;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.ode.CnfSolution;
import dev.otto.ode.Integration;
import dev.otto.ode.VectorField;
import java.util.List;
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
        return throughFields(List.of(v), 0.0, 1.0, integration, x0, trace, startLogDensity);
    }

    /**
     * The samples and log-densities at the end of a composition of flow maps started from noise z:
     * z is carried through {@code fields} in order, each integrated with [x, logdet] from t0 to t1,
     * and log p = log N(z; 0, I) minus the sum of their logdets (the CNF formula once per map, hence
     * the change of variables of the composition). With one field and t0 = 0, t1 = 1 this is
     * {@link #fromNoise}; with t0 = 1, t1 = 0 each field runs backward, as a JKO flow generates
     * through its blocks' inverses (MATH.md section 4). One solve per field and no second pass from
     * the samples; Hutchinson's probes are the same in every field, so each stacked copy's sum of
     * logdets is one unbiased estimate.
     */
    public static DensitySamples throughFields(List<VectorField> fields, double t0, double t1,
                                               Integration integration, Tensor z, TraceEstimator trace) {
        return throughFields(fields, t0, t1, integration, z, trace, OnePassLikelihood::noiseLogDensity);
    }

    private static DensitySamples throughFields(List<VectorField> fields, double t0, double t1, Integration integration,
                                                Tensor z, TraceEstimator trace, UnaryOperator<Tensor> startLogDensity) {
        Tensor x = trace.replicate(z);
        Tensor logDensity = startLogDensity.apply(x);
        try (Tape.Scope none = Tape.noGrad()) {
            for (VectorField v : fields) {
                CnfSolution s = integration.solveCnf(v, x, t0, t1, trace.trace(x.rows(), x.cols()));
                x = s.x();
                logDensity = s.logDensity(logDensity);
            }
        }
        return trace.combine(z.rows(), x, logDensity);
    }

    /** log N(z; 0, I) per row (n x 1), the reference density q of every flow. */
    public static Tensor noiseLogDensity(Tensor z) {
        return z.square().rowSums().scale(-0.5).addScalar(-0.5 * z.cols() * Math.log(2 * Math.PI));
    }
}
