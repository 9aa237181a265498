package dev.otto.theory.flows;

import dev.otto.flows.data.GaussianMixture;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/** Generated Gaussian mixtures for the properties: rotated covariances with chosen spectra. */
final class MixtureGen {

    private MixtureGen() {
    }

    /** A random orthogonal d x d matrix (Q of the QR factorisation of a Gaussian matrix). */
    static DMatrixRMaj orthogonal(int d, SplittableRandom rng) {
        return dev.otto.theory.RandomMatrices.orthogonal(d, rng);
    }

    /** U diag(eigenvalues) U^T with a random orthogonal U. */
    static double[][] spd(double[] eigenvalues, SplittableRandom rng) {
        return dev.otto.theory.RandomMatrices.spd(eigenvalues, rng);
    }

    /** Eigenvalues 10^u with u uniform in [lo, hi]. */
    static double[] spectrum(int d, double lo, double hi, SplittableRandom rng) {
        double[] e = new double[d];
        for (int i = 0; i < d; i++) {
            e[i] = Math.pow(10, lo + (hi - lo) * rng.nextDouble());
        }
        return e;
    }

    /**
     * K components in R^d: means uniform in [-spread, spread]^d, covariance eigenvalues 10^[lo, hi],
     * weights 10^-u with u uniform in [0, weightDecades] (so some are near-degenerate).
     */
    static GaussianMixture mixture(int d, int k, double spread, double lo, double hi, double weightDecades,
                                   SplittableRandom rng) {
        double[] w = new double[k];
        double[][] mu = new double[k][d];
        double[][][] cov = new double[k][][];
        for (int j = 0; j < k; j++) {
            w[j] = Math.pow(10, -weightDecades * rng.nextDouble());
            for (int i = 0; i < d; i++) {
                mu[j][i] = spread * (2 * rng.nextDouble() - 1);
            }
            cov[j] = spd(spectrum(d, lo, hi, rng), rng);
        }
        return GaussianMixture.of(w, mu, cov);
    }
}
