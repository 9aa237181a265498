package dev.otto.ot.sinkhorn;

import dev.otto.ot.cost.Cost;

import java.util.Arrays;

/**
 * What the Sinkhorn iterations share (MATH.md section 1, "Entropic OT"): the problem (a, b, C and
 * log a, log b), the potentials f, g, the marginal error after every iteration, the iteration count
 * and the stopping rule; and, for the iterations that store a kernel, its rows and the scalings
 * x, y that make the current plan P_ij = x_i K_ij y_j, which lets {@link PlanPass} multiply
 * instead of taking n m exponentials.
 *
 * <p>Every iteration works on the same potentials, so a solve can change iteration between
 * epsilon stages (scaling falls back to the log domain) and warm-start each stage from the last.
 */
final class SinkhornState {

    final double[] a;
    final double[] b;
    final Cost cost;
    private Cost costT;
    final double[] logA;
    final double[] logB;
    final Sinkhorn.StoppingRule rule;
    double[] f;
    double[] g;
    private double[] errors = new double[64];
    int iterations;
    /** Whether the last measured error met the stopping rule. */
    boolean lastMet;
    /** Kernel rows: exp(-C/eps) in scaling stages, the absorbed kernel in absorbed-kernel stages. */
    private double[][] kernel;
    /** When planEps equals the final eps, the final plan is P_ij = planX_i kernel_ij planY_j. */
    private double[] planX;
    private double[] planY;
    private double planEps = Double.NaN;

    SinkhornState(double[] a, double[] b, Cost cost, double[] f, double[] g, Sinkhorn.StoppingRule rule) {
        this.a = a;
        this.b = b;
        this.cost = cost;
        this.f = f;
        this.g = g;
        this.rule = rule;
        logA = new double[a.length];
        logB = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            logA[i] = Math.log(a[i]);
        }
        for (int j = 0; j < b.length; j++) {
            logB[j] = Math.log(b[j]);
        }
    }

    /** C^T, formed on first use. */
    Cost costTransposed() {
        if (costT == null) {
            costT = cost.transpose();
        }
        return costT;
    }

    /** Whether the POT-style rule is in force (column error, checked every 10 iterations). */
    boolean columnRule() {
        return rule == Sinkhorn.StoppingRule.L2_EVERY_10;
    }

    /** The errors recorded so far (the live array: entries from {@link #iterations} on are unused). */
    double[] errorHistory() {
        return errors;
    }

    /** The last error recorded (infinite before the first). */
    double lastError() {
        return iterations > 0 ? errors[iterations - 1] : Double.POSITIVE_INFINITY;
    }

    /** Records the rule's norm of the error, counts the iteration, tests the rule. */
    boolean recordAndTest(double l1, double l2sq, double tolAbs) {
        double err = rule == Sinkhorn.StoppingRule.L1_EVERY_ITERATION ? l1 : Math.sqrt(l2sq);
        record(err);
        iterations++;
        boolean check = rule == Sinkhorn.StoppingRule.L1_EVERY_ITERATION || (iterations - 1) % 10 == 0;
        lastMet = check && err <= tolAbs;
        return lastMet;
    }

    private void record(double err) {
        if (iterations >= errors.length) {
            errors = Arrays.copyOf(errors, errors.length * 2);
        }
        errors[iterations] = Double.isNaN(err) ? Double.MAX_VALUE : Math.min(err, Double.MAX_VALUE);
    }

    /** Throws when a potential is no longer finite (C / eps beyond the double range). */
    void checkFinite(double eps) {
        for (double v : f) {
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("sinkhorn: non-finite potential f at iteration " + iterations
                        + " (eps = " + eps + "): is C / eps beyond the double range?");
            }
        }
        for (double v : g) {
            if (!Double.isFinite(v)) {
                throw new ArithmeticException("sinkhorn: non-finite potential g at iteration " + iterations
                        + " (eps = " + eps + "): is C / eps beyond the double range?");
            }
        }
    }

    /** n x m storage for a kernel, allocated once per solve; the plan it described is forgotten. */
    double[][] kernelStorage() {
        if (kernel == null) {
            long entries = (long) a.length * b.length;
            if (entries > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("cost: a stored kernel of " + a.length + " x " + b.length
                        + " entries is too large; use the log-domain method with an on-the-fly cost");
            }
            kernel = new double[a.length][b.length];
        }
        planEps = Double.NaN;
        return kernel;
    }

    /** Declares P_ij = x_i K_ij y_j for the stored kernel at this eps. */
    void planScale(double[] x, double[] y, double eps) {
        planX = x;
        planY = y;
        planEps = eps;
    }

    /** The potentials moved away from any stored kernel: the plan is to be formed from them. */
    void forgetKernelPlan() {
        planEps = Double.NaN;
    }

    /** Whether the stored kernel and its scalings describe the plan at eps. */
    boolean hasKernelPlan(double eps) {
        return planEps == eps && kernel != null;
    }

    double[][] kernel() {
        return kernel;
    }

    double[] planX() {
        return planX;
    }

    double[] planY() {
        return planY;
    }

    /** The recorded errors, one per iteration. */
    double[] errors() {
        return Arrays.copyOf(errors, iterations);
    }
}
