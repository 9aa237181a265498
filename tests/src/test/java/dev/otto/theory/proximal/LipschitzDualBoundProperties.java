package dev.otto.theory.proximal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.proximal.FDivergence;
import dev.otto.ot.Wasserstein;
import dev.otto.theory.StatementCases;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * MATH.md section 6 (seed paper 2, the Lipschitz-regularised divergence, eq. (2.4) and its bound
 * 0 &lt;= D_f^L &lt;= L W_1): since f*(y) &gt;= y, EVERY L-Lipschitz g gives
 * E_P[g] - E_Q[f*(g)] &lt;= L W_1(P, Q), with W_1 from the exact network simplex, for every f the
 * package provides (KL also in its Donsker-Varadhan training form, log E_Q e^g &gt;= E_Q g by Jensen).
 *
 * <p>P and Q are finite clouds, so they are mutually singular unless they share points; the
 * generator also produces Q = P (W_1 = 0, where only f*(y) &gt;= y keeps the bound), tiny and huge
 * scales (1e-6 .. 1e4), L from 1e-3 to 1e3, and g on the Lipschitz boundary (linear with slope
 * exactly L). Reverse KL needs g &lt; 0: g is shifted by a constant (which keeps Lip(g)) below 0 on P
 * and Q. Tolerance: 1e-9 x (1 + L W_1 + E_P|g| + E_Q|g|), the rounding of sums of n terms of
 * that size and of the exact solver's cost (relative 1e-12); a conjugate below y anywhere breaks it
 * by O(1) at W_1 = 0.
 */
class LipschitzDualBoundProperties {

    @Property(tries = 120)
    @Tag("proximal.lipschitz-dual-bound")
    void everyLipschitzWitnessIsBelowLTimesW1(@ForAll @IntRange(min = 0, max = 5) int which,
                                            @ForAll @IntRange(min = 0, max = 2) int gKind,
                                            @ForAll @IntRange(min = 1, max = 3) int d,
                                            @ForAll @IntRange(min = 0, max = 2) int relation,
                                            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FDivergence f = ProximalGen.divergence(which);
        double scale = ProximalGen.logUniform(rng, -6, 4);
        double lip = ProximalGen.logUniform(rng, -3, 3);
        int n = 1 + rng.nextInt(12);
        int m = 1 + rng.nextInt(12);
        Tensor p = ProximalGen.cloud(n, d, scale, 0, rng);
        Tensor q = switch (relation) {
            case 0 -> p;                                                   // equal: W1 = 0
            case 1 -> ProximalGen.cloud(m, d, scale, 0, rng);              // overlapping supports, disjoint atoms
            default -> ProximalGen.cloud(m, d, scale, 10 * scale, rng);   // far apart
        };
        double offset = scale * lip * (rng.nextDouble() * 4 - 2);
        UnaryOperator<Tensor> g0 = ProximalGen.lipschitz(gKind, d, lip, scale, offset, rng);
        Tensor gp0 = g0.apply(p);
        Tensor gq0 = g0.apply(q);
        double shift = 0;
        if (f.kind() == FDivergence.Kind.REVERSE_KL) {
            double top = Math.max(ProximalGen.max(gp0), ProximalGen.max(gq0));
            shift = -top - scale * lip * (1e-3 + rng.nextDouble());
        }
        Tensor gp = gp0.addScalar(shift);
        Tensor gq = gq0.addScalar(shift);
        double w1 = Wasserstein.w1(p.toRows(), q.toRows());
        double epg = gp.mean().item();
        double absP = gp.abs().mean().item();
        double absQ = gq.abs().mean().item();
        double tol = 1e-9 * (1 + lip * w1 + absP + absQ);
        double bound = lip * w1 + tol;

        double conj = 0;
        for (double v : gq.toArray()) {
            conj += f.conjugate(v);
        }
        double scalarForm = epg - conj / gq.rows();
        assertTrue(scalarForm <= bound, () -> f + ": E_P g - E_Q f*(g) = " + scalarForm + " > L W1 = " + lip * w1);
        double trainingForm = f.objective(gp, gq).item();
        assertTrue(!Double.isNaN(trainingForm), () -> f + ": the training objective is NaN");
        assertTrue(trainingForm <= bound, () -> f + ": training objective " + trainingForm + " > L W1 = " + lip * w1);
    }

    /**
     * Every L-Lipschitz g gives E_P g - E_Q f*(g) &lt;= L W_1(P, Q). Cases of the catalogue's one
     * definition ({@code ProximalChecks.lipschitzDualBound}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only proximal.lipschitz-dual-bound}.
     */
    @Property(tries = 100)
    @Tag("proximal.lipschitz-dual-bound")
    void lipschitzDualBoundOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                            @ForAll long seed) {
        StatementCases.assertHolds("proximal.lipschitz-dual-bound", index, seed);
    }
}
