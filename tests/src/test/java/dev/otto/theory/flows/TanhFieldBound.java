package dev.otto.theory.flows;

import dev.otto.autodiff.nn.Linear;

/**
 * A bound on the speed of a field whose last layer is fed by tanh units: |tanh| &lt;= 1, so each
 * output coordinate j satisfies |f_j| &lt;= sum_i |W_ij| + |b_j| and |f|_2 is at most the Euclidean
 * norm of those sums. A flow of such a field moves no point further than that bound in unit time.
 */
public final class TanhFieldBound {

    private TanhFieldBound() {
    }

    /** |f|_2 &lt;= |(sum_i |W_ij| + |b_j|)_j|_2 for the output layer {@code out}. */
    public static double of(Linear out) {
        double[] w = out.weight().value().toArray();
        double[] b = out.bias().value().toArray();
        int cols = out.out();
        double sum = 0;
        for (int j = 0; j < cols; j++) {
            double c = Math.abs(b[j]);
            for (int i = 0; i < out.in(); i++) {
                c += Math.abs(w[i * cols + j]);
            }
            sum += c * c;
        }
        return Math.sqrt(sum);
    }
}
