package dev.otto.theory.interpolation;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.interpolation.GaussianMixtureVelocity;
import dev.otto.flows.interpolation.Schedule;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Generated targets, times and points for the interpolation statements of MATH.md section 5, shared
 * by the property suite and the theorem catalog, and the single-Gaussian endpoint oracle.
 */
public final class InterpGen {

    public static final List<Schedule> SCHEDULES = List.of(Schedule.linear(), Schedule.trigonometric(), Schedule.follmer(),
            Schedule.variancePreserving(2.0));

    private InterpGen() {
    }

    public static Schedule schedule(int i) {
        return SCHEDULES.get(Math.floorMod(i, SCHEDULES.size()));
    }

    /** A random orthogonal matrix (Q of a Gaussian matrix). */
    public static DMatrixRMaj orthogonal(int d, SplittableRandom rng) {
        return dev.otto.theory.RandomMatrices.orthogonal(d, rng);
    }

    /** U diag(e) U^T, symmetrised. */
    public static double[][] spd(double[] e, SplittableRandom rng) {
        return dev.otto.theory.RandomMatrices.spd(e, rng);
    }

    /** Eigenvalues 10^u, u uniform in [lo, hi], with the extremes lo and hi both present when d >= 2. */
    public static double[] spectrum(int d, double lo, double hi, SplittableRandom rng) {
        double[] e = new double[d];
        for (int i = 0; i < d; i++) {
            e[i] = Math.pow(10, i == 0 ? lo : i == 1 ? hi : lo + (hi - lo) * rng.nextDouble());
        }
        return e;
    }

    /** A value 10^u with u uniform in [lo, hi] and a random sign. */
    public static double logUniform(double lo, double hi, SplittableRandom rng) {
        return (rng.nextBoolean() ? 1 : -1) * Math.pow(10, lo + (hi - lo) * rng.nextDouble());
    }

    /** A target: weights, means, covariances (arrays) and, optionally, one shared covariance. */
    public record Target(double[] weights, double[][] means, double[][][] covariances) {
        public GaussianMixtureVelocity velocity(Schedule s) {
            return GaussianMixtureVelocity.of(weights, means, covariances, s);
        }

        public int dimension() {
            return means[0].length;
        }

        /** The largest distance between two means. */
        public double meanDiameter() {
            double m = 0;
            for (double[] a : means) {
                for (double[] b : means) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += (a[i] - b[i]) * (a[i] - b[i]);
                    }
                    m = Math.max(m, Math.sqrt(s));
                }
            }
            return m;
        }
    }

    /**
     * K components: weights 10^-u (u in [0, weightDecades]: near-degenerate weights), mean entries of
     * magnitude 10^[meanLo, meanHi] with random signs, covariance spectra 10^[lo, hi] (one shared
     * covariance when {@code shared}).
     */
    public static Target mixture(int d, int k, double meanLo, double meanHi, double lo, double hi, double weightDecades,
                          boolean shared, SplittableRandom rng) {
        double[] w = new double[k];
        double[][] mu = new double[k][d];
        double[][][] cov = new double[k][][];
        double[][] common = spd(spectrum(d, lo, hi, rng), rng);
        for (int j = 0; j < k; j++) {
            w[j] = Math.pow(10, -weightDecades * rng.nextDouble());
            for (int i = 0; i < d; i++) {
                mu[j][i] = logUniform(meanLo, meanHi, rng);
            }
            cov[j] = shared ? common : spd(spectrum(d, lo, hi, rng), rng);
        }
        return new Target(w, mu, cov);
    }

    /** Times reaching both ends: 0, 1e-9, 1 - 10^-j, 1, and uniform ones. */
    public static double time(int which, SplittableRandom rng) {
        return switch (Math.floorMod(which, 8)) {
            case 0 -> 0.0;
            case 1 -> 1e-9;
            case 2 -> 1.0;
            case 3 -> 1 - Math.pow(10, -(1 + 8 * rng.nextDouble()));
            default -> rng.nextDouble();
        };
    }

    /** n points: x = b mu_k + sqrt(a^2 + b^2 spread) g with a random component, and some far out (|x| ~ 20 scale). */
    public static Tensor points(Target target, Schedule s, double t, int n, SplittableRandom rng) {
        int d = target.dimension();
        double b = s.b(t);
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] mu = target.means()[rng.nextInt(target.means().length)];
            double scale = i % 4 == 3 ? 20 : 1;
            for (int j = 0; j < d; j++) {
                double sd = Math.sqrt(s.a(t) * s.a(t) + b * b * target.covariances()[0][j][j]) + 1e-3;
                out[i * d + j] = b * mu[j] + scale * sd * rng.nextGaussian();
            }
        }
        return Tensor.wrap(n, d, out);
    }

    /** Eigenvalues (ascending) of the symmetric part of a square matrix. */
    public static double[] symmetricEigenvalues(double[][] j) {
        int d = j.length;
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                m.set(r, c, 0.5 * (j[r][c] + j[c][r]));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        eig.decompose(m);
        double[] e = new double[d];
        for (int i = 0; i < d; i++) {
            e[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(e);
        return e;
    }

    /** S^1/2 by the symmetric eigen-decomposition. */
    public static double[][] sqrtm(double[][] s) {
        int d = s.length;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        eig.decompose(new DMatrixRMaj(s));
        double[][] r = new double[d][d];
        for (int k = 0; k < d; k++) {
            double l = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    r[i][j] += l * v.get(i, 0) * v.get(j, 0);
                }
            }
        }
        return r;
    }

    /**
     * The single-Gaussian endpoint oracle (MATH.md section 5): mu + S^1/2 z per row of z, for the
     * target's first component.
     */
    public static Tensor affine(Target g, Tensor z) {
        int d = g.dimension();
        double[][] r = sqrtm(g.covariances()[0]);
        double[] out = new double[z.size()];
        for (int n = 0; n < z.rows(); n++) {
            for (int i = 0; i < d; i++) {
                double s = g.means()[0][i];
                for (int j = 0; j < d; j++) {
                    s += r[i][j] * z.get(n, j);
                }
                out[n * d + i] = s;
            }
        }
        return Tensor.wrap(z.rows(), d, out);
    }

    /** max_i |a_i - b_i| over all entries. */
    public static double error(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs(a.toArray()[i] - b.toArray()[i]));
        }
        return m;
    }

    /** max_i |a_i|. */
    public static double maxAbs(Tensor a) {
        double m = 0;
        for (double x : a.toArray()) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
