package dev.otto.theory.ot;

import dev.otto.ot.OneDimensional;
import dev.otto.ot.Wasserstein;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MATH.md section 1 defines OT only for nonnegative weights of equal total mass and a real cost,
 * and entropic OT only for eps &gt; 0; DESIGN.md ("Conventions") requires bad input to fail fast with
 * an IllegalArgumentException naming the argument. Statements:
 * <ol>
 *   <li>a weight vector with one entry replaced by a negative number, NaN or +-infinity, an empty
 *       weight vector, total masses differing by more than a relative 1e-9, a NaN or infinite cost
 *       entry, or eps &lt;= 0 / NaN / infinite is rejected by every entry point (network simplex,
 *       both Sinkhorn methods, W_p, 1-D W_p) with an IllegalArgumentException whose message starts
 *       with the offending argument's name;</li>
 *   <li>masses equal to within a relative 1e-10 are accepted (b is rescaled);</li>
 *   <li>a Sinkhorn solve stopped by its iteration limit (tolerance 1e-300, below the documented
 *       round-off floor 1e-13 x mass only then counts as met) reports converged() == false and every
 *       number it returns (potentials, errors, cost, objective) is finite: never a silent NaN.</li>
 * </ol>
 * No tolerance is involved except the documented mass tolerance (1e-9 relative): the mismatch is
 * generated at 1e-8 .. 1e-1 (rejected) and at most 1e-10 (accepted).
 */
class BadInputProperties {

    @Provide
    Arbitrary<OtProblem> problems() {
        return OtProblems.problems(8, false);
    }

