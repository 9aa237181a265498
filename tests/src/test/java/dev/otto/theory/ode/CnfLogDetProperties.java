package dev.otto.theory.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.ode.AdaptiveOptions;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.CnfSolution;
import dev.otto.ode.Odeint;
import dev.otto.ode.Trace;
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
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * MATH.md section 3, CNF bookkeeping: d(logdet)/dt = div v, d(kinetic)/dt = |v|^2/2 and
 * log p_t(x(t)) = log p_0(x(0)) - logdet(t) (with section 2: a linear field v(x) = A x has
 * div v = tr(A) exactly).
 */
class CnfLogDetProperties {

    @Provide
    Arbitrary<ButcherTableau> methods() {
        return Arbitraries.of(ButcherTableau.EULER, ButcherTableau.MIDPOINT, ButcherTableau.HEUN, ButcherTableau.RK4,
                ButcherTableau.DORMAND_PRINCE_54);
    }

    @Provide
    Arbitrary<Double> scales() {
        return Arbitraries.oneOf(Arbitraries.of(1e-6, 1.0, 1e6),
                Arbitraries.doubles().between(-6, 6).map(e -> Math.pow(10, e)));
    }

    private static CnfSolution solve(VectorField v, Tensor x0, double t1, ButcherTableau m, int steps, Trace trace) {
        return m.hasEmbedded()
                ? Odeint.cnfAdaptive(v, x0, 0, t1, AdaptiveOptions.tolerances(1e-8, 1e-8), trace)
                : Odeint.cnfFixed(v, x0, 0, t1, steps, m, trace);
    }

    /**
     * Density of a Gaussian pushed by a linear field: x(0) ~ N(m, S), dx/dt = A x (A symmetric,
     * exp(TA) from EJML's eigen-decomposition) gives x(T) ~ N(E m, E S E^T), E = exp(TA). The CNF
     * value log p_0(x(0)) - logdet(T) must equal that closed-form log-density at the computed x(T);
     * and kinetic(T) = sum_k lambda_k^2 c_k^2 (e^{2 lambda_k T} - 1) / (4 lambda_k), c = Q^T x(0).
     * Dormand-Prince at rtol = atol = 1e-10; S with eigenvalues from 1e-2 to 1 (condition 100).
     * Tolerance: the state error, about 1e-10 (1 + |x|), moves the log-density by at most
     * |grad log p_T| times it; 1e-7 (1 + |grad log p_T| (1 + |x|)) leaves a factor 1000. The kinetic
     * energy (a secondary component, not error-controlled but integrated on the same steps with
     * fifth-order weights) within 1e-7 relative.
     */
    @Property(tries = 40)
    @Tag("ode.cnf-logdet")
    void gaussianPushedByALinearFieldHasTheClosedFormDensity(@ForAll @IntRange(min = 1, max = 3) int d,
                                                             @ForAll boolean backward, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) {
            lambda[i] = (rng.nextDouble() - 0.5) * 3;
        }
        DMatrixRMaj q = OdeFixtures.orthogonal(d, rng);
        DMatrixRMaj a = OdeFixtures.symmetric(lambda, q);
        double t1 = (backward ? -1 : 1) * (0.3 + rng.nextDouble());
        double[] sv = new double[d];
        for (int i = 0; i < d; i++) {
            sv[i] = OdeFixtures.logUniform(rng, -1, 0);
        }
        DMatrixRMaj b = OdeFixtures.withSingularValues(sv, rng); // S = B B^T
        DMatrixRMaj cov0 = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(b, b, cov0);
        double[] mean0 = new double[d];
        for (int i = 0; i < d; i++) {
            mean0[i] = rng.nextGaussian();
        }
        int n = 6;
        Tensor z = Tensor.randn(n, d, rng);
        Tensor x0 = OdeFixtures.applyRows(z, b).add(Tensor.of(1, d, mean0));
        CnfSolution s = Odeint.cnfAdaptive(OdeFixtures.linear(a), x0, 0, t1,
                AdaptiveOptions.tolerances(1e-10, 1e-10), Trace.exact());

