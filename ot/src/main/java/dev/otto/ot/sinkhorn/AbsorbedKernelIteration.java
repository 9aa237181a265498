package dev.otto.ot.sinkhorn;

/**
 * Log-domain Sinkhorn with a stored kernel (of a cost matrix, or of an on-the-fly cost whose
 * kernel fits the solver's kernel memory), run as scaling on an absorbed kernel (MATH.md section 1,
 * "Entropic OT"; Schmitzer 2019, "Stabilized sparse scaling algorithms for entropy regularized
 * transport problems", absorption into the kernel): the log-domain update f_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps)
 * written as
 * <pre>
 *   f_i = fa_i - eps log sum_j Kt_ij b_j exp((g_j - ga_j)/eps),   Kt_ij = exp((fa_i + ga_j - C_ij)/eps),
 * </pre>
 * with the absorbed kernel Kt stored once per absorption. The potentials are absorbed again
 * whenever they drift more than {@link #ABSORB} eps from (fa, ga), so every exponent stays within
 * the double range and no term that matters underflows: the result equals the streamed log-domain
 * iteration up to round-off, at the price of one multiply-add per entry and half-step instead of
 * one exp. On any zero or non-finite sum the iteration is redone by {@link StreamedLogIteration}
 * and the potentials absorbed again. The updates are over-relaxed by {@link OverRelaxation} and,
 * on a slow geometric mode, extrapolated by {@link SlowModeExtrapolation}; only a plain Sinkhorn
 * iterate (neither relaxed nor jumped) can end the stage.
 */
final class AbsorbedKernelIteration {

    /** Absorb the potentials again once they drift by more than this many eps. */
    static final double ABSORB = 100;

    private final SinkhornState st;
    private final double eps;
    private final double inv;
    private double[][] kt;
    private double[] fa;
    private double[] ga;
    /** Whether (fa, ga) are absorbed in kt at this eps (the streamed iteration moves away from them). */
    private boolean absorbed;

    private AbsorbedKernelIteration(SinkhornState st, double eps) {
        this.st = st;
        this.eps = eps;
        this.inv = 1 / eps;
    }

    /**
     * Iterations at fixed eps until the error is below tolAbs or the budget is spent; when they end
     * on the absorbed kernel, the plan is declared as x_i Kt_ij y_j for {@link PlanPass}.
     */
    static void run(SinkhornState st, double eps, double tolAbs, int budget) {
        AbsorbedKernelIteration it = new AbsorbedKernelIteration(st, eps);
        it.iterate(tolAbs, budget);
        if (it.absorbed) {
            int n = st.a.length;
            int m = st.b.length;
            double[] x = new double[n];
            double[] y = new double[m];
            for (int i = 0; i < n; i++) {
                x[i] = st.a[i] * Math.exp((st.f[i] - it.fa[i]) * it.inv);
            }
            for (int j = 0; j < m; j++) {
                y[j] = st.b[j] * Math.exp((st.g[j] - it.ga[j]) * it.inv);
            }
            st.planScale(x, y, eps);
        }
    }

    private void streamedStep(double tolAbs) {
        StreamedLogIteration.run(st, eps, tolAbs, 1);
        absorbed = false;
    }

