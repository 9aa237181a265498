package dev.otto.theory.ode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Odeint;
import dev.otto.ode.VectorField;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 3, perturbed field (Gronwall; also section 5, "Stability"): if v is L-Lipschitz
 * and |v - w| &lt;= delta everywhere, the Euler solutions of v and w from the same start differ after
 * time T by at most delta ((1 + L|h|)^n - 1)/L &lt;= delta (e^{L|T|} - 1)/L, forward or backward in
 * time. (Discrete Gronwall: e_{k+1} &lt;= (1 + L|h|) e_k + |h| delta.)
 *
 * <p>Fields v = c tanh(x W + b + t u) ({@link LipschitzFieldCase}) and w = v + delta g with g either
 * the constant unit vector along v's top direction (with a symmetric W near x = 0 the bound is then
 * nearly attained) or the bounded field tanh(x M + t)/sqrt(d), |g| &lt; 1. delta from 1e-8 to 1,
 * L|T| up to 4, 1 to 50 steps. Tolerance: exact in real arithmetic; slack 1e-12 n (|x_v| + |x_w|)
 * for rounding, far below delta |h| (the smallest increment the bound allows) in every generated case.
 */
class GronwallPerturbationProperties {

    @Provide
    Arbitrary<Double> deltas() {
        return Arbitraries.oneOf(Arbitraries.of(1e-8, 1.0),
                Arbitraries.doubles().between(-8, 0).map(e -> Math.pow(10, e)));
    }

    @Provide
    Arbitrary<Double> pointScales() {
        return Arbitraries.of(1e-3, 1.0, 1e2);
    }

    @Property(tries = 120)
    @Tag("ode.gronwall")
    void eulerEndpointsOfPerturbedFieldsStayWithinTheGronwallBound(
            @ForAll @IntRange(min = 1, max = 4) int d, @ForAll LipschitzFieldCase.Kind kind,
            @ForAll @IntRange(min = 1, max = 50) int steps, @ForAll("deltas") double delta,
            @ForAll boolean constantPerturbation, @ForAll boolean backward,
            @ForAll("pointScales") double scale, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LipschitzFieldCase f = LipschitzFieldCase.generate(d, kind, OdeFixtures.logUniform(rng, -2, 2), rng);
        double l = f.lipschitz();
        double lt = 4 * rng.nextDouble() + 1e-3;
        double t0 = rng.nextGaussian();
        double t1 = t0 + (backward ? -1 : 1) * lt / l;
        VectorField v = f.field();
        VectorField w;
        if (constantPerturbation) {
            Tensor g = Tensor.of(1, d, f.topDirection()).scale(backward ? -delta : delta);
            w = (t, x) -> v.apply(t, x).add(g);
        } else {
            Tensor m = Tensor.randn(d, d, rng);
            double norm = 1.0 / Math.sqrt(d);
            w = (t, x) -> v.apply(t, x).add(x.matmul(m).addScalar(t).tanh().scale(delta * norm));
        }
        Tensor x0 = Tensor.randn(8, d, rng).scale(scale);
        Tensor xv = Odeint.fixed(v, x0, t0, t1, steps, ButcherTableau.EULER).state();
        Tensor xw = Odeint.fixed(w, x0, t0, t1, steps, ButcherTableau.EULER).state();
        double h = Math.abs(t1 - t0) / steps;
        double discrete = delta * (Math.pow(1 + l * h, steps) - 1) / l;
        double continuous = delta * Math.expm1(lt) / l;
        assertTrue(discrete <= continuous * (1 + 1e-12));
        double[] gap = OdeFixtures.rowDistances(xv, xw);
        double[] nv = OdeFixtures.rowDistances(xv, Tensor.zeros(8, d));
        double[] nw = OdeFixtures.rowDistances(xw, Tensor.zeros(8, d));
        for (int i = 0; i < gap.length; i++) {
            double slack = 1e-12 * steps * (nv[i] + nw[i]);
            assertTrue(gap[i] <= discrete + slack, "|x_v - x_w| = " + gap[i] + " > delta((1+Lh)^n - 1)/L = "
                    + discrete + " (ratio " + gap[i] / discrete + ")");
        }
    }

    /**
     * Euler paths of perturbed fields stay within the discrete Gronwall bound. Cases of the
     * catalogue's one definition ({@code IntegratorChecks.gronwall}): its generator, predicate,
     * bound and tolerance, the same as {@code otto verify --only ode.gronwall}.
     */
    @Property(tries = 50)
    @Tag("ode.gronwall")
    void gronwallBoundOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("ode.gronwall", index, seed);
    }
}
