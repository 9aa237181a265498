package dev.otto.flows.certificate;

import dev.otto.autodiff.Tensor;

/**
 * The scale of the held-out data a certificate measures against, so every bound is relative to
 * the case and not an absolute number.
 *
 * @param maxNorm      max_i |x_i| over the held-out samples
 * @param secondMoment E|x|^2 over them
 * @param dimension    d
 */
public record DataScale(double maxNorm, double secondMoment, int dimension) {

    /**
     * One part in 10^4 of the data's second moment: the largest mean-square discrepancy (an
     * inversion error, a disagreement of two integrations of one map) a certificate accepts, i.e. a
     * root-mean-square error of 1% of the data's own radius. An error this small moves samples far
     * less than the W2 estimator resolves at the certificate's sample size (its floor, about 0.02 to
     * 0.05 for 1000 two-dimensional samples), so no sample figure can be changed by it; the good
     * runs of the seed experiments sit several decades lower (below 1e-6 absolute).
     */
    public static final double RELATIVE_MEAN_SQUARE = 1e-4;

    /**
     * How far past sqrt(d) the noise's norm may reach in {@link #sampleRadius}: by the Gaussian
     * concentration of the norm, P(|z| &gt;= sqrt(d) + r) &lt;= exp(-r^2 / 2), below 4e-6 for r = 5.
     */
    public static final double NOISE_MARGIN = 5.0;

    /** The scale of the rows of x (n x d, finite). */
    public static DataScale of(Tensor x) {
        double max = 0;
        double sum = 0;
        for (double[] r : x.toRows()) {
            double s = 0;
            for (double v : r) {
                s += v * v;
            }
            sum += s;
            max = Math.max(max, Math.sqrt(s));
        }
        return new DataScale(max, sum / x.rows(), x.cols());
    }

    /**
     * The radius every generated sample must lie within: 2 max|x| + sqrt(d) + 5. A flow transports
     * noise onto the data, so its samples belong near the data's support (radius max|x|); twice that
     * radius allows for the tails a finite held-out set has not seen, and sqrt(d) + 5 for the noise a
     * barely trained flow has not yet moved (see {@link #NOISE_MARGIN}). A sample beyond it is
     * nowhere near either distribution: the symptom of a stiff or diverged field.
     */
    public double sampleRadius() {
        return 2 * maxNorm + Math.sqrt(dimension) + NOISE_MARGIN;
    }

    /** {@link #RELATIVE_MEAN_SQUARE} times E|x|^2. */
    public double meanSquareTolerance() {
        return RELATIVE_MEAN_SQUARE * secondMoment;
    }
}
