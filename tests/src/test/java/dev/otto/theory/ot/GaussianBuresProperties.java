package dev.otto.theory.ot;

import dev.otto.ot.GaussianW2;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MATH.md section 1, "Gaussians": the OT map T(x) = m2 + A (x - m1) pushes N(m1, S1) onto
 * N(m2, S2), i.e. A S1 A = S2 (A symmetric), and its transport cost
 * E|T(X) - X|^2 = |m1 - m2|^2 + tr((A - I) S1 (A - I)) equals the Bures formula W_2^2.
 *
 * <p>Generators: dimension 1..5, covariances Q diag(lambda) Q^T with eigenvalues spread over up to
 * six orders of magnitude (condition number up to 1e6, "near-singular") and an overall scale
 * 1e-3 .. 1e3. Tolerance: the eigen-decomposition is backward stable, so errors are about
 * cond(S1) x 1e-15 relative to |S|; we allow 1e-8 x cond^(1/2) ... bounded by 1e-8 x cond relative.
 */
class GaussianBuresProperties {

    static final class Pair {
        final double[] m1;
        final double[][] s1;
        final double[] m2;
        final double[][] s2;
        final double cond;

        Pair(double[] m1, double[][] s1, double[] m2, double[][] s2, double cond) {
            this.m1 = m1;
            this.s1 = s1;
            this.m2 = m2;
            this.s2 = s2;
            this.cond = cond;
        }

        @Override
        public String toString() {
            return "d=" + m1.length + " cond=" + cond + " s1=" + java.util.Arrays.deepToString(s1) + " s2=" + java.util.Arrays.deepToString(s2);
        }
    }

    @Provide
    Arbitrary<Pair> pairs() {
        return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(-3, 3), Arbitraries.longs())
                .as((d, logCond, logScale, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    double scale = Math.pow(10, logScale);
                    double cond = Math.pow(10, logCond);
                    double[] m1 = new double[d];
                    double[] m2 = new double[d];
                    for (int k = 0; k < d; k++) {
                        m1[k] = scale * rng.nextGaussian();
                        m2[k] = scale * rng.nextGaussian();
                    }
                    return new Pair(m1, covariance(rng, d, scale, cond), m2, covariance(rng, d, scale, cond), cond);
                });
    }

    static double[][] covariance(SplittableRandom rng, int d, double scale, double cond) {
        double[][] q = randomOrthogonal(rng, d);
        double[] lam = new double[d];
        for (int k = 0; k < d; k++) {
            lam[k] = scale * scale * (k == 0 ? 1 : k == d - 1 ? 1 / cond : Math.pow(cond, -rng.nextDouble()));
        }
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += q[i][k] * lam[k] * q[j][k];
                }
                s[i][j] = v;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                s[i][j] = s[j][i];
            }
        }
        return s;
    }

    static double[][] randomOrthogonal(SplittableRandom rng, int d) {
        double[][] q = new double[d][d];
        for (int c = 0; c < d; c++) {
            double[] v = new double[d];
            for (int k = 0; k < d; k++) {
                v[k] = rng.nextGaussian();
            }
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += v[k] * q[k][p];
                }
                for (int k = 0; k < d; k++) {
                    v[k] -= dot * q[k][p];
                }
            }
            double nr = 0;
            for (double t : v) {
                nr += t * t;
            }
            nr = Math.sqrt(nr);
            for (int k = 0; k < d; k++) {
                q[k][c] = v[k] / nr;
            }
        }
        return q;
    }

    static double[][] mul(double[][] a, double[][] b) {
        int d = a.length;
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double norm(double[][] a) {
        double s = 0;
        for (double[] r : a) {
            for (double v : r) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    @Property(tries = 200)
    @Tag("ot.gaussian")
    void mapPushesS1OntoS2(@ForAll("pairs") Pair p) {
        double[][] a = GaussianW2.mapMatrix(p.s1, p.s2);
        double[][] pushed = mul(mul(a, p.s1), a);
        double tol = 1e-9 * p.cond * norm(p.s2);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                assertEquals(p.s2[i][j], pushed[i][j], tol, "A S1 A = S2 at (" + i + "," + j + ")");
                assertEquals(a[i][j], a[j][i], 0.0, "A symmetric");
            }
        }
    }

    @Property(tries = 200)
    @Tag("ot.gaussian")
    void buresFormulaIsTheCostOfTheMap(@ForAll("pairs") Pair p) {
        int d = p.m1.length;
        double[][] a = GaussianW2.mapMatrix(p.s1, p.s2);
        double[][] am = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                am[i][j] = a[i][j] - (i == j ? 1 : 0);
            }
        }
        double[][] q = mul(mul(am, p.s1), am);
        double cost = 0;
        for (int k = 0; k < d; k++) {
            double t = p.m1[k] - p.m2[k];
            cost += t * t + q[k][k];
        }
        double w2 = GaussianW2.w2Squared(p.m1, p.s1, p.m2, p.s2);
        double scale = norm(p.s1) + norm(p.s2);
        assertEquals(cost, w2, 1e-9 * p.cond * scale + 1e-12 * cost);
    }
}
