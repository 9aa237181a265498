package dev.otto.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Central finite-difference check of reverse-mode gradients. The function's output is reduced to
 * the scalar L = sum_ij w_ij f_ij with fixed pseudo-random weights w, so every output entry is
 * tested; each input entry is then perturbed by +-h and (L(x + h e) - L(x - h e)) / (2h) compared
 * with the reverse-mode gradient. The truncation error is O(h^2) and the rounding error
 * O(eps |L| / h), balanced near h = 1e-5 for smooth functions of order-one values.
 *
 * <p>The rounding part is measured, not assumed: each evaluation of L sums n = |f| terms w_ij f_ij,
 * so it is off by at most (n + 8) u A, with A = sum_ij |w_ij f_ij| and u = 2^-52 (n u A for the sum,
 * 8 u A for the entries' own rounding), and the central difference by the sum of the two
 * evaluations' errors over 2h. The scaled error counts only the discrepancy beyond that floor, so a
 * function whose L is large next to its derivative in some entry (a value near a pole beside
 * entries far from it) is not failed for the arithmetic of the check itself.
 */
public final class GradientCheck {

    private static final double U = Math.ulp(1.0);

    private GradientCheck() {
    }

    /**
     * Largest discrepancies found: {@code maxAbsError} is the largest |analytic - numeric|, and
     * {@code maxScaledError} the largest (|analytic - numeric| - r) / max(1, |numeric|), r the
     * entry's rounding floor of the central difference (class note), or 0 when below it.
     */
    public record Report(double maxAbsError, double maxScaledError, int entriesChecked) {
        /** True when every entry satisfies |analytic - numeric| &lt;= r + tol * max(1, |numeric|). */
        public boolean passes(double tol) {
            return maxScaledError <= tol;
        }
    }

    /** Checks a function of one tensor. */
    public static Report check(Function<Tensor, Tensor> f, Tensor x, double h) {
        return check(xs -> f.apply(xs.get(0)), List.of(x), h);
    }

    /** Checks a function of several tensors, differentiating in all of them. */
    public static Report check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double h) {
        if (!(h > 0)) {
            throw new IllegalArgumentException("h: step must be positive, got " + h);
        }
        List<Tensor> analytic;
        Tensor weights;
        try (Tape.Scope s = Tape.record()) {
            Tensor y = f.apply(inputs);
            weights = weightsLike(y);
            analytic = Gradients.grad(List.of(y), inputs, List.of(weights), false);
        }
        double maxAbs = 0;
        double maxScaled = 0;
        int count = 0;
        for (int k = 0; k < inputs.size(); k++) {
            Tensor x = inputs.get(k);
            for (int e = 0; e < x.size(); e++) {
                double[] plus = loss(f, inputs, k, e, h, weights);
                double[] minus = loss(f, inputs, k, e, -h, weights);
                double numeric = (plus[0] - minus[0]) / (2 * h);
                double rounding = (weights.size() + 8) * U * (plus[1] + minus[1]) / (2 * h);
                double diff = Math.abs(numeric - analytic.get(k).data[e]);
                if (Double.isNaN(diff)) {
                    diff = Double.POSITIVE_INFINITY;
                }
                maxAbs = Math.max(maxAbs, diff);
                maxScaled = Math.max(maxScaled, Math.max(0, diff - rounding) / Math.max(1.0, Math.abs(numeric)));
                count++;
            }
        }
        return new Report(maxAbs, maxScaled, count);
    }

    private static Tensor weightsLike(Tensor y) {
        SplittableRandom rng = new SplittableRandom(0x5eed);
        double[] w = new double[y.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 + rng.nextDouble();
        }
        return Tensor.wrap(y.rows, y.cols, w);
    }

    /** L at the input shifted by dx in entry e of input k, and A = sum |w_ij f_ij| there. */
    private static double[] loss(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int k, int e, double dx,
                                 Tensor weights) {
        List<Tensor> shifted = new ArrayList<>(inputs);
        double[] d = inputs.get(k).toArray();
        d[e] += dx;
        shifted.set(k, Tensor.wrap(inputs.get(k).rows, inputs.get(k).cols, d));
        try (Tape.Scope s = Tape.noGrad()) {
            Tensor y = f.apply(shifted);
            double sum = 0;
            double magnitude = 0;
            for (int i = 0; i < y.size(); i++) {
                double term = weights.data[i] * y.data[i];
                sum += term;
                magnitude += Math.abs(term);
            }
            return new double[] {sum, magnitude};
        }
    }
}
