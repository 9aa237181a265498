package dev.otto.ot.sinkhorn;

import dev.otto.ot.Checks;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.Parallel;

import java.util.Arrays;

/**
 * Entropic optimal transport by Sinkhorn's algorithm, MATH.md section 1 ("Entropic OT"):
 * OT_eps(a,b) = min_P &lt;C,P&gt; + eps KL(P | a b^T).
 *
 * <p>Two iterations, both alternating an f-update (row marginal exact) and a g-update (column
 * marginal exact), started from f = g = 0 or from warm-start potentials:
 * <ul>
 *   <li>{@link Method#LOG_DOMAIN}: f_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps) and symmetrically
 *       for g; never overflows; streams rows of C (and of C^T), so on-the-fly costs need O(n + m)
 *       memory; each row is reduced by one thread, max-shifted, in a fixed order.</li>
 *   <li>{@link Method#SCALING}: u = a / (K v), v = b / (K^T u) with a stored kernel
 *       K = exp(-C/eps) (n m memory); each iteration is one fused pass over K. If K v or K^T u
 *       underflows to 0 or overflows, the solve continues in the log domain from the last finite
 *       potentials (reported by {@link SinkhornResult#method()}).</li>
 * </ul>
 * Stopping rule: the L1 row-marginal error |P 1 - a|_1 of the iterate after its g-update, checked
 * every iteration (it costs nothing: it falls out of the next f-update), below
 * {@code tolerance * sum(a)}. Defaults: eps = 0.05 x the mean cost under the independent
 * coupling, sum_ij a_i b_j C_ij / (sum a sum b) (equal to 0.05 mean(C) for uniform weights);
 * tolerance 1e-9; at most 10,000 iterations; epsilon scaling (eps_k = max|C| 2^-k down to eps,
 * warm-starting the potentials) automatically when eps &lt; 0.01 x that mean cost.
 * b is rescaled by sum(a)/sum(b) (which must agree to a relative 1e-9).
 *
 * <p>Instances are immutable; configure with the {@code with*} methods.
 */
public final class Sinkhorn {

    /** The Sinkhorn iteration used. */
    public enum Method {
        /** Multiplicative updates on the kernel exp(-C/eps). */
        SCALING,
        /** Log-sum-exp updates on the potentials (stable for any eps). */
        LOG_DOMAIN
    }

    /** Default eps as a fraction of the mean cost under the independent coupling. */
    public static final double DEFAULT_RELATIVE_EPSILON = 0.05;
    /** Default tolerance on |P 1 - a|_1 / sum(a). */
    public static final double DEFAULT_TOLERANCE = 1e-9;
    /** Default iteration limit (all epsilon stages together). */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;
    /** Epsilon scaling turns itself on below this fraction of the mean cost. */
    public static final double AUTO_SCALING_THRESHOLD = 0.01;
    /** Ratio between consecutive eps in epsilon scaling. */
    public static final double SCALING_FACTOR = 0.5;

    private static final int ROW_BLOCK = 16;
    /** Re-absorb the cached kernel once potentials drift by more than this many eps. */
    static final double ABSORB = 100;
    private static final int KERNEL_BLOCKS = 16;

    private final Method method;
    private final double epsilon;
    private final double relativeEpsilon;
    private final double tolerance;
    private final int maxIterations;
    private final Boolean epsilonScaling;
    private final double[] f0;
    private final double[] g0;

    private Sinkhorn(Method method, double epsilon, double relativeEpsilon, double tolerance, int maxIterations,
                     Boolean epsilonScaling, double[] f0, double[] g0) {
        this.method = method;
        this.epsilon = epsilon;
        this.relativeEpsilon = relativeEpsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.epsilonScaling = epsilonScaling;
        this.f0 = f0;
        this.g0 = g0;
    }

    /** Log-domain Sinkhorn with the defaults. */
    public static Sinkhorn logDomain() {
        return new Sinkhorn(Method.LOG_DOMAIN, Double.NaN, DEFAULT_RELATIVE_EPSILON, DEFAULT_TOLERANCE,
                DEFAULT_MAX_ITERATIONS, null, null, null);
    }

    /** Scaling (kernel) Sinkhorn with the defaults. */
    public static Sinkhorn scaling() {
        return logDomain().withMethod(Method.SCALING);
    }

    /** Same settings, other iteration. */
    public Sinkhorn withMethod(Method m) {
        if (m == null) {
            throw new IllegalArgumentException("method: expected SCALING or LOG_DOMAIN, got null");
        }
        return new Sinkhorn(m, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0);
    }

