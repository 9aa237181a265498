package dev.otto.ot.sinkhorn;

/**
 * Log-domain Sinkhorn on a streamed cost (MATH.md section 1, "Entropic OT"; Peyre and Cuturi,
 * Computational Optimal Transport, section 4.4, the log-domain iteration):
 * <pre>
 *   f_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps),   g_j = -eps LSE_i(log a_i + (f_i - C_ij)/eps).
 * </pre>
 * Reads the cost one row at a time (rows of C, then of C^T), so an on-the-fly cost needs
 * O(n + m) memory. Each half-step is one pass with one exponential per entry, shifted by the
 * current potential ({@link KernelPasses#shiftedLsePass}: f_i - eps log S_i with S_i the i-th row
 * sum of the current plan over a_i), which falls back to the max-shifted sum for a row only when
 * S_i leaves the safe range, so it never overflows. The same sums give the errors: the row error
 * of the current iterate is sum_i a_i |S_i - 1| (measured by the next f-update); under the POT
 * rule the column error of (new f, old g) is sum_j b_j |S_j - 1| from the g-update.
 *
 * <p>The updates are over-relaxed, f = (1 - omega) f + omega f_Sinkhorn (same for g), with omega
 * from {@link OverRelaxation} (Thibault, Chizat, Dossal and Papadakis 2021, "Overrelaxed
 * Sinkhorn-Knopp", and Young's SOR theory) as in {@link AbsorbedKernelIteration}; only a plain
 * iterate (omega = 1) can end the stage, since a relaxed g-update leaves the column marginal
 * inexact (a relaxed f-update the row marginal, under the POT rule). On a slow geometric mode the
 * sweeps are extrapolated by {@link SlowModeExtrapolation}; a jumped state ends no stage either.
 */
final class StreamedLogIteration {

    private StreamedLogIteration() {
    }

    /** Iterations at fixed eps until the error is below tolAbs or the budget is spent. */
    static void run(SinkhornState st, double eps, double tolAbs, int budget) {
        if (budget <= 0) {
            return;
        }
        int n = st.a.length;
        int m = st.b.length;
        double inv = 1 / eps;
        double[] hb = new double[m];
        double[] ha = new double[n];
        RowExponentialSums rows = RowExponentialSums.of(st.cost, hb, inv);
        RowExponentialSums cols = RowExponentialSums.of(st.costTransposed(), ha, inv);
        double[] fs = new double[n];
        double[] gs = new double[m];
        double[] rowSums = new double[n];
        double[] colSums = new double[m];
        // the potentials move away from any stored kernel
        st.forgetKernelPlan();
        boolean colRule = st.columnRule();
        int start = st.iterations;
        boolean measured = false;
        OverRelaxation relax = OverRelaxation.start();
        SlowModeExtrapolation extrapolation = SlowModeExtrapolation.of(st.f, st.g);
        while (true) {
            for (int j = 0; j < m; j++) {
                hb[j] = st.logB[j] + st.g[j] * inv;
            }
            KernelPasses.shiftedLsePass(rows, st.cost, hb, st.f, inv, eps, fs, rowSums);
            if (measured && !colRule) {
                // the row error of the current iterate, made by updates with relax.omega()
                boolean met = st.recordAndTest(l1Error(st.a, rowSums), squaredL2Error(st.a, rowSums), tolAbs);
                // a state moved by a jump has inexact columns: only a Sinkhorn iterate ends the stage
                met &= !extrapolation.movedLastSweep();
                if (met && relax.omega() == 1) {
                    return;
                }
                if (st.iterations - start >= budget) {
                    extrapolation.settle(st.f, st.g);
                    return;
                }
                relax = met ? relax.probe() : relax.observe(st.errorHistory(), st.iterations);
            }
            measured = true;
            double om = relax.omega();
            extrapolation.beforeSweep(st.f, st.g, relax);
            relaxInto(st.f, fs, om);
            for (int i = 0; i < n; i++) {
                ha[i] = st.logA[i] + st.f[i] * inv;
            }
            KernelPasses.shiftedLsePass(cols, st.costTransposed(), ha, st.g, inv, eps, gs, colSums);
            if (colRule) {
                // POT's rule: column error of (new f, old g), measured before the g-update
                boolean met = st.recordAndTest(l1Error(st.b, colSums), squaredL2Error(st.b, colSums), tolAbs);
                if (met && om == 1) {
                    st.checkFinite(eps);
                    return;
                }
                relax = met ? relax.probe() : relax.observe(st.errorHistory(), st.iterations);
            }
            relaxInto(st.g, gs, om);
            extrapolation.afterSweep(st.f, st.g, st.lastError());
            st.checkFinite(eps);
            if (colRule && st.iterations - start >= budget) {
                extrapolation.settle(st.f, st.g);
                return;
            }
        }
    }

    /** pot = (1 - om) pot + om plain (plain when om = 1). */
    private static void relaxInto(double[] pot, double[] plain, double om) {
        if (om == 1) {
            System.arraycopy(plain, 0, pot, 0, pot.length);
            return;
        }
        for (int i = 0; i < pot.length; i++) {
            pot[i] = (1 - om) * pot[i] + om * plain[i];
        }
    }

    /** The L1 marginal error sum_i w_i |S_i - 1| from the row sums S of the plan over the weights w. */
    private static double l1Error(double[] w, double[] s) {
        double t = 0;
        for (int i = 0; i < w.length; i++) {
            t += w[i] == 0 ? 0 : w[i] * Math.abs(s[i] - 1);
        }
        return t;
    }

    /** The squared L2 marginal error sum_i (w_i |S_i - 1|)^2. */
    private static double squaredL2Error(double[] w, double[] s) {
        double t = 0;
        for (int i = 0; i < w.length; i++) {
            double e = w[i] == 0 ? 0 : w[i] * (s[i] - 1);
            t += e * e;
        }
        return t;
    }
}
