package dev.otto.theory.verify;

import dev.otto.ot.BarycentricMap;
import dev.otto.ot.GaussianW2;
import dev.otto.ot.OneDimensional;
import dev.otto.ot.Wasserstein;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.cost.PointCloudCost;
import dev.otto.ot.exact.ExactResult;
import dev.otto.ot.exact.NetworkSimplex;
import dev.otto.ot.exact.TransportStatus;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornDivergence;
import dev.otto.ot.sinkhorn.SinkhornResult;
import dev.otto.theory.RandomMatrices;
import dev.otto.theory.ot.BruteForceAssignment;
import dev.otto.theory.ot.OneLipschitz;
import dev.otto.theory.ot.OtProblem;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * MATH.md section 1, optimal transport (module {@code ot}): exact OT by the network simplex, W_p
 * between point clouds, Kantorovich-Rubinstein, cyclical monotonicity, the barycentric map, the 1-D
 * and Gaussian closed forms, and entropic OT. Cases are {@link OtProblem}s (n = 1 and n != m,
 * zero weights, weights over eight decades, total mass 1e3, scales 1e-6 .. 1e6, duplicate points);
 * each check is the one definition of its statement (generator, bound, tolerance and why), whose
 * cases the properties of {@code dev.otto.theory.ot} draw.
 */
final class OptimalTransportChecks {

    private OptimalTransportChecks() {
    }

    static List<TheoremCheck> all() {
        return List.of(duality(), vertex(), w1AtMostW2(), kantorovichRubinstein(), cyclicalMonotonicity(),
                barycentricMap(), oneDimensional(), gaussian(), sinkhornGeometric(), entropicBound(), sinkhornDivergence(),
                logDomainEqualsScaling());
    }

    private static Statement statement(String id, String text) {
        return new Statement(id, "1", text, "");
    }

    /** n in [1, maxN] (1 at case 0), m in [1, maxN], d in 1..3, scale 1e-6 (case 0) .. 1e6 (case 1), weight modes in turn. */
    static OtProblem problem(int index, SplittableRandom rng, int maxN) {
        int n = Draw.integer(index, rng, 1, maxN);
        int m = 1 + rng.nextInt(maxN);
        int d = 1 + rng.nextInt(3);
        double scale = Draw.logScale(index, rng, -6, 6);
        return OtProblem.build(n, m, d, scale, Draw.regime(index, OtProblem.WEIGHT_MODES), rng.nextLong());
    }

    private static ExactResult simplex(double[] a, double[] b, CostMatrix c) {
        ExactResult r = new NetworkSimplex().solve(a, b, c);
        if (r.status() != TransportStatus.OPTIMAL) {
            throw new IllegalStateException("network simplex stopped with status " + r.status());
        }
        return r;
    }

