package dev.otto.flows.data;

import dev.otto.autodiff.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A Gaussian mixture nu = sum_k pi_k N(mu_k, S_k) on R^d with full covariance matrices: the
 * closed-form targets of MATH.md section 5 ("Gaussian-mixture targets ... the oracle") and the
 * known data density p of the KL metric (section 7).
 *
 * <p>With S_k = L_k L_k^T (Cholesky, computed once with EJML) and v_k = L_k^-1 (x - mu_k):
 * <pre>
 *   log N(x; mu_k, S_k) = -d/2 log(2 pi) - sum_i log (L_k)_ii - |v_k|^2 / 2
 *   log p(x)            = LSE_k ( log pi_k + log N(x; mu_k, S_k) )
 *   grad log p(x)       = - sum_k w_k(x) S_k^-1 (x - mu_k),   S_k^-1 (x - mu_k) = L_k^-T v_k,
 *   w_k(x)              = pi_k N(x; mu_k, S_k) / p(x)   (posterior responsibilities)
 * </pre>
 * The log-sum-exp is shifted by its largest term, so densities far in the tails (log p of -1e5)
 * stay finite and the score stays exact there. Sampling: component k with probability pi_k, then
 * mu_k + L_k g with g ~ N(0, I_d).
 *
 * <p>Weights must be finite and nonnegative with a positive sum; they are normalised to sum 1.
 * Zero weights are allowed (the component never contributes). Covariances must be symmetric (up to
 * 1e-10 relative) and positive definite; otherwise the constructor names the component and the
 * smallest eigenvalue. Results are constants: they are not recorded on an autodiff tape.
 */
public final class GaussianMixture implements Sampler {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final String name;
    private final int d;
    private final double[] weights;
    private final double[] logWeights;
    private final double[][] means;
    private final double[][] covariances;
    /** Lower Cholesky factors, row-major d x d. */
    private final double[][] chol;
    /** log pi_k - d/2 log 2 pi - log det L_k. */
    private final double[] logNormalisers;
    private final double[] cumulative;

    private GaussianMixture(String name, double[] weights, double[][] means, double[][] covariances, double[][] chol) {
        this.name = name;
        this.d = means[0].length;
        this.weights = weights;
        this.means = means;
        this.covariances = covariances;
        this.chol = chol;
        int k = weights.length;
        this.logWeights = new double[k];
        this.logNormalisers = new double[k];
        this.cumulative = new double[k];
        double c = 0;
        for (int j = 0; j < k; j++) {
            logWeights[j] = Math.log(weights[j]);
            double logDet = 0;
            for (int i = 0; i < d; i++) {
                logDet += Math.log(chol[j][i * d + i]);
            }
            logNormalisers[j] = logWeights[j] - 0.5 * d * LOG_2PI - logDet;
            c += weights[j];
            cumulative[j] = c;
        }
        // from the last component with positive weight on, the cumulative weight is exactly 1, so a
        // uniform draw in [0, 1) always selects a component and never a trailing zero-weight one
        int lastPositive = k - 1;
        while (weights[lastPositive] == 0) {
            lastPositive--;
        }
        for (int j = lastPositive; j < k; j++) {
            cumulative[j] = 1.0;
        }
    }

    /**
     * The mixture sum_k weights[k] N(means[k], covariances[k]).
     *
     * @param weights K finite nonnegative weights with a positive sum (normalised here)
     * @param means K vectors of length d
     * @param covariances K symmetric positive-definite d x d matrices (row arrays)
     * @throws IllegalArgumentException naming the argument, the expected and the actual value
     */
    public static GaussianMixture of(double[] weights, double[][] means, double[][][] covariances) {
        if (weights == null || means == null || covariances == null) {
            throw new IllegalArgumentException("weights, means, covariances: expected arrays, got null");
        }
        int k = weights.length;
        if (k == 0) {
            throw new IllegalArgumentException("weights: expected at least one component, got 0");
        }
        if (means.length != k) {
            throw new IllegalArgumentException("means: expected " + k + " means (one per weight), got " + means.length);
        }
        if (covariances.length != k) {
            throw new IllegalArgumentException("covariances: expected " + k + " matrices (one per weight), got "
                    + covariances.length);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            if (!(weights[j] >= 0) || !Double.isFinite(weights[j])) {
                throw new IllegalArgumentException("weights[" + j + "]: expected a finite nonnegative value, got "
                        + weights[j]);
            }
            sum += weights[j];
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw new IllegalArgumentException("weights: expected a positive finite sum, got " + sum);
        }
        if (means[0] == null || means[0].length == 0) {
            throw new IllegalArgumentException("means[0]: expected a vector of positive length, got "
                    + (means[0] == null ? "null" : "length 0"));
        }
        int d = means[0].length;
        double[] w = new double[k];
        double[][] mu = new double[k][];
        double[][] cov = new double[k][];
        double[][] l = new double[k][];
        for (int j = 0; j < k; j++) {
            w[j] = weights[j] / sum;
            if (means[j] == null || means[j].length != d) {
                throw new IllegalArgumentException("means[" + j + "]: expected length " + d + ", got "
                        + (means[j] == null ? "null" : means[j].length));
            }
            for (int i = 0; i < d; i++) {
                if (!Double.isFinite(means[j][i])) {
                    throw new IllegalArgumentException("means[" + j + "][" + i + "]: expected a finite value, got "
                            + means[j][i]);
                }
            }
            mu[j] = means[j].clone();
            cov[j] = checkedCovariance(j, covariances[j], d);
            l[j] = cholesky(j, cov[j], d);
        }
        return new GaussianMixture("GaussianMixture", w, mu, cov, l);
    }