        DMatrixRMaj e = OdeFixtures.expSymmetric(a, t1);
        DMatrixRMaj covT = new DMatrixRMaj(d, d);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(e, cov0, tmp);
        CommonOps_DDRM.multTransB(tmp, e, covT);
        DMatrixRMaj meanT = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.mult(e, new DMatrixRMaj(d, 1, true, mean0), meanT);
        Gaussian p0 = new Gaussian(new DMatrixRMaj(d, 1, true, mean0), cov0);
        Gaussian pT = new Gaussian(meanT, covT);
        DMatrixRMaj vectors = new DMatrixRMaj(d, d);
        double[] eig = OdeFixtures.eigenSymmetric(a, vectors)[0];
        for (int i = 0; i < n; i++) {
            double[] xi = s.x().row(i);
            double viaCnf = p0.logDensity(x0.row(i)) - s.logDet().get(i, 0);
            double exact = pT.logDensity(xi);
            double score = pT.scoreNorm(xi);
            double tol = 1e-7 * (1 + score * (1 + OdeFixtures.norm(Tensor.of(1, d, xi))));
            assertEquals(exact, viaCnf, tol, "log-density of sample " + i);

            double kinetic = 0;
            double[] x0i = x0.row(i);
            for (int k = 0; k < d; k++) {
                double ck = 0;
                for (int r = 0; r < d; r++) {
                    ck += vectors.get(r, k) * x0i[r];
                }
                double lk = eig[k];
                kinetic += lk == 0 ? 0 : lk * lk * ck * ck * Math.expm1(2 * lk * t1) / (4 * lk);
            }
            assertEquals(kinetic, s.kinetic().get(i, 0), 1e-7 * (Math.abs(kinetic) + 1e-3), "kinetic energy " + i);
        }
        assertTrue(s.solution().acceptedSteps() > 0);
    }

    /** A multivariate normal density through EJML's Cholesky-free symmetric inverse. */
    private static final class Gaussian {
        private final DMatrixRMaj mean;
        private final DMatrixRMaj precision;
        private final double logNorm;

        Gaussian(DMatrixRMaj mean, DMatrixRMaj cov) {
            int d = mean.numRows;
            this.mean = mean;
            this.precision = new DMatrixRMaj(d, d);
            if (!CommonOps_DDRM.invert(cov.copy(), precision)) {
                throw new IllegalStateException("singular covariance");
            }
            this.logNorm = -0.5 * (d * Math.log(2 * Math.PI) + Math.log(CommonOps_DDRM.det(cov)));
        }

        private double[] centred(double[] x) {
            double[] c = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                c[i] = x[i] - mean.get(i, 0);
            }
            return c;
        }

        double logDensity(double[] x) {
            double[] c = centred(x);
            double q = 0;
            for (int i = 0; i < c.length; i++) {
                for (int j = 0; j < c.length; j++) {
                    q += c[i] * precision.get(i, j) * c[j];
                }
            }
            return logNorm - 0.5 * q;
        }

        double scoreNorm(double[] x) {
            double[] c = centred(x);
            double s = 0;
            for (int i = 0; i < c.length; i++) {
                double g = 0;
                for (int j = 0; j < c.length; j++) {
                    g += precision.get(i, j) * c[j];
                }
                s += g * g;
            }
            return Math.sqrt(s);
        }
    }

    /**
     * logdet(T) = T tr(A) for a linear field, for every method and with a fixed Hutchinson probe.
     * Cases of the catalogue's one definition ({@code IntegratorChecks.cnfLogDet}): its generator,
     * predicate, bound and tolerance, the same as {@code otto verify --only ode.cnf-logdet}.
     */
    @Property(tries = 100)
    @Tag("ode.cnf-logdet")
    void linearFieldLogDetOnCatalogueCases(@ForAll @IntRange(min = 0, max = 999) int index,
                                           @ForAll long seed) {
        StatementCases.assertHolds("ode.cnf-logdet", index, seed);
    }
}
