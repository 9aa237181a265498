package dev.otto.theory.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.flows.metrics.InversionError;
import dev.otto.flows.metrics.KineticEnergy;
import dev.otto.flows.metrics.KlDivergence;
import dev.otto.flows.metrics.Measurement;
import dev.otto.flows.metrics.NegativeLogLikelihood;
import dev.otto.flows.metrics.Straightness;
import dev.otto.theory.StatementCases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The metrics of MATH.md section 7 satisfy their defining statements: straightness is 1 exactly on
 * straight paths and in [0, 1] otherwise (section 6); kinetic energy is |x(T) - x(0)|^2 / (2T) on
 * constant-velocity paths and a lower bound that refinement can only raise; the inversion error
 * is the mean squared round-trip distance; the KL estimate converges to the Gaussian closed form;
 * the NLL of an affine flow equals the exact Gaussian NLL.
 */
class PathMetricProperties {

    /**
     * Constant velocity over [0, T] on any grid: KE = |x(T) - x(0)|^2 / (2T) exactly (each step
     * contributes |v|^2 dt / 2), to 1e-12 relative. A missing 1/2 or a dt in the wrong place fails.
     */
    @Property(tries = 60)
    @Tag("metrics.definitions")
    void constantVelocityKineticEnergyIsChordSquaredOver2T(@ForAll @IntRange(min = 1, max = 4) int d,
                                                          @ForAll @IntRange(min = 1, max = 12) int steps,
                                                          @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double horizon = 0.1 + 5 * rng.nextDouble();
        Tensor x0 = Tensor.randn(4, d, rng);
        Tensor v = Tensor.randn(4, d, rng);
        double[] t = new double[steps + 1];
        for (int k = 1; k < steps; k++) {
            t[k] = horizon * rng.nextDouble();
        }
        t[steps] = horizon;
        Arrays.sort(t);
        boolean distinct = true;
        for (int k = 0; k < steps; k++) {
            distinct &= t[k + 1] > t[k];
        }
        if (!distinct) {
            return;
        }
        List<Tensor> states = new ArrayList<>();
        for (double tk : t) {
            states.add(x0.add(v.scale(tk)));
        }
        double expected = v.square().rowSums().mean().item() * horizon / 2;
        assertEquals(expected, KineticEnergy.of(states, t).value(), 1e-12 * (1 + expected));
    }

    /**
     * Refinement: sampling the smooth path x(t) = a + b t + c sin(w t) on 2K instead of K uniform
     * steps never lowers the discrete action (Cauchy-Schwarz: |x_{k+1} - x_k|^2 / dt is at most the
     * sum over the two half steps), and both stay below the exact integral of |dx/dt|^2/2 computed
     * with 4096 steps. 1e-12 relative slack for rounding.
     */
    @Property(tries = 40)
    @Tag("metrics.definitions")
    void kineticEnergyIsALowerBoundThatRefinementRaises(@ForAll @IntRange(min = 1, max = 20) int steps,
                                                        @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor a = Tensor.randn(3, 2, rng);
        Tensor b = Tensor.randn(3, 2, rng);
        Tensor c = Tensor.randn(3, 2, rng);
        double w = 1 + 5 * rng.nextDouble();
        double coarse = KineticEnergy.of(sampled(a, b, c, w, steps), 1.0).value();
        double fine = KineticEnergy.of(sampled(a, b, c, w, 2 * steps), 1.0).value();
        double finest = KineticEnergy.of(sampled(a, b, c, w, 4096), 1.0).value();
        assertTrue(coarse <= fine * (1 + 1e-12), coarse + " > " + fine);
        assertTrue(fine <= finest * (1 + 1e-12), fine + " > " + finest);
    }