    /**
     * Primal and dual feasibility, zero duality gap and complementary slackness of the network
     * simplex's plan and potentials. Every potential is a signed sum along a path of the spanning
     * tree of at most n + m cost entries, each rounded once, so the dual quantities are exact to
     * (n + m) ulps of max|C|; the bound allows 8 (n + m) u max|C| (u = 2^-52; x mass for the gap) and
     * 8 (n + m) u x mass for the marginals, whose entries are sums of as many masses.
     */
    static TheoremCheck duality() {
        return WorstCase.of(statement("ot.duality",
                        "Discrete OT: the optimal plan and potentials are feasible, the duality gap is 0 and P_ij > 0 implies f_i + g_j = C_ij"),
                "measured: the worst of the marginal error |P1 - a|, |P^T 1 - b| (bound r x mass), the dual infeasibility "
                        + "max(f_i + g_j - C_ij), the gap |<C,P> - <a,f> - <b,g>| (bound r max|C| x mass) and the "
                        + "slackness error |f_i + g_j - C_ij| on P > 0 (bound r max|C|), r = 8 (n + m) ulps of 1; in units of "
                        + "mass or cost",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 12);
                    CostMatrix c = p.cost();
                    ExactResult r = simplex(p.a, p.b, c);
                    double mass = OtProblem.sum(p.a);
                    double rounding = 8 * (p.n() + p.m()) * Math.ulp(1.0);
                    double tol = rounding * Math.max(c.maxAbs(), Double.MIN_NORMAL);
                    double[] rows = new double[p.n()];
                    double[] cols = new double[p.m()];
                    double minMass = Double.POSITIVE_INFINITY;
                    double slackness = 0;
                    for (int k = 0; k < r.nonZeros(); k++) {
                        rows[r.row(k)] += r.mass(k);
                        cols[r.col(k)] += r.mass(k);
                        minMass = Math.min(minMass, r.mass(k));
                        slackness = Math.max(slackness, Math.abs(r.f()[r.row(k)] + r.g()[r.col(k)] - c.get(r.row(k), r.col(k))));
                    }
                    double marginal = Math.max(maxDifference(p.a, rows), maxDifference(p.b, cols));
                    double infeasible = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < p.n(); i++) {
                        for (int j = 0; j < p.m(); j++) {
                            infeasible = Math.max(infeasible, r.f()[i] + r.g()[j] - c.get(i, j));
                        }
                    }
                    return Outcome.worst(Outcome.atLeast(minMass, 0), Outcome.error(marginal, rounding * mass),
                            Outcome.atMost(infeasible, tol), Outcome.error(r.cost() - r.dualObjective(p.a, p.b), tol * mass),
                            Outcome.error(slackness, tol));
                });
    }

    private static double maxDifference(double[] u, double[] v) {
        double m = 0;
        for (int i = 0; i < u.length; i++) {
            m = Math.max(m, Math.abs(u[i] - v[i]));
        }
        return m;
    }

    /** A vertex of the transportation polytope: a spanning forest of the bipartite graph. */
    static TheoremCheck vertex() {
        return WorstCase.of(statement("ot.vertex",
                        "An optimal vertex found by the network simplex has at most n + m - 1 nonzeros"),
                "measured: the number of nonzeros of the plan; bound: n + m - 1",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 12);
                    ExactResult r = simplex(p.a, p.b, p.cost());
                    return Outcome.atMost(r.nonZeros(), p.n() + p.m() - 1);
                });
    }

    /** W_1 &lt;= W_2 for probability weights (Jensen); 1e-9 relative slack on the distance scale. */
    static TheoremCheck w1AtMostW2() {
        return WorstCase.of(statement("ot.w1-le-w2", "W_1 <= W_2 between point clouds with the same probability weights"),
                "measured: W_1; bound: W_2 (1 + 1e-9)",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 9).probability();
                    double w1 = Wasserstein.w1(p.x, p.a, p.y, p.b);
                    double w2 = Wasserstein.w2(p.x, p.a, p.y, p.b);
                    return Outcome.atMost(w1, w2 * (1 + 1e-9) + 1e-300);
                });
    }

    /**
     * Weak Kantorovich-Rubinstein duality on generated 1-Lipschitz functions, half of them within a
     * fraction of a percent of the supremum (the c-transform of the W_1 duals mixed in), so a W_1
     * that is too small is caught. Tolerance 1e-10 (max|C| + max|g|).
     */
    static TheoremCheck kantorovichRubinstein() {
        return WorstCase.of(statement("ot.kantorovich-rubinstein",
                        "Kantorovich-Rubinstein: every 1-Lipschitz g gives E_mu g - E_nu g <= W_1(mu, nu), near equality for the optimal dual"),
                "measured: E_mu g - E_nu g for a generated 1-Lipschitz g; bound: W_1 + 1e-10 (max|x - y| + max|g|)",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 10).probability();
                    double w1 = Wasserstein.w1(p.x, p.a, p.y, p.b);
                    double[] h = Wasserstein.solve(p.x, p.a, p.y, p.b, 1).g();
                    ToDoubleFunction<double[]> g = OneLipschitz.generate(p, h, rng);
                    double ex = 0;
                    double ey = 0;
                    double maxG = 0;
                    for (int i = 0; i < p.n(); i++) {
                        double v = g.applyAsDouble(p.x[i]);
                        ex += p.a[i] * v;
                        maxG = Math.max(maxG, Math.abs(v));
                    }
                    for (int j = 0; j < p.m(); j++) {
                        double v = g.applyAsDouble(p.y[j]);
                        ey += p.b[j] * v;
                        maxG = Math.max(maxG, Math.abs(v));
                    }
                    double maxC = PointCloudCost.euclidean(p.x, p.y).maxAbs();
                    return Outcome.atMost(ex - ey, w1 + 1e-10 * (maxC + maxG));
                });
    }

    /** Any profitable swap left in the support is a real violation; four entries exact to an ulp: 1e-11 max|C|. */
    static TheoremCheck cyclicalMonotonicity() {
        return WorstCase.of(statement("ot.cyclical-monotonicity",
                        "Cyclical monotonicity: for support pairs (i,j), (k,l) of an optimal plan, C_ij + C_kl <= C_il + C_kj"),
                "measured: C_ij + C_kl for the worst pair of support entries in distinct rows and columns; bound: C_il + C_kj + 1e-11 max|C|",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 15);
                    CostMatrix c = p.cost();
                    ExactResult r = simplex(p.a, p.b, c);
                    double tol = 1e-11 * Math.max(c.maxAbs(), Double.MIN_NORMAL);
                    // pairs sharing a row or a column hold with equality; with none left, report that equality
                    int i0 = r.row(0);
                    int j0 = r.col(0);
                    Outcome worst = Outcome.atMost(2 * c.get(i0, j0), 2 * c.get(i0, j0) + tol);
                    boolean first = true;
                    for (int s = 0; s < r.nonZeros(); s++) {
                        for (int t = s + 1; t < r.nonZeros(); t++) {
                            int i = r.row(s);
                            int j = r.col(s);
                            int k = r.row(t);
                            int l = r.col(t);
                            if (i != k && j != l) {
                                Outcome o = Outcome.atMost(c.get(i, j) + c.get(k, l), c.get(i, l) + c.get(k, j) + tol);
                                worst = first ? o : Outcome.worseOf(worst, o);
                                first = false;
                            }
                        }
                    }
                    return worst;
                });
    }

    /**
     * For uniform weights and n = m the optimal vertex is a permutation (Birkhoff), so the barycentric
     * map of the network simplex's plan sends each x_i to one y_j and is an optimal assignment: its
     * mean cost (1/n) sum |x_i - T(x_i)|^2 equals the brute-force minimum over all n! permutations
     * ({@link BruteForceAssignment}, an oracle independent of the plan). A map that averages, a plan
     * that is not optimal or a map read off the wrong rows all change that cost. Both sides sum n
     * terms of size at most max|C|, each exact to a few ulps: 8 n u max|C| (u = 2^-52).
     */
    static TheoremCheck barycentricMap() {
        return WorstCase.of(statement("ot.barycentric-map",
                        "For a permutation plan (uniform weights, n = m) the barycentric map T(x_i) = (1/a_i) sum_j P_ij y_j is the OT map"),
                "measured: |(1/n) sum_i |x_i - T(x_i)|^2 - min over permutations s of (1/n) sum_i |x_i - y_s(i)|^2|, "
                        + "in units of the squared distance; bound: 8 n u max|C|, u = 2^-52 (rounding of n terms)",
                (index, rng) -> {
                    int n = Draw.integer(index, rng, 1, 7);
                    OtProblem p = OtProblem.build(n, n, 1 + rng.nextInt(3), Draw.logScale(index, rng, -6, 6), 0, rng.nextLong());
                    CostMatrix c = p.cost();
                    double[][] t = BarycentricMap.of(simplex(p.a, p.b, c), p.x, p.y);
                    double cost = 0;
                    for (int i = 0; i < n; i++) {
                        double s = 0;
                        for (int k = 0; k < p.dimension(); k++) {
                            s += (p.x[i][k] - t[i][k]) * (p.x[i][k] - t[i][k]);
                        }
                        cost += s / n;
                    }
                    double oracle = BruteForceAssignment.solve(c).cost();
                    return Outcome.error(cost - oracle, 8 * n * Math.ulp(1.0) * Math.max(c.maxAbs(), Double.MIN_NORMAL));
                });
    }

    /**
     * Sorted quantiles against the network simplex on the first coordinates, p in [1, 3]. Both sides
     * sum at most n + m terms |x_i - y_j|^p, each at most max|C| = max |x_i - y_j|^p and rounded a few
     * times (the power included): 8 (n + m) u max|C|, u = 2^-52.
     */
    static TheoremCheck oneDimensional() {
        return WorstCase.of(statement("ot.one-dimensional",
                        "1-D: W_p^p is the integral of |F^-1 - G^-1|^p, computed from sorted samples, and equals exact OT"),
                "measured: |W_p^p(network simplex) - W_p^p(sorted)|, in units of the cost; bound: 8 (n + m) u max|x_i - y_j|^p, "
                        + "u = 2^-52 (rounding)",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 9).probability();
                    double power = Draw.uniform(index, rng, 1, 3);
                    double[] xs = firstCoordinates(p.x);
                    double[] ys = firstCoordinates(p.y);
                    double exact = Wasserstein.wpp(column(xs), p.a, column(ys), p.b, power);
                    double sorted = OneDimensional.wpp(xs, p.a, ys, p.b, power);
                    double maxC = Math.max(PointCloudCost.power(column(xs), column(ys), power).maxAbs(), Double.MIN_NORMAL);
                    return Outcome.error(exact - sorted, 8 * (p.n() + p.m()) * Math.ulp(1.0) * maxC);
                });
    }

    private static double[] firstCoordinates(double[][] pts) {
        double[] out = new double[pts.length];
        for (int i = 0; i < pts.length; i++) {
            out[i] = pts[i][0];
        }
        return out;
    }

    private static double[][] column(double[] v) {
        double[][] out = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            out[i][0] = v[i];
        }
        return out;
    }

    /** Two Gaussians in dimension 1..5 with condition numbers up to 1e6 and scales 1e-3 .. 1e3. */
    private record GaussianPair(double[] m1, double[][] s1, double[] m2, double[][] s2, double cond) {
        static GaussianPair generate(int index, SplittableRandom rng) {
            int d = 1 + rng.nextInt(5);
            double scale = Draw.logScale(index, rng, -3, 3);
            double cond = Math.pow(10, index < 2 ? 6 : 6 * rng.nextDouble()); // near-singular first
            double[] m1 = new double[d];
            double[] m2 = new double[d];
            for (int k = 0; k < d; k++) {
                m1[k] = scale * rng.nextGaussian();
                m2[k] = scale * rng.nextGaussian();
            }
            return new GaussianPair(m1, covariance(d, scale, cond, rng), m2, covariance(d, scale, cond, rng), cond);
        }

        /** Eigenvalues scale^2 x {1, cond^-u, ..., 1/cond}: the extremes always present. */
        private static double[][] covariance(int d, double scale, double cond, SplittableRandom rng) {
            double[] lam = new double[d];
            for (int k = 0; k < d; k++) {
                lam[k] = scale * scale * (k == 0 ? 1 : k == d - 1 ? 1 / cond : Math.pow(cond, -rng.nextDouble()));
            }
            return RandomMatrices.spd(lam, rng);
        }
    }

    /**
     * The map pushes S1 to S2 (A S1 A = S2, A symmetric) and its cost E|T(X) - X|^2 =
     * |m1 - m2|^2 + tr((A - I) S1 (A - I)) is the Bures value. Eigen-decompositions are backward
     * stable, so the computed A has a relative error of a modest multiple of u cond (u = 2^-52, cond
     * the covariances' condition number): the bound allows 64 u cond |S2|_F for the push-forward and
     * 64 u cond (|S1|_F + |S2|_F) + 64 u W_2^2 for the cost (the worst case measured at budget 400
     * sits within a factor of 10 of it).
     */
    private static final double GAUSSIAN_ROUNDING = 64 * Math.ulp(1.0);

    static TheoremCheck gaussian() {
        return WorstCase.of(new Statement("ot.gaussian", "1",
                        "Gaussians: T(x) = m2 + A(x - m1) pushes N(m1,S1) onto N(m2,S2) (A S1 A = S2) at the cost W_2^2 = |m1-m2|^2 + tr(S1 + S2 - 2(S1^1/2 S2 S1^1/2)^1/2)",
                        "Bures-Wasserstein closed form"),
                "measured: the worse of max|A S1 A - S2| (bound 64 u cond |S2|_F, A exactly symmetric) and |E|T(X) - X|^2 - W_2^2| "
                        + "(bound 64 u cond (|S1|_F + |S2|_F) + 64 u W_2^2), u = 2^-52, in units of the covariance",
                (index, rng) -> {
                    GaussianPair p = GaussianPair.generate(index, rng);
                    int d = p.m1().length;
                    double[][] a = GaussianW2.mapMatrix(p.s1(), p.s2());
                    double[][] pushed = multiply(multiply(a, p.s1()), a);
                    double pushError = 0;
                    double asymmetry = 0;
                    double[][] am = new double[d][d];
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            pushError = Math.max(pushError, Math.abs(pushed[i][j] - p.s2()[i][j]));
                            asymmetry = Math.max(asymmetry, Math.abs(a[i][j] - a[j][i]));
                            am[i][j] = a[i][j] - (i == j ? 1 : 0);
                        }
                    }
                    double[][] q = multiply(multiply(am, p.s1()), am);
                    double cost = 0;
                    for (int k = 0; k < d; k++) {
                        double t = p.m1()[k] - p.m2()[k];
                        cost += t * t + q[k][k];
                    }
                    double w2 = GaussianW2.w2Squared(p.m1(), p.s1(), p.m2(), p.s2());
                    return Outcome.worst(Outcome.error(pushError, GAUSSIAN_ROUNDING * p.cond() * frobenius(p.s2())),
                            Outcome.exactlyZero(asymmetry),
                            Outcome.error(cost - w2, GAUSSIAN_ROUNDING * (p.cond() * (frobenius(p.s1()) + frobenius(p.s2())) + cost)));
                });
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int d = a.length;
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double frobenius(double[][] a) {
        double s = 0;
        for (double[] r : a) {
            for (double v : r) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * Geometric convergence of the marginal error, made checkable by Birkhoff's contraction theorem
     * (Franklin and Lorenz 1989; Peyre and Cuturi, Computational Optimal Transport, Theorem 4.2): each
     * full iteration contracts the Hilbert projective distance of the scalings to the fixed point by
     * lambda^2, lambda = tanh(Delta/4), Delta = max (C_il + C_kj - C_ij - C_kl)/eps the kernel's
     * log cross-ratio range, and the first half-step brings that distance below Delta; the L1
     * marginal error is at most mass (exp(2 d_H) - 1). So the error reaches tol x mass within the
     * smallest l with exp(2 lambda^(2l) Delta) - 1 &lt;= tol. eps = 1 .. 10 max|C| keeps lambda &lt;= 0.47,
     * where ill-conditioning cannot excuse slowness; the bound allows twice that count plus 2 (constants
     * and the one-iteration lag of the stopping test), and tol = 1e-11 is two decades above the
     * documented round-off floor 1e-13. Both forms (log-domain and scaling) must meet it.
     */
    static TheoremCheck sinkhornGeometric() {
        return WorstCase.of(statement("ot.sinkhorn-geometric",
                        "Sinkhorn: the marginal error |P 1 - a|_1 decreases geometrically (rate tanh(Delta/4)^2, Delta the log cross-ratio range of exp(-C/eps))"),
                "measured: the iterations both forms need to bring the L1 marginal error below 1e-11 x mass (infinite if not "
                        + "within 10 x the bound); bound: 2 l + 2, l the count Birkhoff's contraction rate guarantees (eps = 1 .. 10 max|C|)",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 12);
                    CostMatrix c = p.cost();
                    double eps = Math.max(c.maxAbs(), Double.MIN_NORMAL) * Draw.logScale(index, rng, 0, 1);
                    double delta = 0;
                    for (int i = 0; i < p.n(); i++) {
                        for (int k = 0; k < p.n(); k++) {
                            for (int j = 0; j < p.m(); j++) {
                                for (int l = 0; l < p.m(); l++) {
                                    delta = Math.max(delta, (c.get(i, l) + c.get(k, j) - c.get(i, j) - c.get(k, l)) / eps);
                                }
                            }
                        }
                    }
                    double tol = 1e-11;
                    double lambda2 = Math.pow(Math.tanh(delta / 4), 2);
                    int guaranteed = 1;
                    while (Math.expm1(2 * Math.pow(lambda2, guaranteed) * delta) > tol) {
                        guaranteed++;
                    }
                    int bound = 2 * guaranteed + 2;
                    double worst = 0;
                    for (Sinkhorn s : List.of(Sinkhorn.logDomain(), Sinkhorn.scaling())) {
                        SinkhornResult r = s.withEpsilon(eps).withTolerance(tol).withMaxIterations(10 * bound).solve(p.a, p.b, c);
                        worst = Math.max(worst, r.converged() ? r.iterations() : Double.POSITIVE_INFINITY);
                    }
                    return Outcome.atMost(worst, bound);
                });
    }

    /**
     * 0 &lt;= &lt;C,P_eps&gt; - OT &lt;= eps (H(P_eps) - H(P*)) &lt;= eps (H(a) + H(b)) for probability
     * weights, P* the network simplex's plan: P_eps minimises &lt;C,P&gt; - eps H(P) on the polytope, so
     * &lt;C,P_eps&gt; - eps H(P_eps) &lt;= &lt;C,P*&gt; - eps H(P*); and H(P_eps) &lt;= H(a) + H(b),
     * H(P*) &gt;= 0 give MATH.md's form. The middle bound is the one checked: it is the case's own
     * slack (it leaves out only the gap between the two entropic objectives), so measured/bound is
     * of order 1 and a plan that is too costly by a fraction of eps fails. eps from 1e-3 to 1 times the
     * mean cost. The returned plan is feasible only to the stopping tolerance (L1 marginal error
     * delta &lt;= 1e-9): moving that mass changes &lt;C,P&gt; by at most delta max|C| and each entropy by
     * at most delta (1 + |log delta| + log(nm)), the allowance s added to both ends, plus 1e-12 max|C|
     * for rounding.
     */
    static TheoremCheck entropicBound() {
        return WorstCase.of(statement("ot.entropic-bound",
                        "Entropic OT: 0 <= <C,P_eps> - OT(a,b,C) <= eps (H(P_eps) - H(P_OT)) <= eps (H(a) + H(b))"),
                "measured: (<C,P_eps> - OT) / eps, in nats; bound: H(P_eps) - H(P_OT) + s / eps (and -s / eps below, reported if violated), "
                        + "s / eps the allowance for the stopping tolerance (marginal error x max|C| and in the entropies) + 1e-12 max|C|",
                "eps / mean cost",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 12).probability();
                    CostMatrix c = p.cost();
                    double rel = Draw.logScale(index, rng, -3, 0);
                    SinkhornResult r = requireConverged(Sinkhorn.logDomain().withRelativeEpsilon(rel).withTolerance(1e-9)
                            .withMaxIterations(20_000).solve(p.a, p.b, c), 1e-9 * OtProblem.sum(p.a));
                    ExactResult exact = simplex(p.a, p.b, c);
                    double[] exactMasses = new double[exact.nonZeros()];
                    for (int k = 0; k < exactMasses.length; k++) {
                        exactMasses[k] = exact.mass(k);
                    }
                    double entropic = 0;
                    for (double[] row : r.plan()) {
                        entropic += OtProblem.entropy(row);
                    }
                    double delta = r.rowMarginalError() + r.columnMarginalError();
                    double maxC = Math.max(c.maxAbs(), Double.MIN_NORMAL);
                    double entropyAllowance = delta > 0 ? delta * (1 + Math.abs(Math.log(delta)) + Math.log(p.n() * (double) p.m())) : 0;
                    double slack = delta * maxC + r.epsilon() * entropyAllowance + 1e-12 * maxC;
                    double bound = entropic - OtProblem.entropy(exactMasses);
                    double e = r.epsilon();
                    double gap = (r.transportCost() - exact.cost()) / e;
                    Outcome lower = Outcome.atLeast(gap, -slack / e);
                    return (lower.holds() ? Outcome.atMost(gap, bound + slack / e) : lower).at(rel);
                });
    }

    /**
     * A precondition of the Sinkhorn statements, not one of them: a solver that reports convergence
     * must return a plan whose L1 marginal errors are below its tolerance x mass (up to 1e-6 relative
     * rounding of the sums). Violations throw, and the catalog reports the statement as failed with
     * the message. Solves stopped at the iteration limit are legitimate on ill-conditioned instances
     * and are judged by the statement's own allowance.
     */
    private static SinkhornResult requireConverged(SinkhornResult r, double tolerance) {
        double error = Math.max(r.rowMarginalError(), r.columnMarginalError());
        if (r.converged() && error > tolerance * (1 + 1e-6)) {
            throw new IllegalStateException("Sinkhorn reported convergence with marginal error " + error
                    + " above its tolerance " + tolerance);
        }
        return r;
    }

    /**
     * Two parts, alternating. (1) S_eps &gt;= 0 for the costs |x - y| and |x - y|^2 (positive definite
     * Gibbs kernels), probability weights, eps from 0.05 to 5 times the mean cost. (2) Its closed form
     * on a translated cloud: with C = |x - y|^2, a = b and y_i = x_i + v, the cross cost is
     * |x_i - x_j|^2 - 2 &lt;x_i - x_j, v&gt; + |v|^2; the middle term is a row term plus a column term
     * whose weighted sums cancel when a = b, so OT_eps(x, x + v) = OT_eps(x, x) + |v|^2 and, as the
     * two self terms are equal, S_eps = |v|^2 exactly, for one shared eps (any value, here 0.01 .. 10
     * times the largest squared distance: smaller values need more than the iteration limit on weights
     * spread over eight decades). Each OT_eps is stationary in the potentials, so the
     * marginal error (&lt;= 1e-11) moves it by at most 1e-11 max|C| per solve: the tolerance is three
     * solves' worth, 3e-11 max|C|, plus 1e-13 max|C| for rounding the objectives; for (1) the same.
     */
    static TheoremCheck sinkhornDivergence() {
        return WorstCase.of(statement("ot.sinkhorn-divergence",
                        "Sinkhorn divergence S_eps(a,b) = OT_eps(a,b) - OT_eps(a,a)/2 - OT_eps(b,b)/2 >= 0, and S_eps(x, x + v) = |v|^2 for a translated cloud with a = b"),
                "measured: S_eps(a, b) for p = 1, 2 (bound: -3.1e-11 max|C|) or, on translated clouds, |S_eps(x, x + v) - |v|^2| "
                        + "(bound: 3.1e-11 max|C|), in units of the cost",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 10).probability();
                    Sinkhorn s = Sinkhorn.logDomain().withTolerance(1e-11).withMaxIterations(100_000);
                    if (index % 2 == 0) {
                        double[] v = new double[p.dimension()];
                        double v2 = 0;
                        double[][] moved = new double[p.n()][];
                        for (int k = 0; k < v.length; k++) {
                            v[k] = p.scale * rng.nextGaussian();
                            v2 += v[k] * v[k];
                        }
                        for (int i = 0; i < p.n(); i++) {
                            moved[i] = p.x[i].clone();
                            for (int k = 0; k < v.length; k++) {
                                moved[i][k] += v[k];
                            }
                        }
                        double maxC = Math.max(PointCloudCost.squaredEuclidean(p.x, moved).maxAbs(), Double.MIN_NORMAL);
                        double eps = maxC * Draw.logScale(index, rng, -1, 1);
                        double div = SinkhornDivergence.of(p.x, p.a, moved, p.a, 2, eps, s);
                        return Outcome.error(div - v2, 3.1e-11 * maxC);
                    }
                    double power = rng.nextBoolean() ? 1 : 2;
                    double rel = Draw.logScale(index, rng, Math.log10(0.05), Math.log10(5));
                    double maxC = Math.max(PointCloudCost.power(p.x, p.y, power).maxAbs(), Double.MIN_NORMAL);
                    double div = SinkhornDivergence.of(p.x, p.a, p.y, p.b, power, Double.NaN, s.withRelativeEpsilon(rel));
                    return Outcome.atLeast(div, -3.1e-11 * maxC);
                });
    }

    /**
     * The scaling and log-domain forms compute the same iterates, so where both are stable (eps &gt;=
     * 0.05 mean cost) their transport costs and objectives agree up to how far each stopped from the
     * common fixed point. Each stops at L1 marginal error delta &lt;= 1e-10 x mass; the plans then differ
     * from the fixed point by O(delta) mass, which moves &lt;C,P&gt; and the objective by O(delta max|C|):
     * bound 10 (delta_log + delta_scaling) max|C| + 1e-13 max|C| mass for rounding. A wrong update in
     * either form moves its fixed point and fails.
     */
    static TheoremCheck logDomainEqualsScaling() {
        return WorstCase.of(statement("ot.log-domain-equals-scaling",
                        "Sinkhorn's log-domain form and scaling form compute the same entropic plan"),
                "measured: the larger difference of <C,P> and of the OT_eps objective between the two forms, in units of the "
                        + "cost; bound: 10 (sum of the two L1 marginal errors) max|C| + 1e-13 max|C| mass",
                (index, rng) -> {
                    OtProblem p = problem(index, rng, 20);
                    CostMatrix c = p.cost();
                    double rel = Draw.logScale(index, rng, Math.log10(0.05), Math.log10(2));
                    SinkhornResult log = requireConverged(Sinkhorn.logDomain().withRelativeEpsilon(rel).withTolerance(1e-10)
                            .withMaxIterations(3000).solve(p.a, p.b, c), 1e-10 * OtProblem.sum(p.a));
                    SinkhornResult sc = requireConverged(Sinkhorn.scaling().withRelativeEpsilon(rel).withTolerance(1e-10)
                            .withMaxIterations(3000).solve(p.a, p.b, c), 1e-10 * OtProblem.sum(p.a));
                    double mc = Math.max(c.maxAbs(), Double.MIN_NORMAL);
                    double delta = log.rowMarginalError() + log.columnMarginalError() + sc.rowMarginalError() + sc.columnMarginalError();
                    double tol = 10 * delta * mc + 1e-13 * mc * OtProblem.sum(p.a);
                    double diff = Math.max(Math.abs(log.transportCost() - sc.transportCost()),
                            Math.abs(log.objective() - sc.objective()));
                    return Outcome.error(diff, tol);
                });
    }
}
