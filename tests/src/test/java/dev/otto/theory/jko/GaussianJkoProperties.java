package dev.otto.theory.jko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.flows.jko.GaussianJko;
import dev.otto.flows.jko.GaussianJko.Gaussian;
import dev.otto.ot.GaussianW2;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * MATH.md section 4, the closed-form JKO step for Gaussians (seed paper 1, Theorem 4.3 and its
 * Gaussian example): it is the minimiser of KL(rho | q) + W2^2(rho, p_k) / (2h), it decays
 * W2^2(., q) at least by the factor 1/(1 + h), and q is its fixed point.
 */
class GaussianJkoProperties {

    /** A Gaussian with a random mean and a covariance whose eigenvalues span [10^-logSpread, 10^logSpread]. */
    static Gaussian generate(int d, double meanScale, double logSpread, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            lambda[i] = Math.pow(10, logSpread == 0 ? 0 : d == 1 ? rng.nextDouble(-logSpread, logSpread)
                    : -logSpread + 2 * logSpread * i / (d - 1.0));
        }
        DMatrixRMaj s = dev.otto.theory.RandomMatrices.spdMatrix(lambda, rng);
        double[] m = new double[d];
        for (int i = 0; i < d; i++) {
            m[i] = meanScale * rng.nextGaussian();
        }
        return new Gaussian(m, s);
    }

    static void symmetrise(DMatrixRMaj s) {
        for (int i = 0; i < s.numRows; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (s.get(i, j) + s.get(j, i));
                s.set(i, j, v);
                s.set(j, i, v);
            }
        }
    }

    static double[][] rows(DMatrixRMaj m) {
        double[][] r = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                r[i][j] = m.get(i, j);
            }
        }
        return r;
    }

    static double w2SquaredToStandard(Gaussian p) {
        Gaussian q = Gaussian.standard(p.dimension());
        return GaussianW2.w2Squared(p.mean(), rows(p.covariance()), q.mean(), rows(q.covariance()));
    }

    /** KL(N(m, S) | N(0, I)) = (tr S + |m|^2 - d - log det S) / 2. */
    static double klToStandard(Gaussian p) {
        DMatrixRMaj s = p.covariance();
        double m2 = 0;
        for (double v : p.mean()) {
            m2 += v * v;
        }
        return 0.5 * (CommonOps_DDRM.trace(s) + m2 - p.dimension() - Math.log(CommonOps_DDRM.det(s)));
    }

    @Provide
    Arbitrary<Double> stepSizes() {
        return Arbitraries.of(1e-3, 0.05, 0.25, 0.5, 1.0, 4.0, 100.0);
    }

    @Provide
    Arbitrary<Double> spreads() {
        return Arbitraries.of(0.0, 1.0, 2.0, 3.0);
    }

    /**
     * Theorem 4.3 for exact steps: W2^2(p_{k+1}, q) <= W2^2(p_k, q) / (1 + h). Both sides come from the
     * Bures formula (EJML eigen-decompositions), accurate to about 1e-12 relative at the condition
     * numbers generated here (up to 1e6), hence the tolerance 1e-9 relative plus 1e-12 absolute.
     */
    @Property(tries = 200)
    void eachExactStepContractsTheSquaredDistanceToTheTarget(@ForAll @IntRange(min = 1, max = 4) int d,
                                                             @ForAll("stepSizes") double h,
                                                             @ForAll("spreads") double spread,
                                                             @ForAll long seed) {
        Gaussian p = generate(d, 3.0, spread, seed);
        Gaussian next = GaussianJko.step(p, h);
        double before = w2SquaredToStandard(p);
        double after = w2SquaredToStandard(next);
        assertTrue(after <= before / (1 + h) * (1 + 1e-9) + 1e-12,
                () -> "W2^2 went from " + before + " to " + after + ", bound " + before / (1 + h));
    }

    /** The target q = N(0, I) is a fixed point of every step (to rounding). */
    @Property(tries = 50)
    void theTargetIsAFixedPoint(@ForAll @IntRange(min = 1, max = 5) int d, @ForAll("stepSizes") double h) {
        Gaussian next = GaussianJko.step(Gaussian.standard(d), h);
        assertTrue(w2SquaredToStandard(next) < 1e-24, () -> "step moved q by " + w2SquaredToStandard(next));
    }

    /**
     * The formula is the minimiser of the JKO objective KL(rho | q) + W2^2(rho, p_k) / (2h) over
     * Gaussians: every generated perturbation of the closed-form step (mean and covariance, the latter
     * kept symmetric positive definite) has an objective at least as large. Tolerance 1e-10 relative:
     * the objective is evaluated in closed form.
     */
    @Property(tries = 200)
    void theClosedFormStepMinimisesTheJkoObjective(@ForAll @IntRange(min = 1, max = 3) int d,
                                                   @ForAll("stepSizes") double h, @ForAll("spreads") double spread,
                                                   @ForAll long seed) {
        Gaussian p = generate(d, 2.0, Math.min(spread, 2.0), seed);
        Gaussian best = GaussianJko.step(p, h);
        double bestValue = objective(best, p, h);
        SplittableRandom rng = new SplittableRandom(seed ^ 77);
        for (int k = 0; k < 10; k++) {
            double size = Math.pow(10, rng.nextDouble(-4, -1));
            double[] m = best.mean();
            for (int i = 0; i < d; i++) {
                m[i] += size * rng.nextGaussian();
            }
            DMatrixRMaj e = new DMatrixRMaj(d, d);
            for (int i = 0; i < d * d; i++) {
                e.data[i] = size * rng.nextGaussian();
            }
            DMatrixRMaj s = best.covariance();
            // S + E S + S E^T stays close to S and symmetric; skip it if it left the cone
            DMatrixRMaj es = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(e, best.covariance(), es);
            CommonOps_DDRM.addEquals(s, es);
            CommonOps_DDRM.addEquals(s, CommonOps_DDRM.transpose(es, null));
            symmetrise(s);
            if (CommonOps_DDRM.det(s) <= 0) {
                continue;
            }
            double value = objective(new Gaussian(m, s), p, h);
            assertTrue(value >= bestValue - 1e-10 * Math.max(1, Math.abs(bestValue)),
                    () -> "perturbation lowered the JKO objective from " + bestValue + " to " + value);
        }
    }

    private static double objective(Gaussian rho, Gaussian p, double h) {
        double w2 = GaussianW2.w2Squared(rho.mean(), rows(rho.covariance()), p.mean(), rows(p.covariance()));
        return klToStandard(rho) + w2 / (2 * h);
    }

    /** N steps with the reference schedule obey the product bound W2^2(p_N, q) <= W2^2(p_0, q) prod (1 + h_k)^-1. */
    @Property(tries = 50)
    void theProductBoundHoldsAlongTheReferenceSchedule(@ForAll @IntRange(min = 1, max = 4) int d,
                                                       @ForAll("spreads") double spread, @ForAll long seed) {
        Gaussian p0 = generate(d, 5.0, spread, seed);
        double[] h = dev.otto.flows.jko.JkoConfig.geometricSteps(8, 0.25, 1.4);
        Gaussian[] path = GaussianJko.trajectory(p0, h);
        double bound = w2SquaredToStandard(p0);
        for (int k = 0; k < h.length; k++) {
            bound /= 1 + h[k];
            double measured = w2SquaredToStandard(path[k + 1]);
            assertTrue(measured <= bound * (1 + 1e-8) + 1e-12, "block " + (k + 1) + ": " + measured + " > " + bound);
        }
        assertEquals(0.0, w2SquaredToStandard(GaussianJko.step(Gaussian.standard(d), 0.5)), 1e-24);
    }
}
