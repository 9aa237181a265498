package dev.otto.flows.data;

import dev.otto.autodiff.Tensor;
import java.util.Locale;

/**
 * The range of data a model's float64 arithmetic survives, checked before any training or
 * evaluation so bad data are refused with a clear message instead of ending in an overflow deep in
 * a solver. Every coordinate must be finite, and every |x_i| at most {@value #MAX_NORM}: the flows
 * square norms (the potential |x|^2/2, W2 costs |x - y|^2, kernels), and a square overflows float64
 * (about 1.8e308) beyond |x| ~ 1.3e154; 1e150 keeps four decades for the sums over samples and
 * coordinates and for the networks' products on top.
 */
public final class DataRange {

    /** The largest norm of a sample the models accept. */
    public static final double MAX_NORM = 1e150;

    private DataRange() {
    }

    /**
     * Checks the rows of x.
     *
     * @throws IllegalArgumentException naming {@code source}, the offending row and the problem
     */
    public static void check(String source, Tensor x) {
        double[][] rows = x.toRows();
        for (int i = 0; i < rows.length; i++) {
            double max = 0;
            for (int j = 0; j < rows[i].length; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(source + ": row " + (i + 1) + ", column " + (j + 1) + " is " + v
                            + "; data must be finite");
                }
                max = Math.max(max, Math.abs(v));
            }
            if (max > MAX_NORM / Math.sqrt(rows[i].length)) {
                throw new IllegalArgumentException(source + ": row " + (i + 1) + " has a coordinate of magnitude "
                        + String.format(Locale.ROOT, "%.3g", max) + ", out of range: the models accept |x| up to 1e150 (squares of"
                        + " larger values overflow float64): rescale the data");
            }
        }
    }
}