    @Provide
    Arbitrary<Double> badWeights() {
        return Arbitraries.of(-1e-12, -1.0, -1e300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Provide
    Arbitrary<Double> badEpsilons() {
        return Arbitraries.of(0.0, -0.0, -1e-300, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    /** Every solver entry point on (a, b, C of the problem's clouds). */
    private static void everySolver(OtProblem p, double[] a, double[] b, String name) {
        CostMatrix c = p.cost();
        rejects(name, () -> new NetworkSimplex().solve(a, b, c));
        rejects(name, () -> Sinkhorn.logDomain().solve(a, b, c));
        rejects(name, () -> Sinkhorn.scaling().solve(a, b, c));
        rejects(name, () -> Wasserstein.wpp(p.x, a, p.y, b, 2));
        double[] x1 = new double[p.x.length];
        double[] y1 = new double[p.y.length];
        for (int i = 0; i < x1.length; i++) {
            x1[i] = p.x[i][0];
        }
        for (int j = 0; j < y1.length; j++) {
            y1[j] = p.y[j][0];
        }
        rejects(name, () -> OneDimensional.wpp(x1, a, y1, b, 2));
    }

    static void rejects(String name, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(name),
                "message should name '" + name + "': " + e.getMessage());
    }

    @Property(tries = 60)
    @Tag("contracts.bad-input")
    void badWeightEntriesAreRejected(@ForAll("problems") OtProblem p, @ForAll("badWeights") double bad,
                                     @ForAll boolean inA, @ForAll @IntRange(min = 0, max = 1000) int where) {
        double[] a = p.a.clone();
        double[] b = p.b.clone();
        double[] w = inA ? a : b;
        w[where % w.length] = bad;
        everySolver(p, a, b, inA ? "a" : "b");
    }

    @Property(tries = 30)
    @Tag("contracts.bad-input")
    void emptyWeightsAreRejected(@ForAll("problems") OtProblem p, @ForAll boolean inA) {
        CostMatrix c = p.cost();
        double[] a = inA ? new double[0] : p.a;
        double[] b = inA ? p.b : new double[0];
        String name = inA ? "a" : "b";
        rejects(name, () -> new NetworkSimplex().solve(a, b, c));
        rejects(name, () -> Sinkhorn.logDomain().solve(a, b, c));
        rejects(name, () -> OneDimensional.wpp(new double[p.n()], a, new double[p.m()], b, 2));
        rejects("cost", () -> CostMatrix.of(new double[0][0]));
        rejects("x", () -> Wasserstein.w2(new double[0][], p.y));
    }

    @Property(tries = 60)
    @Tag("contracts.bad-input")
    void unequalMassBeyondRelative1e9IsRejectedAndWithin1e10Accepted(@ForAll("problems") OtProblem p,
                                                                    @ForAll @net.jqwik.api.constraints.DoubleRange(min = -8, max = -1) double logGap,
                                                                    @ForAll boolean up) {
        double factor = 1 + (up ? 1 : -1) * Math.pow(10, logGap);
        double[] b = p.b.clone();
        for (int j = 0; j < b.length; j++) {
            b[j] *= factor;
        }
        everySolver(p, p.a, b, "b");
        double[] close = p.b.clone();
        for (int j = 0; j < close.length; j++) {
            close[j] *= 1 + (up ? 1e-10 : -1e-10);
        }
        CostMatrix c = p.cost();
        assertTrue(Double.isFinite(new NetworkSimplex().solve(p.a, close, c).cost()));
        assertTrue(Double.isFinite(Sinkhorn.logDomain().withMaxIterations(50).solve(p.a, close, c).transportCost()));
    }

    @Property(tries = 40)
    @Tag("contracts.bad-input")
    void nonFiniteCostsAreRejected(@ForAll("problems") OtProblem p, @ForAll @IntRange(min = 0, max = 1000) int where,
                                   @ForAll boolean nan) {
        double[][] c = p.cost().toRowMajor().length == 0 ? null : toArray(p);
        int i = where % p.n();
        int j = (where / 7) % p.m();
        c[i][j] = nan ? Double.NaN : Double.POSITIVE_INFINITY;
        rejects("cost", () -> new NetworkSimplex().solve(p.a, p.b, c));
        rejects("cost", () -> Sinkhorn.logDomain().solve(p.a, p.b, c));
        rejects("cost", () -> Sinkhorn.scaling().solve(p.a, p.b, c));
        double[][] x = p.x.clone();
        x[0] = x[0].clone();
        x[0][0] = Double.NaN;
        rejects("x", () -> Wasserstein.w2(x, p.a, p.y, p.b));
    }

    @Property(tries = 40)
    @Tag("contracts.bad-input")
    void nonPositiveOrNonFiniteEpsilonIsRejected(@ForAll("problems") OtProblem p, @ForAll("badEpsilons") double eps) {
        rejects("epsilon", () -> Sinkhorn.logDomain().withEpsilon(eps));
        rejects("relativeEpsilon", () -> Sinkhorn.logDomain().withRelativeEpsilon(eps));
        rejects("tolerance", () -> Sinkhorn.logDomain().withTolerance(eps));
    }

    @Property(tries = 40)
    @Tag("contracts.bad-input")
    void nonConvergenceIsReportedWithFiniteValues(@ForAll("problems") OtProblem p,
                                                  @ForAll @IntRange(min = 1, max = 3) int iterations,
                                                  @ForAll boolean scaling) {
        // eps = 1e-4 x the mean cost and a tolerance no plan meets in 1-3 iterations
        Sinkhorn s = (scaling ? Sinkhorn.scaling() : Sinkhorn.logDomain()).withRelativeEpsilon(1e-4)
                .withTolerance(1e-300).withMaxIterations(iterations);
        SinkhornResult r = s.solve(p.a, p.b, p.cost());
        // converged() means both L1 errors <= max(tolerance, 1e-13) x mass (the documented round-off
        // floor), which tiny problems (m = 1, or n = 1) meet after one iteration
        double floor = 1e-13 * OtProblem.sum(p.a);
        boolean trivial = r.rowMarginalError() <= floor && r.columnMarginalError() <= floor;
        if (!trivial) {
            assertFalse(r.converged(), "converged() must be false at the iteration limit");
        }
        Consumer<double[]> finite = v -> {
            for (double x : v) {
                assertTrue(Double.isFinite(x), "finite entries");
            }
        };
        finite.accept(r.f());
        finite.accept(r.g());
        finite.accept(r.marginalErrors());
        assertTrue(Double.isFinite(r.transportCost()) && Double.isFinite(r.objective())
                && Double.isFinite(r.rowMarginalError()) && Double.isFinite(r.columnMarginalError()), "finite statistics");
    }

    private static double[][] toArray(OtProblem p) {
        CostMatrix c = p.cost();
        double[][] out = new double[p.n()][p.m()];
        for (int i = 0; i < p.n(); i++) {
            for (int j = 0; j < p.m(); j++) {
                out[i][j] = c.get(i, j);
            }
        }
        return out;
    }
}