    /** sum_k weights[k] N(means[k], sigma^2 I). */
    public static GaussianMixture isotropic(double[] weights, double[][] means, double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma: expected a positive finite standard deviation, got " + sigma);
        }
        if (means == null || means.length == 0 || means[0] == null) {
            throw new IllegalArgumentException("means: expected at least one mean vector, got none");
        }
        int d = means[0].length;
        double[][][] covs = new double[means.length][d][d];
        for (double[][] c : covs) {
            for (int i = 0; i < d; i++) {
                c[i][i] = sigma * sigma;
            }
        }
        return of(weights, means, covs);
    }

    /** The single Gaussian N(mean, covariance). */
    public static GaussianMixture single(double[] mean, double[][] covariance) {
        return of(new double[] {1.0}, new double[][] {mean}, new double[][][] {covariance});
    }

    /** The same mixture under another report name. */
    public GaussianMixture named(String newName) {
        return new GaussianMixture(newName, weights, means, covariances, chol);
    }

    private static double[] checkedCovariance(int j, double[][] s, int d) {
        String arg = "covariances[" + j + "]";
        if (s == null || s.length != d) {
            throw new IllegalArgumentException(arg + ": expected a " + d + "x" + d + " matrix, got "
                    + (s == null ? "null" : s.length + " rows"));
        }
        double[] out = new double[d * d];
        double scale = 0;
        for (int i = 0; i < d; i++) {
            if (s[i] == null || s[i].length != d) {
                throw new IllegalArgumentException(arg + ": expected a " + d + "x" + d + " matrix, row " + i + " has "
                        + (s[i] == null ? "null" : s[i].length + " entries"));
            }
            for (int c = 0; c < d; c++) {
                if (!Double.isFinite(s[i][c])) {
                    throw new IllegalArgumentException(arg + "[" + i + "][" + c + "]: expected a finite value, got "
                            + s[i][c]);
                }
                scale = Math.max(scale, Math.abs(s[i][c]));
            }
        }
        for (int i = 0; i < d; i++) {
            for (int c = 0; c < d; c++) {
                if (Math.abs(s[i][c] - s[c][i]) > 1e-10 * scale) {
                    throw new IllegalArgumentException(arg + ": expected a symmetric matrix, got entry (" + i + "," + c
                            + ") = " + s[i][c] + " but (" + c + "," + i + ") = " + s[c][i]);
                }
                out[i * d + c] = 0.5 * (s[i][c] + s[c][i]);
            }
        }
        return out;
    }

    private static double[] cholesky(int j, double[] s, int d) {
        DMatrixRMaj a = new DMatrixRMaj(d, d, true, s.clone());
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        boolean ok = chol.decompose(a);
        double[] l = null;
        if (ok) {
            DMatrixRMaj t = chol.getT(null);
            l = new double[d * d];
            for (int r = 0; r < d; r++) {
                for (int c = 0; c <= r; c++) {
                    l[r * d + c] = t.get(r, c);
                }
                double diag = l[r * d + r];
                if (!(diag > 0) || !Double.isFinite(diag)) {
                    ok = false;
                }
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("covariances[" + j + "]: expected a positive-definite matrix, got one"
                    + " whose smallest eigenvalue is " + smallestEigenvalue(s, d) + " (Cholesky factorisation failed)");
        }
        return l;
    }

    private static double smallestEigenvalue(double[] s, int d) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(new DMatrixRMaj(d, d, true, s.clone()))) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            min = Math.min(min, eig.getEigenvalue(i).getReal());
        }
        return min;
    }

    // ---------------------------------------------------------------- accessors

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public String name() {
        return name;
    }

    /** K, the number of components. */
    public int components() {
        return weights.length;
    }

    /** The normalised weights pi_k (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** mu_k (a copy). */
    public double[] mean(int k) {
        return means[k].clone();
    }

    /** S_k (a copy, as rows; symmetrised). */
    public double[][] covariance(int k) {
        return toRows(covariances[k]);
    }

    /** The mixture's mean sum_k pi_k mu_k. */
    public double[] mean() {
        double[] m = new double[d];
        for (int k = 0; k < weights.length; k++) {
            for (int i = 0; i < d; i++) {
                m[i] += weights[k] * means[k][i];
            }
        }
        return m;
    }

    /** The mixture's covariance sum_k pi_k (S_k + mu_k mu_k^T) - m m^T (law of total covariance). */
    public double[][] covariance() {
        double[] m = mean();
        double[] c = new double[d * d];
        for (int k = 0; k < weights.length; k++) {
            for (int i = 0; i < d; i++) {
                double di = means[k][i] - m[i];
                for (int j = 0; j < d; j++) {
                    c[i * d + j] += weights[k] * (covariances[k][i * d + j] + di * (means[k][j] - m[j]));
                }
            }
        }
        return toRows(c);
    }

    private double[][] toRows(double[] a) {
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(a, i * d, r[i], 0, d);
        }
        return r;
    }

    // ---------------------------------------------------------------- density and score

    /**
     * log p(x) for each row of x (n x 1), in nats.
     *
     * @throws IllegalArgumentException if x is not n x d
     */
    public Tensor logDensity(Tensor x) {
        checkInput(x);
        int n = x.rows();
        double[] xs = x.toArray();
        double[] out = new double[n];
        double[] v = new double[d];
        double[] terms = new double[weights.length];
        for (int r = 0; r < n; r++) {
            out[r] = logTerms(xs, r * d, v, terms, null);
        }
        return Tensor.wrap(n, 1, out);
    }

    /**
     * The score grad_x log p(x) for each row of x (n x d).
     *
     * @throws IllegalArgumentException if x is not n x d
     */
    public Tensor score(Tensor x) {
        checkInput(x);
        int n = x.rows();
        int k = weights.length;
        double[] xs = x.toArray();
        double[] out = new double[n * d];
        double[] v = new double[d];
        double[] terms = new double[k];
        double[][] whitened = new double[k][d];
        for (int r = 0; r < n; r++) {
            double lse = logTerms(xs, r * d, v, terms, whitened);
            for (int j = 0; j < k; j++) {
                if (terms[j] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double resp = Math.exp(terms[j] - lse);
                // S^-1 (x - mu) = L^-T v: back substitution with the transpose of L
                double[] l = chol[j];
                double[] y = whitened[j];
                for (int i = d - 1; i >= 0; i--) {
                    double s = y[i];
                    for (int c = i + 1; c < d; c++) {
                        s -= l[c * d + i] * v[c];
                    }
                    v[i] = s / l[i * d + i];
                }
                for (int i = 0; i < d; i++) {
                    out[r * d + i] -= resp * v[i];
                }
            }
        }
        return Tensor.wrap(n, d, out);
    }

    /**
     * Fills terms[k] = log pi_k + log N(x; mu_k, S_k) for the row at xs[off..off+d) and returns their
     * log-sum-exp. When whitened is not null, stores v_k = L_k^-1 (x - mu_k) in whitened[k].
     */
    private double logTerms(double[] xs, int off, double[] v, double[] terms, double[][] whitened) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < weights.length; j++) {
            if (weights[j] == 0) {
                terms[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double[] l = chol[j];
            double[] mu = means[j];
            double q = 0;
            for (int i = 0; i < d; i++) {
                double s = xs[off + i] - mu[i];
                for (int c = 0; c < i; c++) {
                    s -= l[i * d + c] * v[c];
                }
                v[i] = s / l[i * d + i];
                q += v[i] * v[i];
            }
            if (whitened != null) {
                System.arraycopy(v, 0, whitened[j], 0, d);
            }
            terms[j] = logNormalisers[j] - 0.5 * q;
            max = Math.max(max, terms[j]);
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        double s = 0;
        for (double t : terms) {
            s += Math.exp(t - max);
        }
        return max + Math.log(s);
    }

    private void checkInput(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("x: expected an n x " + d + " tensor, got null");
        }
        if (x.cols() != d) {
            throw new IllegalArgumentException("x: expected n x " + d + ", got " + x.shape());
        }
    }

    // ---------------------------------------------------------------- sampling

    @Override
    public Tensor sample(int n, RandomGenerator rng) {
        Sampler.checkArguments(n, rng);
        double[] out = new double[n * d];
        double[] g = new double[d];
        for (int r = 0; r < n; r++) {
            double u = rng.nextDouble();
            int k = 0;
            while (k < cumulative.length - 1 && !(u < cumulative[k])) {
                k++;
            }
            for (int i = 0; i < d; i++) {
                g[i] = rng.nextGaussian();
            }
            double[] l = chol[k];
            for (int i = 0; i < d; i++) {
                double s = means[k][i];
                for (int c = 0; c <= i; c++) {
                    s += l[i * d + c] * g[c];
                }
                out[r * d + i] = s;
            }
        }
        return Tensor.wrap(n, d, out);
    }

    @Override
    public String toString() {
        return "GaussianMixture[" + name + ", d=" + d + ", K=" + weights.length + ", weights="
                + Arrays.toString(weights) + "]";
    }
}
