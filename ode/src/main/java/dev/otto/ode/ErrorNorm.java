package dev.otto.ode;

import dev.otto.autodiff.Tensor;

/**
 * The scaled error norm of adaptive step control, on the primary state only (MATH.md section 3;
 * Hipparchus ignores secondary equations for the same reason: the steps, hence the results on x,
 * must not depend on what is integrated alongside it).
 *
 * <p>For an error vector e and states y0, y1 the scaled entries are
 * e_ij / (atol + rtol max(|y0_ij|, |y1_ij|)); each sample (row) gets the root mean square of its
 * entries (Hairer's norm) and the batch gets the <em>maximum</em> over samples. A batch is a set of
 * independent problems: an RMS over all n d entries would let the error of one sample be diluted
 * by the other n - 1 (with n = 2000, one sample could be 40 times over tolerance and be accepted).
 *
 * <p>Computed from the raw values: step-size decisions are not part of the differentiated
 * computation and must not grow the tape.
 */
final class ErrorNorm {

    private ErrorNorm() {
    }

    /** max_i RMS_j ( h sum_s w_s k_s,ij / (atol + rtol max(|y0_ij|, |y1_ij|)) ). */
    static double ofStep(ButcherTableau tableau, RungeKuttaStepper.Step step, double h, Tensor y0, Tensor y1,
                         double rtol, double atol) {
        return scaledMaxRms(step.errorEstimate(tableau, h), y0.toArray(), y1.toArray(), y0.rows(), y0.cols(), rtol,
                atol);
    }

    /** The norm of a given vector e scaled with y0 and y1 (y1 may equal y0). */
    static double scaledMaxRms(double[] e, double[] y0, double[] y1, int rows, int cols, double rtol, double atol) {
        double worst = 0;
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                int idx = i * cols + j;
                double scale = atol + rtol * Math.max(Math.abs(y0[idx]), Math.abs(y1[idx]));
                double r = e[idx] / scale;
                sum += r * r;
            }
            double rms = Math.sqrt(sum / cols);
            if (!(rms <= worst)) {
                worst = rms; // also propagates NaN
            }
        }
        return worst;
    }
}
