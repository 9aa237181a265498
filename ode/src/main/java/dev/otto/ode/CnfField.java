package dev.otto.ode;

import dev.otto.autodiff.Divergence;
import dev.otto.autodiff.Tensor;
import java.util.List;

/**
 * Continuous-normalising-flow bookkeeping (MATH.md section 3): the state of n samples x (n x d)
 * augmented by two scalars per sample, integrated together,
 * <pre>
 *   dx/dt = v(x, t),   d(logdet)/dt = div v(x, t),   d(kinetic)/dt = |v(x, t)|^2 / 2,
 * </pre>
 * so that log p_t(x(t)) = log p_{t0}(x(t0)) - logdet(t) and kinetic(t) = int |v|^2/2 along the
 * path. Components: 0 = x (primary), 1 = logdet (n x 1), 2 = kinetic (n x 1); the two scalars are
 * secondary, excluded from adaptive error control. One field evaluation per stage gives v and its
 * divergence together. Inside a recording scope the divergence stays differentiable in the field's
 * parameters (the JKO loss of MATH.md section 4 needs it).
 */
public final class CnfField implements OdeSystem {

    private final VectorField v;
    private final Trace trace;

    public CnfField(VectorField v, Trace trace) {
        if (v == null) {
            throw new IllegalArgumentException("v: expected a vector field, got null");
        }
        if (trace == null) {
            throw new IllegalArgumentException("trace: expected Trace.exact() or a Hutchinson trace, got null");
        }
        this.v = v;
        this.trace = trace;
    }

    public VectorField field() {
        return v;
    }

    public Trace trace() {
        return trace;
    }

    /** The initial augmented state [x0, 0, 0]. */
    public static List<Tensor> initialState(Tensor x0) {
        if (x0 == null) {
            throw new IllegalArgumentException("x0: expected an n x d tensor, got null");
        }
        return List.of(x0, Tensor.zeros(x0.rows(), 1), Tensor.zeros(x0.rows(), 1));
    }

    @Override
    public List<Tensor> derivative(double t, List<Tensor> y) {
        Divergence.Result r = v.withDivergence(t, y.get(0), trace);
        Tensor velocity = r.value();
        return List.of(velocity, r.divergence(), velocity.square().rowSums().scale(0.5));
    }
}