    /** Absolute regularisation eps &gt; 0. */
    public Sinkhorn withEpsilon(double eps) {
        Checks.epsilon(eps);
        return new Sinkhorn(method, eps, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f0, g0);
    }

    /** eps = rel x (mean cost under the independent coupling); rel &gt; 0. */
    public Sinkhorn withRelativeEpsilon(double rel) {
        if (!(rel > 0) || !Double.isFinite(rel)) {
            throw new IllegalArgumentException("relativeEpsilon: expected a finite value > 0, got " + rel);
        }
        return new Sinkhorn(method, Double.NaN, rel, tolerance, maxIterations, epsilonScaling, f0, g0);
    }

    /** Tolerance on |P 1 - a|_1 / sum(a), &gt; 0. */
    public Sinkhorn withTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tol);
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tol, maxIterations, epsilonScaling, f0, g0);
    }

    /** Iteration limit, &gt;= 1. */
    public Sinkhorn withMaxIterations(int it) {
        if (it < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + it);
        }
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, it, epsilonScaling, f0, g0);
    }

    /** Forces epsilon scaling on or off (default: automatic, see the class documentation). */
    public Sinkhorn withEpsilonScaling(boolean on) {
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, on, f0, g0);
    }

    /** Starts from given potentials (copied; lengths are checked against the problem at solve time). */
    public Sinkhorn withWarmStart(double[] f, double[] g) {
        if (f == null || g == null) {
            throw new IllegalArgumentException("warmStart: expected two potentials, got " + (f == null ? "f = null" : "g = null"));
        }
        Checks.finite("warmStart.f", f);
        Checks.finite("warmStart.g", g);
        return new Sinkhorn(method, epsilon, relativeEpsilon, tolerance, maxIterations, epsilonScaling, f.clone(), g.clone());
    }

    /** The eps this solver would use on the problem. */
    public double resolveEpsilon(double[] a, double[] b, Cost cost) {
        if (!Double.isNaN(epsilon)) {
            return epsilon;
        }
        return relativeEpsilon * costScale(a, b, cost);
    }

    private static double costScale(double[] a, double[] b, Cost cost) {
        double mean = Math.abs(cost.meanUnder(a, b));
        if (mean > 0 && Double.isFinite(mean)) {
            return mean;
        }
        double mx = cost.maxAbs();
        return mx > 0 ? mx : 1;
    }

    /** Solves for an explicit cost array. */
    public SinkhornResult solve(double[] a, double[] b, double[][] cost) {
        return solve(a, b, CostMatrix.of(cost));
    }

    /** Solves OT_eps(a, b) for the cost C. */
    public SinkhornResult solve(double[] a, double[] b, Cost cost) {
        if (cost == null) {
            throw new IllegalArgumentException("cost: expected a cost, got null");
        }
        Checks.shape(a, b, cost.rows(), cost.cols());
        Checks.balanced(a, b);
        int n = a.length;
        int m = b.length;
        double sa = 0;
        double sb = 0;
        for (double v : a) {
            sa += v;
        }
        for (double v : b) {
            sb += v;
        }
        double[] bb = b.clone();
        if (sa != sb) {
            for (int j = 0; j < m; j++) {
                bb[j] *= sa / sb;
            }
        }
        double[] aa = a.clone();
        if (f0 != null && f0.length != n) {
            throw new IllegalArgumentException("warmStart.f: expected " + n + " entries, got " + f0.length);
        }
        if (g0 != null && g0.length != m) {
            throw new IllegalArgumentException("warmStart.g: expected " + m + " entries, got " + g0.length);
        }
        double scale = Double.isNaN(epsilon) || epsilonScaling == null ? costScale(aa, bb, cost) : Double.NaN;
        double eps = Double.isNaN(epsilon) ? relativeEpsilon * scale : epsilon;
        Checks.epsilon(eps);
        boolean scaleEps = epsilonScaling != null ? epsilonScaling : eps < AUTO_SCALING_THRESHOLD * scale;
        double tolAbs = tolerance * sa;

        State st = new State(aa, bb, cost, f0 == null ? new double[n] : f0.clone(), g0 == null ? new double[m] : g0.clone());
        Method used = method;
        if (scaleEps) {
            double e = Math.max(cost.maxAbs(), eps);
            while (e > eps / SCALING_FACTOR && st.iterations < maxIterations) {
                int budget = Math.min(100, maxIterations - st.iterations);
                double stageTol = Math.max(tolAbs, 1e-3 * sa);
                used = stage(st, used, e, stageTol, budget);
                e *= SCALING_FACTOR;
            }
        }
        if (st.iterations < maxIterations) {
            used = stage(st, used, eps, tolAbs, maxIterations - st.iterations);
        }
        return st.finish(eps, tolAbs, used);
    }

    private Method stage(State st, Method m, double eps, double tolAbs, int budget) {
        if (m == Method.SCALING) {
            if (st.scalingStage(eps, tolAbs, budget)) {
                return Method.SCALING;
            }
            // under- or overflow: continue in the log domain from the last finite potentials
        }
        int left = budget - st.lastStageIterations;
        if (st.cost instanceof CostMatrix) {
            st.cachedLogStage(eps, tolAbs, left);
        } else {
            st.logStage(eps, tolAbs, left);
        }
        return Method.LOG_DOMAIN;
    }

    /** Mutable solver state: potentials, error history, iteration count. */
    static final class State {
        final double[] a;
        final double[] b;
        final Cost cost;
        private Cost costT;
        final double[] logA;
        final double[] logB;
        double[] f;
        double[] g;
        double[] errors = new double[64];
        double[] absorbed;
        int iterations;
        int lastStageIterations;

        State(double[] a, double[] b, Cost cost, double[] f, double[] g) {
            this.a = a;
            this.b = b;
            this.cost = cost;
            this.f = f;
            this.g = g;
            logA = new double[a.length];
            logB = new double[b.length];
            for (int i = 0; i < a.length; i++) {
                logA[i] = Math.log(a[i]);
            }
            for (int j = 0; j < b.length; j++) {
                logB[j] = Math.log(b[j]);
            }
        }

        void record(double err) {
            if (iterations >= errors.length) {
                errors = Arrays.copyOf(errors, errors.length * 2);
            }
            errors[iterations] = Double.isNaN(err) ? Double.MAX_VALUE : Math.min(err, Double.MAX_VALUE);
        }

        /** Log-domain iterations at fixed eps until the error is below tolAbs or the budget is spent. */
        void logStage(double eps, double tolAbs, int budget) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            double[] h = new double[Math.max(n, m)];
            double[] fNew = new double[n];
            double[] gNew = new double[m];
            double[] rowErr = new double[n];
            for (int it = 0; it <= budget; it++) {
                for (int j = 0; j < m; j++) {
                    h[j] = logB[j] + g[j] * inv;
                }
                lsePass(cost, h, inv, eps, fNew);
                if (it > 0) {
                    double err = 0;
                    for (int i = 0; i < n; i++) {
                        rowErr[i] = a[i] == 0 ? 0 : a[i] * Math.abs(Math.exp((f[i] - fNew[i]) * inv) - 1);
                    }
                    for (int i = 0; i < n; i++) {
                        err += rowErr[i];
                    }
                    record(err);
                    iterations++;
                    if (err <= tolAbs || it == budget) {
                        break;
                    }
                }
                double[] t = f;
                f = fNew;
                fNew = t;
                for (int i = 0; i < n; i++) {
                    h[i] = logA[i] + f[i] * inv;
                }
                if (costT == null) {
                    costT = cost.transpose();
                }
                lsePass(costT, h, inv, eps, gNew);
                t = g;
                g = gNew;
                gNew = t;
                checkFinite(eps);
            }
        }

        /**
         * Log-domain iterations for an explicit cost with a cached kernel: the same updates as
         * {@link #logStage}, f_i = -eps LSE_j(log b_j + (g_j - C_ij)/eps), written as
         * f_i = fa_i - eps log sum_j Kt_ij b_j exp((g_j - ga_j)/eps) with the absorbed kernel
         * Kt_ij = exp((fa_i + ga_j - C_ij)/eps) stored once per absorption. Potentials are
         * re-absorbed whenever they drift by more than {@link #ABSORB} eps from (fa, ga), so every
         * exponent stays within the double range and no term that matters underflows: the result
         * equals the streamed log-domain iteration up to round-off, at the price of one multiply-add
         * per entry and half-step instead of one exp. On any zero or non-finite sum the iteration
         * is redone by the streamed kernel and the potentials re-absorbed.
         */
        void cachedLogStage(double eps, double tolAbs, int budget) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            int start = iterations;
            if (budget <= 0) {
                return;
            }
            // one streamed iteration makes the potentials consistent with this eps before absorbing
            logStage(eps, tolAbs, 1);
            if (iterations - start >= budget || (iterations > start && errors[iterations - 1] <= tolAbs)) {
                return;
            }
            if (absorbed == null) {
                absorbed = new double[Math.multiplyExact(n, m)];
            }
            final double[] kt = absorbed;
            final double[] c = ((CostMatrix) cost).data();
            double[] fa = f.clone();
            double[] ga = g.clone();
            absorb(kt, c, fa, ga, inv);
            double[] w = new double[m];
            double[] rowS = new double[n];
            double[] fNew = new double[n];
            int bs = (n + KERNEL_BLOCKS - 1) / KERNEL_BLOCKS;
            int blocks = Parallel.blockCount(n, bs);
            double[][] acc = new double[blocks][m];
            double[] col = new double[m];
            boolean first = true;
            boolean lastPlain = true;
            double[] omega = {1};
            boolean adapted = false;
            int rises = 0;
            int plainSince = 0;
            final double[] fCur = f;
            while (iterations - start < budget) {
                for (int j = 0; j < m; j++) {
                    w[j] = b[j] * Math.exp((g[j] - ga[j]) * inv);
                }
                final double om = omega[0];
                Parallel.forEachBlock(n, bs, (long) n * m * 2, (lo, hi) -> {
                    double[] ac = acc[lo / bs];
                    Arrays.fill(ac, 0);
                    for (int i = lo; i < hi; i++) {
                        int off = i * m;
                        double s = dot(kt, off, w, m);
                        rowS[i] = s;
                        double u = a[i] / s;
                        if (om != 1) {
                            // over-relaxed f_i = (1 - om) f_i + om fSinkhorn_i, fSinkhorn_i = fa_i - eps log s
                            double fs = fa[i] - eps * Math.log(s);
                            double fn = (1 - om) * fCur[i] + om * fs;
                            u *= Math.exp((fn - fs) * inv);
                        }
                        if (u != 0 && Double.isFinite(u)) {
                            for (int j = 0; j < m; j++) {
                                ac[j] += kt[off + j] * u;
                            }
                        }
                    }
                });
                boolean ok = true;
                for (int i = 0; i < n && ok; i++) {
                    ok = rowS[i] > 0 && Double.isFinite(rowS[i]);
                }
                Arrays.fill(col, 0);
                for (double[] ac : acc) {
                    for (int j = 0; j < m; j++) {
                        col[j] += ac[j];
                    }
                }
                for (int j = 0; j < m && ok; j++) {
                    ok = col[j] > 0 && Double.isFinite(col[j]);
                }
                if (!ok) {
                    logStage(eps, tolAbs, 1);
                    System.arraycopy(f, 0, fa, 0, n);
                    System.arraycopy(g, 0, ga, 0, m);
                    absorb(kt, c, fa, ga, inv);
                    first = true;
                    omega[0] = 1;
                    adapted = true;
                    if (iterations > start && errors[iterations - 1] <= tolAbs) {
                        return;
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    fNew[i] = fa[i] - eps * Math.log(rowS[i]);
                }
                if (!first) {
                    double err = 0;
                    for (int i = 0; i < n; i++) {
                        err += a[i] == 0 ? 0 : a[i] * Math.abs(Math.exp((f[i] - fNew[i]) * inv) - 1);
                    }
                    record(err);
                    iterations++;
                    if (err <= tolAbs && lastPlain) {
                        return;
                    }
                    if (iterations - start >= budget) {
                        return;
                    }
                    if (err <= tolAbs) {
                        // relaxed iterates leave a column error: apply this (relaxed) update, then
                        // finish with plain iterations
                        omega[0] = 1;
                        adapted = true;
                    }
                    if (err <= tolAbs) {
                        plainSince = 0;
                    } else if (om == 1) {
                        plainSince++;
                        if (!adapted && plainSince >= 20) {
                            double theta = Math.pow(err / errors[iterations - 6], 0.2);
                            if (theta > 0 && theta < 1) {
                                omega[0] = Math.min(1.9, 2 / (1 + Math.sqrt(1 - theta)));
                            }
                            adapted = true;
                        }
                    } else {
                        rises = err > errors[iterations - 2] ? rises + 1 : 0;
                        if (rises >= 10 || !Double.isFinite(err)) {
                            omega[0] = 1;
                        }
                    }
                }
                first = false;
                double drift = 0;
                double o = om;
                lastPlain = o == 1;
                for (int i = 0; i < n; i++) {
                    f[i] = o == 1 ? fNew[i] : (1 - o) * f[i] + o * fNew[i];
                    drift = Math.max(drift, Math.abs(f[i] - fa[i]));
                }
                for (int j = 0; j < m; j++) {
                    double gs = ga[j] - eps * Math.log(col[j]);
                    g[j] = o == 1 ? gs : (1 - o) * g[j] + o * gs;
                    drift = Math.max(drift, Math.abs(g[j] - ga[j]));
                }
                if (drift * inv > ABSORB) {
                    System.arraycopy(f, 0, fa, 0, n);
                    System.arraycopy(g, 0, ga, 0, m);
                    absorb(kt, c, fa, ga, inv);
                }
            }
        }

        private void absorb(double[] kt, double[] c, double[] fa, double[] ga, double inv) {
            int n = a.length;
            int m = b.length;
            Parallel.forEachBlock(n, ROW_BLOCK, (long) n * m * 8, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    int off = i * m;
                    double fi = fa[i];
                    for (int j = 0; j < m; j++) {
                        kt[off + j] = FastExp.exp((fi + ga[j] - c[off + j]) * inv);
                    }
                }
            });
        }

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

        /**
         * Kernel iterations; returns false (state left at the last finite potentials, budget used
         * in {@link #lastStageIterations}) when the kernel under- or overflows.
         */
        boolean scalingStage(double eps, double tolAbs, int budget) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            int start = iterations;
            lastStageIterations = 0;
            double[] kernel = new double[Math.multiplyExact(n, m)];
            Parallel.forEachBlock(n, ROW_BLOCK, (long) n * m * 8, (lo, hi) -> {
                double[] buf = new double[m];
                for (int i = lo; i < hi; i++) {
                    cost.row(i, buf);
                    int off = i * m;
                    for (int j = 0; j < m; j++) {
                        kernel[off + j] = FastExp.exp(-buf[j] * inv);
                    }
                }
            });
            double[] v = new double[m];
            for (int j = 0; j < m; j++) {
                v[j] = b[j] * Math.exp(g[j] * inv);
                if (!Double.isFinite(v[j])) {
                    return false;
                }
            }
            double[] rowS = new double[n];
            double[] prevS = new double[n];
            int bs = (n + KERNEL_BLOCKS - 1) / KERNEL_BLOCKS;
            int blocks = Parallel.blockCount(n, bs);
            double[][] acc = new double[blocks][m];
            double[] col = new double[m];
            for (int it = 0; it <= budget; it++) {
                final double[] vv = v;
                final double[] rs = rowS;
                Parallel.forEachBlock(n, bs, (long) n * m * 2, (lo, hi) -> {
                    double[] ac = acc[lo / bs];
                    Arrays.fill(ac, 0);
                    for (int i = lo; i < hi; i++) {
                        int off = i * m;
                        double s = dot(kernel, off, vv, m);
                        rs[i] = s;
                        double u = a[i] / s;
                        if (u != 0 && Double.isFinite(u)) {
                            for (int j = 0; j < m; j++) {
                                ac[j] += kernel[off + j] * u;
                            }
                        }
                    }
                });
                boolean ok = true;
                for (int i = 0; i < n; i++) {
                    double s = rowS[i];
                    if (!(s > 0) || !Double.isFinite(s)) {
                        ok = false;
                        break;
                    }
                }
                if (!ok) {
                    lastStageIterations = iterations - start;
                    return false;
                }
                if (it > 0) {
                    double err = 0;
                    for (int i = 0; i < n; i++) {
                        err += Math.abs(a[i] * (rowS[i] / prevS[i]) - a[i]);
                    }
                    record(err);
                    iterations++;
                    if (err <= tolAbs || it == budget) {
                        lastStageIterations = iterations - start;
                        return true;
                    }
                }
                Arrays.fill(col, 0);
                for (double[] ac : acc) {
                    for (int j = 0; j < m; j++) {
                        col[j] += ac[j];
                    }
                }
                for (int j = 0; j < m; j++) {
                    if (!(col[j] > 0) || !Double.isFinite(col[j])) {
                        lastStageIterations = iterations - start;
                        return false;
                    }
                }
                for (int i = 0; i < n; i++) {
                    f[i] = -eps * Math.log(rowS[i]);
                }
                for (int j = 0; j < m; j++) {
                    g[j] = -eps * Math.log(col[j]);
                    v[j] = b[j] / col[j];
                }
                double[] t = prevS;
                prevS = rowS;
                rowS = t;
            }
            lastStageIterations = iterations - start;
            return true;
        }

        /** One pass over the plan: cost, objective, marginal errors. */
        SinkhornResult finish(double eps, double tolAbs, Method used) {
            int n = a.length;
            int m = b.length;
            double inv = 1 / eps;
            double[] rowSum = new double[n];
            double[] rowCost = new double[n];
            int bs = (n + KERNEL_BLOCKS - 1) / KERNEL_BLOCKS;
            int blocks = Parallel.blockCount(n, bs);
            double[][] colAcc = new double[blocks][m];
            final double[] ff = f;
            final double[] gg = g;
            Parallel.forEachBlock(n, bs, (long) n * m * 8, (lo, hi) -> {
                double[] ac = colAcc[lo / bs];
                double[] buf = new double[m];
                for (int i = lo; i < hi; i++) {
                    if (a[i] == 0) {
                        continue;
                    }
                    cost.row(i, buf);
                    double rs = 0;
                    double rc = 0;
                    for (int j = 0; j < m; j++) {
                        double p = b[j] == 0 ? 0 : a[i] * b[j] * FastExp.exp((ff[i] + gg[j] - buf[j]) * inv);
                        rs += p;
                        rc += p * buf[j];
                        ac[j] += p;
                    }
                    rowSum[i] = rs;
                    rowCost[i] = rc;
                }
            });
            double[] colSum = new double[m];
            for (double[] ac : colAcc) {
                for (int j = 0; j < m; j++) {
                    colSum[j] += ac[j];
                }
            }
            double transport = 0;
            double mass = 0;
            double rowErr = 0;
            double lin = 0;
            double sa = 0;
            double sb = 0;
            for (int i = 0; i < n; i++) {
                transport += rowCost[i];
                mass += rowSum[i];
                rowErr += Math.abs(rowSum[i] - a[i]);
                lin += f[i] * rowSum[i];
                sa += a[i];
            }
            double colErr = 0;
            for (int j = 0; j < m; j++) {
                colErr += Math.abs(colSum[j] - b[j]);
                lin += g[j] * colSum[j];
                sb += b[j];
            }
            double objective = lin - eps * mass + eps * sa * sb;
            if (!Double.isFinite(transport) || !Double.isFinite(objective) || !Double.isFinite(rowErr)) {
                throw new ArithmeticException("sinkhorn: non-finite plan statistics after iteration " + iterations
                        + " (eps = " + eps + ")");
            }
            boolean converged = rowErr <= Math.max(tolAbs, 1e-13 * sa) && colErr <= Math.max(tolAbs, 1e-13 * sa);
            return new SinkhornResult(cost, a, b, f.clone(), g.clone(), eps, iterations, converged,
                    Arrays.copyOf(errors, iterations), transport, objective, rowErr, colErr, used);
        }
    }

    /** sum_j k[off + j] v[j] with four independent partial sums (fixed order, deterministic). */
    static double dot(double[] k, int off, double[] v, int m) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            s0 += k[off + j] * v[j];
            s1 += k[off + j + 1] * v[j + 1];
            s2 += k[off + j + 2] * v[j + 2];
            s3 += k[off + j + 3] * v[j + 3];
        }
        for (; j < m; j++) {
            s0 += k[off + j] * v[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * out_i = -eps LSE_j(h_j - C_ij / eps) for every row i of c, rows in fixed blocks, each row
     * reduced by one thread (max first, then the shifted sum), so results do not depend on the
     * number of threads.
     */
    static void lsePass(Cost c, double[] h, double inv, double eps, double[] out) {
        int rows = c.rows();
        int cols = c.cols();
        final double[] data = c instanceof CostMatrix ? ((CostMatrix) c).data() : null;
        Parallel.forEachBlock(rows, ROW_BLOCK, (long) rows * cols * 8, (lo, hi) -> {
            double[] z = new double[cols];
            double[] buf = data == null ? new double[cols] : null;
            for (int i = lo; i < hi; i++) {
                double[] src;
                int off;
                if (data != null) {
                    src = data;
                    off = i * cols;
                } else {
                    c.row(i, buf);
                    src = buf;
                    off = 0;
                }
                double mx = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    double v = h[j] - src[off + j] * inv;
                    z[j] = v;
                    mx = Math.max(mx, v);
                }
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += FastExp.expNonPositive(z[j] - mx);
                }
                out[i] = -eps * (mx + Math.log(s));
            }
        });
    }
}