    private void iterate(double tolAbs, int budget) {
        double[] a = st.a;
        double[] b = st.b;
        int n = a.length;
        int m = b.length;
        int start = st.iterations;
        if (budget <= 0) {
            return;
        }
        // one streamed iteration makes the potentials consistent with this eps before absorbing
        streamedStep(tolAbs);
        if (st.iterations - start >= budget || (st.iterations > start && st.lastMet)) {
            return;
        }
        kt = st.kernelStorage();
        fa = st.f.clone();
        ga = st.g.clone();
        absorb();
        double[] w = new double[m];
        double[] rowS = new double[n];
        double[] fNew = new double[n];
        int bs = KernelPasses.blockSize(n);
        double[][] acc = KernelPasses.accumulators(n, m);
        double[] col = new double[m];
        boolean colRule = st.columnRule();
        boolean first = true;
        double prevOm = 1;
        OverRelaxation relax = OverRelaxation.start();
        SlowModeExtrapolation extrapolation = SlowModeExtrapolation.of(st.f, st.g);
        while (st.iterations - start < budget) {
            double[] f = st.f;
            double[] g = st.g;
            extrapolation.beforeSweep(f, g, relax);
            for (int j = 0; j < m; j++) {
                w[j] = b[j] * Math.exp((g[j] - ga[j]) * inv);
            }
            final double om = relax.omega();
            KernelPasses.fusedPass(kt, w, a, rowS, acc, bs, om, f, fa, eps);
            boolean ok = KernelPasses.positiveFinite(rowS);
            if (ok) {
                KernelPasses.reduce(acc, col);
                ok = KernelPasses.positiveFinite(col);
            }
            if (!ok) {
                streamedStep(tolAbs);
                System.arraycopy(st.f, 0, fa, 0, n);
                System.arraycopy(st.g, 0, ga, 0, m);
                absorb();
                first = true;
                relax = relax.disable();
                extrapolation.restart(st.f, st.g);
                if (st.iterations > start && st.lastMet) {
                    return;
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                fNew[i] = fa[i] - eps * Math.log(rowS[i]);
            }
            if (!first || colRule) {
                double l1 = 0;
                double l2 = 0;
                if (colRule) {
                    // POT's rule: column error of (new f, old g): b_j |col_j exp((g_j - ga_j)/eps) - 1|
                    for (int j = 0; j < m; j++) {
                        double e = b[j] == 0 ? 0 : Math.abs(col[j] * w[j] - b[j]);
                        l1 += e;
                        l2 += e * e;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        double e = a[i] == 0 ? 0 : a[i] * Math.abs(Math.exp((f[i] - fNew[i]) * inv) - 1);
                        l1 += e;
                        l2 += e * e;
                    }
                }
                boolean met = st.recordAndTest(l1, l2, tolAbs);
                // the measured state: after this f-update (column rule) or after the previous
                // iteration's updates (row rule); a relaxed state is not a Sinkhorn iterate, so
                // meeting the tolerance there switches to plain updates instead of stopping
                double stateOmega = colRule ? om : prevOm;
                boolean probe = false;
                if (stateOmega != 1) {
                    probe = met;
                    met = false;
                }
                if (!colRule && extrapolation.movedLastSweep()) {
                    // the measured state was moved by a jump: its columns are not exact
                    met = false;
                }
                if (met) {
                    if (colRule) {
                        System.arraycopy(fNew, 0, f, 0, n);
                    }
                    return;
                }
                if (st.iterations - start >= budget) {
                    if (colRule) {
                        for (int i = 0; i < n; i++) {
                            f[i] = om == 1 ? fNew[i] : (1 - om) * f[i] + om * fNew[i];
                        }
                    }
                    extrapolation.settle(f, g);
                    return;
                }
                relax = probe ? relax.probe() : relax.observe(st.errorHistory(), st.iterations);
            }
            first = false;
            prevOm = om;
            for (int i = 0; i < n; i++) {
                f[i] = om == 1 ? fNew[i] : (1 - om) * f[i] + om * fNew[i];
            }
            for (int j = 0; j < m; j++) {
                double gs = ga[j] - eps * Math.log(col[j]);
                g[j] = om == 1 ? gs : (1 - om) * g[j] + om * gs;
            }
            extrapolation.afterSweep(f, g, st.lastError());
            double drift = 0;
            for (int i = 0; i < n; i++) {
                drift = Math.max(drift, Math.abs(f[i] - fa[i]));
            }
            for (int j = 0; j < m; j++) {
                drift = Math.max(drift, Math.abs(g[j] - ga[j]));
            }
            if (drift * inv > ABSORB) {
                System.arraycopy(f, 0, fa, 0, n);
                System.arraycopy(g, 0, ga, 0, m);
                absorb();
            }
        }
        extrapolation.settle(st.f, st.g);
    }

    /** kt_ij = exp((fa_i + ga_j - C_ij) / eps), the cost read row by row into the kernel's storage. */
    private void absorb() {
        KernelPasses.absorbedKernel(st.cost, fa, ga, inv, kt);
        absorbed = true;
    }
}