    private static List<Tensor> sampled(Tensor a, Tensor b, Tensor c, double w, int steps) {
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k <= steps; k++) {
            double t = (double) k / steps;
            out.add(a.add(b.scale(t)).add(c.scale(Math.sin(w * t))));
        }
        return out;
    }

    /**
     * Inversion error is E|S(T(x)) - x|^2: 0 for an exact round trip, quadratic in the size of a
     * perturbation (err(x, x + e delta) = e^2 err(x, x + delta), to 1e-12 relative).
     */
    @Property(tries = 40)
    @Tag("metrics.definitions")
    void inversionErrorIsTheMeanSquaredRoundTripDistance(@ForAll @IntRange(min = 1, max = 5) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = Tensor.randn(10, d, rng);
        Tensor delta = Tensor.randn(10, d, rng);
        double e = Math.exp(3 * rng.nextDouble() - 1.5);
        assertEquals(0.0, InversionError.of(x, x).value());
        double base = InversionError.of(Tensor.zeros(10, d), delta).value();
        assertEquals(delta.square().rowSums().mean().item(), base, 1e-12 * base);
        double scaled = InversionError.of(x, x.add(delta.scale(e))).value();
        assertEquals(e * e * base, scaled, 1e-9 * e * e * base);
    }

    /**
     * KL(N(m1, S1) | N(m2, S2)) = 1/2 [tr(S2^-1 S1) + (m2 - m1)^T S2^-1 (m2 - m1) - d + ln(det S2 / det S1)]:
     * the Monte Carlo estimate from 20 000 samples of p is within 5 of its own standard errors of
     * the closed form (CLT; spurious failure probability 6e-7 per try).
     */
    @Property(tries = 30)
    @Tag("metrics.definitions")
    void klEstimateConvergesToTheGaussianClosedForm(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] m1 = new double[d];
        double[] m2 = new double[d];
        for (int i = 0; i < d; i++) {
            m1[i] = rng.nextGaussian();
            m2[i] = rng.nextGaussian();
        }
        double[][] s1 = MixtureGen.spd(MixtureGen.spectrum(d, -0.5, 0.5, rng), rng);
        double[][] s2 = MixtureGen.spd(MixtureGen.spectrum(d, -0.5, 0.5, rng), rng);
        GaussianMixture p = GaussianMixture.single(m1, s1);
        GaussianMixture q = GaussianMixture.single(m2, s2);
        DMatrixRMaj a = new DMatrixRMaj(s1);
        DMatrixRMaj b = new DMatrixRMaj(s2);
        DMatrixRMaj bi = new DMatrixRMaj(d, d);
        CommonOps_DDRM.invert(b, bi);
        DMatrixRMaj bia = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(bi, a, bia);
        double quad = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                quad += (m2[i] - m1[i]) * bi.get(i, j) * (m2[j] - m1[j]);
            }
        }
        double exact = 0.5 * (CommonOps_DDRM.trace(bia) + quad - d + Math.log(CommonOps_DDRM.det(b) / CommonOps_DDRM.det(a)));
        Measurement kl = KlDivergence.estimate(p::logDensity, q::logDensity, p.sample(20_000, rng));
        assertEquals(exact, kl.value(), 5 * kl.standardError());
        assertEquals(KlDivergence.DEFINITION, kl.definition());
    }

    /**
     * Change of variables: for the affine flow T(x) = L^-1 (x - mu) (S = L L^T) with
     * log|det grad T| = -sum log L_ii, the NLL from (T(x), log det) equals the exact NLL of
     * N(mu, S) computed from the mixture's log-density, to 1e-10 relative.
     */
    @Property(tries = 40)
    @Tag("metrics.definitions")
    void nllOfAnAffineFlowIsTheGaussianNll(@ForAll @IntRange(min = 1, max = 4) int d, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] mu = new double[d];
        double[] l = new double[d * d];
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            mu[i] = rng.nextGaussian();
            for (int j = 0; j < i; j++) {
                l[i * d + j] = 0.5 * rng.nextGaussian();
            }
            l[i * d + i] = Math.exp(rng.nextGaussian());
            logDet += Math.log(l[i * d + i]);
        }
        Tensor lt = Tensor.wrap(d, d, l);
        double[][] s = lt.matmulTranspose(lt).toRows();
        GaussianMixture p = GaussianMixture.single(mu, s);
        Tensor x = p.sample(50, rng);
        // z = L^-1 (x - mu) by forward substitution, row by row
        double[] xs = x.toArray();
        double[] z = new double[xs.length];
        for (int r = 0; r < 50; r++) {
            for (int i = 0; i < d; i++) {
                double v = xs[r * d + i] - mu[i];
                for (int j = 0; j < i; j++) {
                    v -= l[i * d + j] * z[r * d + j];
                }
                z[r * d + i] = v / l[i * d + i];
            }
        }
        double viaFlow = NegativeLogLikelihood.fromTransport(Tensor.wrap(50, d, z), Tensor.filled(50, 1, -logDet)).value();
        double exact = NegativeLogLikelihood.fromLogDensities(p.logDensity(x)).value();
        assertEquals(exact, viaFlow, 1e-10 * (1 + Math.abs(exact)));
    }

    /**
     * Straightness is 1 on straight paths and in (0, 1] on polygons. Cases of the catalogue's one
     * definition ({@code MetricChecks.straightness}): its generator, predicate, bound and
     * tolerance, the same as {@code otto verify --only metrics.straightness}.
     */
    @Property(tries = 160)
    @Tag("metrics.straightness")
    void straightnessOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index, @ForAll long seed) {
        StatementCases.assertHolds("metrics.straightness", index, seed);
    }
}
