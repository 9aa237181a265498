package dev.otto.theory.autodiff;

import dev.otto.autodiff.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * One differentiable operation under test: how to build its inputs from a shape and values, and the
 * function itself. Domains keep the inputs away from the points where an operation is not
 * differentiable (kinks, ties, poles), because a finite difference across a kink measures the
 * average of two one-sided slopes, not the derivative.
 */
record OpCase(String name, int arity, Domain domain, Function<List<Tensor>, Tensor> f) {

    /** Where the inputs of an operation are drawn. */
    enum Domain {
        /** any real value */
        ANY,
        /** |x| >= 0.05: away from the kinks of abs, relu, elu and the pole of a denominator */
        AWAY_FROM_ZERO,
        /** x in [0.05, ...): logs, square roots, fractional powers */
        POSITIVE
    }

    @Override
    public String toString() {
        return name;
    }
}
