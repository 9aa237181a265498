package dev.otto.theory.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.GradientCheck;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.CnfSolution;
import dev.otto.ode.Odeint;
import dev.otto.ode.Trace;
import dev.otto.ode.VectorField;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 3 with section 2: backpropagation through the solver steps (discretise then
 * optimise) gives the exact gradient of the discrete solve, in the initial state and in the field's
 * parameters; so it matches central finite differences of the same solve.
 *
 * <p>Fields are tanh MLPs with a time input (2 -> 6 -> 2), weights from a seed; fixed grids of 1
 * to 4 steps of every method, forward and backward. The CNF variant is the JKO block loss of
 * MATH.md section 4, mean(|x(1)|^2/2 - logdet + |x(1) - x(0)|^2/(2h)) through 3 RK4 steps with the
 * exact divergence, so its gradient needs the double backward. Tolerance: GradientCheck's scaled
 * error |analytic - numeric| / max(1, |numeric|) &lt;= 1e-6 with h = 1e-6, where the central
 * difference has truncation error ~ h^2 |L'''| ~ 1e-12 and rounding ~ 1e-16 |L| / h ~ 1e-9 for
 * losses of order ten: a thousandfold margin, while a dropped or detached stage gives errors of
 * order one.
 */
class SolverGradientProperties {

    @Provide
    Arbitrary<ButcherTableau> fixedMethods() {
        return Arbitraries.of(OdeFixtures.FIXED);
    }

    /** A loss over [x0, parameters...] that installs the parameters before solving. */
    private static Function<List<Tensor>, Tensor> withParameters(List<Parameter> params,
                                                                 Function<Tensor, Tensor> solve) {
        return inputs -> {
            for (int k = 0; k < params.size(); k++) {
                params.get(k).set(inputs.get(k + 1));
            }
            return solve.apply(inputs.get(0));
        };
    }

    private static List<Tensor> inputs(Tensor x0, List<Parameter> params) {
        List<Tensor> in = new ArrayList<>();
        in.add(x0);
        for (Parameter p : params) {
            in.add(p.value());
        }
        return in;
    }

    @Property(tries = 60)
    @Tag("ode.solver-gradient")
    void gradientsThroughFixedStepsMatchFiniteDifferences(@ForAll("fixedMethods") ButcherTableau method,
                                                          @ForAll @IntRange(min = 1, max = 4) int steps,
                                                          @ForAll boolean backward, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mlp mlp = Mlp.builder(2).hidden(6).output(2).activation(Activation.tanh()).timeInput(true).build(rng);
        VectorField v = (t, x) -> mlp.apply(x, t);
        Tensor x0 = Tensor.randn(3, 2, rng);
        double t0 = rng.nextGaussian();
        double t1 = t0 + (backward ? -1 : 1) * (0.3 + rng.nextDouble());
        List<Parameter> params = mlp.parameters();
        GradientCheck.Report r = GradientCheck.check(
                withParameters(params, x -> Odeint.fixed(v, x, t0, t1, steps, method).state()),
                inputs(x0, params), 1e-6);
        assertTrue(r.passes(1e-6), method.name() + " " + steps + " steps: " + r);
    }

    @Property(tries = 12)
    @Tag("ode.solver-gradient")
    void gradientOfTheJkoBlockLossMatchesFiniteDifferences(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mlp mlp = Mlp.builder(2).hidden(6).output(2).activation(Activation.tanh()).build(rng);
        VectorField f = (t, x) -> mlp.apply(x);
        Tensor x0 = Tensor.randn(4, 2, rng);
        double h = 0.25 + rng.nextDouble();
        List<Parameter> params = mlp.parameters();
        GradientCheck.Report r = GradientCheck.check(withParameters(params, x -> {
            CnfSolution s = Odeint.cnfFixed(f, x, 0, 1, 3, ButcherTableau.RK4, Trace.exact());
            Tensor potential = s.x().square().rowSums().scale(0.5);
            Tensor transport = s.x().sub(x).square().rowSums().scale(1 / (2 * h));
            return potential.sub(s.logDet()).add(transport).mean();
        }), inputs(x0, params), 1e-6);
        assertTrue(r.passes(1e-6), "JKO block loss: " + r);
    }
}
