package dev.otto.ode;

import dev.otto.autodiff.Tensor;
import java.util.List;

/**
 * A system of ODEs on a state made of several tensors, in the spirit of Hipparchus's
 * {@code ExpandableODE}: component 0 is the <em>primary</em> state (the samples x, n x d), the
 * others are <em>secondary</em> quantities integrated along it (for a CNF, the log-determinant and
 * the kinetic energy, MATH.md section 3). Adaptive error control looks at the primary component
 * only, so adding secondary equations never changes the steps taken on the primary one.
 */
@FunctionalInterface
public interface OdeSystem {

    /**
     * The time derivative of every component at (t, y): one tensor per component, of the
     * component's shape.
     */
    List<Tensor> derivative(double t, List<Tensor> y);

    /** The system dx/dt = v(x, t) with the single (primary) component x. */
    static OdeSystem of(VectorField v) {
        if (v == null) {
            throw new IllegalArgumentException("v: expected a vector field, got null");
        }
        return (t, y) -> List.of(v.apply(t, y.get(0)));
    }
}
