package dev.otto.ot.exact;

import dev.otto.ot.internal.Checks;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.internal.Parallel;

import java.util.Arrays;

/**
 * Exact discrete optimal transport by the primal network simplex, MATH.md section 1
 * ("Discrete OT"): OT(a,b,C) = min { &lt;C,P&gt; : P &gt;= 0, P 1 = a, P^T 1 = b } and its dual
 * max { &lt;a,f&gt; + &lt;b,g&gt; : f_i + g_j &lt;= C_ij }.
 *
 * <p>Algorithm (the transportation simplex on the complete bipartite graph, as in Bonneel et al.
 * 2011 / LEMON, written anew here): a spanning-tree basis rooted at an artificial node, one
 * artificial arc per node (cost 0 from sources, a big-M cost 2 max|C| (n + m + 1) to sinks; POT's
 * (max C + 1) N is not scale-free and loses optimality when all costs are below 1e-12),
 * block-search pricing (block = max(sqrt(n m), 10) arcs, most negative reduced cost in the first
 * block that has one below a relative tolerance), and the strongly-feasible leaving-arc rule that
 * prevents cycling. The tree is stored as parent / depth / child lists; only tree arcs carry flow,
 * so the solver itself needs O(n + m) memory besides the cost (which may be evaluated on the fly,
 * see {@link dev.otto.ot.cost.PointCloudCost}).
 *
 * <p>Zero-weight points are removed before the simplex and receive dual values by c-transform,
 * so f_i + g_j &lt;= C_ij holds for every pair. The returned duals are the double c-transform of
 * the tree potentials (exactly feasible up to one rounding), shifted so that
 * &lt;a,f&gt; = &lt;b,g&gt;. Weights b are rescaled by sum(a)/sum(b) (they must agree to a relative
 * 1e-9). The pivot limit defaults to max(10^6, n m).
 *
 * <p>Single-threaded by design (the pivots are sequential); the dual post-processing is
 * parallel over rows with thread-count-independent results.
 */
public final class NetworkSimplex {

    /** Relative tolerance on negative reduced costs (a few ulps: potentials drift by round-off). */
    static final double PRICING_TOLERANCE = 1e-14;

    private final long maxIterations;

    /** A solver with the default, size-dependent pivot limit. */
    public NetworkSimplex() {
        this(0);
    }

    private NetworkSimplex(long maxIterations) {
        this.maxIterations = maxIterations;
    }

    /** A solver with a fixed pivot limit (&gt; 0). */
    public NetworkSimplex withMaxIterations(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("maxIterations: expected > 0, got " + limit);
        }
        return new NetworkSimplex(limit);
    }

    /** The default pivot limit for an n x m problem: max(10^6, n m). */
    public static long defaultMaxIterations(int n, int m) {
        return Math.max(1_000_000L, (long) n * m);
    }

    /** Solves OT(a, b, C) for an explicit cost array. */
    public ExactResult solve(double[] a, double[] b, double[][] cost) {
        return solve(a, b, CostMatrix.of(cost));
    }

    /** Solves OT(a, b, C). */
    public ExactResult solve(double[] a, double[] b, Cost cost) {
        Checks.present("cost", "a cost", cost);
        double[] mass = Checks.problem(a, b, cost.rows(), cost.cols());
        int n = a.length;
        int m = b.length;
        double sa = mass[0];
        double sb = mass[1];
        int[] rowAct = active(a);
        int[] colAct = active(b);
        boolean all = rowAct.length == n && colAct.length == m;
        Cost sub = all ? cost : cost.restrict(rowAct, colAct);
        double[] supply = new double[rowAct.length];
        double[] demand = new double[colAct.length];
        for (int r = 0; r < rowAct.length; r++) {
            supply[r] = a[rowAct[r]];
        }
        double scale = sa / sb;
        for (int c = 0; c < colAct.length; c++) {
            demand[c] = b[colAct[c]] * scale;
        }
        long limit = maxIterations > 0 ? maxIterations : defaultMaxIterations(n, m);
        Tree t = new Tree(supply, demand, sub);
        TransportStatus status = t.run(limit, sa);

        // plan: tree arcs between real nodes with positive flow
        int na = rowAct.length;
        int cnt = 0;
        for (int u = 0; u < t.nodes; u++) {
            if (t.parent[u] != t.root && t.flow[u] > 0) {
                cnt++;
            }
        }
        int[] pr = new int[cnt];
        int[] pc = new int[cnt];
        double[] pm = new double[cnt];
        int k = 0;
        double total = 0;
        for (int u = 0; u < t.nodes; u++) {
            if (t.parent[u] != t.root && t.flow[u] > 0) {
                int s = u < na ? u : t.parent[u];
                int d = (u < na ? t.parent[u] : u) - na;
                pr[k] = rowAct[s];
                pc[k] = colAct[d];
                pm[k] = t.flow[u];
                k++;
            }
        }
        sortPlan(pr, pc, pm);
        for (int q = 0; q < cnt; q++) {
            total += pm[q] * cost.get(pr[q], pc[q]);
        }
        // the tree potentials may all carry the big-M offset of an artificial arc: remove it
        // before the c-transforms so they work on numbers of the size of C
        double[] fAct = new double[na];
        double mean = 0;
        for (int r = 0; r < na; r++) {
            mean += t.pi[r];
        }
        mean /= na;
        for (int r = 0; r < na; r++) {
            fAct[r] = mean - t.pi[r];
        }
        double[][] fg = cTransformDuals(cost, rowAct, fAct);
        double[] f = fg[0];
        double[] g = fg[1];
        // gauge: <a,f> = <b,g> (the dual objective is unchanged since sum a = sum b up to 1e-9)
        double af = 0;
        double bg = 0;
        for (int i = 0; i < n; i++) {
            af += a[i] * f[i];
        }
        for (int j = 0; j < m; j++) {
            bg += b[j] * g[j];
        }
        double shift = (bg - af) / (sa + sb);
        for (int i = 0; i < n; i++) {
            f[i] += shift;
        }
        for (int j = 0; j < m; j++) {
            g[j] -= shift;
        }
        return new ExactResult(status, total, n, m, pr, pc, pm, f, g, t.iterations);
    }

    private static int[] active(double[] w) {
        int c = 0;
        for (double v : w) {
            if (v > 0) {
                c++;
            }
        }
        int[] idx = new int[c];
        int k = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                idx[k++] = i;
            }
        }
        return idx;
    }

    /** Sorts nonzeros by (row, col) so results do not depend on the tree's internal order. */
    private static void sortPlan(int[] r, int[] c, double[] m) {
        int len = r.length;
        long[] key = new long[len];
        for (int k = 0; k < len; k++) {
            key[k] = ((long) r[k] << 32) | (c[k] & 0xffffffffL);
        }
        Integer[] order = new Integer[len];
        for (int k = 0; k < len; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (p, q) -> Long.compare(key[p], key[q]));
        int[] r2 = new int[len];
        int[] c2 = new int[len];
        double[] m2 = new double[len];
        for (int k = 0; k < len; k++) {
            r2[k] = r[order[k]];
            c2[k] = c[order[k]];
            m2[k] = m[order[k]];
        }
        System.arraycopy(r2, 0, r, 0, len);
        System.arraycopy(c2, 0, c, 0, len);
        System.arraycopy(m2, 0, m, 0, len);
    }

    /**
     * g_j = min over active rows i of (C_ij - f_i), then f_i = min_j (C_ij - g_j) for every row:
     * dual feasible for all pairs (zero-weight points included) and still optimal.
     */
    static double[][] cTransformDuals(Cost cost, int[] rowAct, double[] fAct) {
        int n = cost.rows();
        int m = cost.cols();
        int na = rowAct.length;
        int bs = 64;
        int blocks = Parallel.blockCount(na, bs);
        double[][] colMin = new double[blocks][];
        Parallel.forEachBlock(na, bs, (long) na * m, (lo, hi) -> {
            double[] mins = new double[m];
            Arrays.fill(mins, Double.POSITIVE_INFINITY);
            double[] buf = new double[m];
            for (int r = lo; r < hi; r++) {
                cost.row(rowAct[r], buf);
                double fr = fAct[r];
                for (int j = 0; j < m; j++) {
                    double v = buf[j] - fr;
                    if (v < mins[j]) {
                        mins[j] = v;
                    }
                }
            }
            colMin[lo / bs] = mins;
        });
        double[] g = colMin[0].clone();
        for (int k = 1; k < blocks; k++) {
            for (int j = 0; j < m; j++) {
                g[j] = Math.min(g[j], colMin[k][j]);
            }
        }
        double[] f = new double[n];
        Parallel.forEachBlock(n, bs, (long) n * m, (lo, hi) -> {
            double[] buf = new double[m];
            for (int i = lo; i < hi; i++) {
                cost.row(i, buf);
                double mn = Double.POSITIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    mn = Math.min(mn, buf[j] - g[j]);
                }
                f[i] = mn;
            }
        });
        return new double[][] {f, g};
    }

    /** The spanning-tree basis and the pivot loop on an instance with positive weights. */
    static final class Tree {
        final int n;
        final int m;
        final int nodes;
        final int root;
        final double[] c;
        final Cost lazy;
        final double art;
        final int[] parent;
        final int[] depth;
        final int[] firstChild;
        final int[] nextSib;
        final int[] prevSib;
        final boolean[] up;
        final double[] flow;
        final double[] pi;
        final int[] stack;
        final int block;
        long iterations;
        int curI;
        int curJ;
        int inI;
        int inJ;

        Tree(double[] supply, double[] demand, Cost cost) {
            n = supply.length;
            m = demand.length;
            nodes = n + m;
            root = nodes;
            if (cost instanceof CostMatrix) {
                c = ((CostMatrix) cost).data();
                lazy = null;
            } else {
                c = null;
                lazy = cost;
            }
            double mx = cost.maxAbs();
            // big-M exceeding the cost of any path; scale-free (no "+ 1") so tiny costs keep their precision
            art = 2 * Math.max(mx, Double.MIN_NORMAL) * (nodes + 1);
            parent = new int[nodes + 1];
            depth = new int[nodes + 1];
            firstChild = new int[nodes + 1];
            nextSib = new int[nodes + 1];
            prevSib = new int[nodes + 1];
            up = new boolean[nodes + 1];
            flow = new double[nodes + 1];
            pi = new double[nodes + 1];
            stack = new int[nodes + 1];
            block = (int) Math.max(10, Math.min(Integer.MAX_VALUE / 2, Math.sqrt((double) n * m)));
            Arrays.fill(firstChild, -1);
            Arrays.fill(nextSib, -1);
            Arrays.fill(prevSib, -1);
            parent[root] = -1;
            depth[root] = 0;
            for (int u = nodes - 1; u >= 0; u--) {
                parent[u] = root;
                depth[u] = 1;
                link(root, u);
                if (u < n) {
                    up[u] = true;
                    flow[u] = supply[u];
                    pi[u] = 0;
                } else {
                    up[u] = false;
                    flow[u] = demand[u - n];
                    pi[u] = art;
                }
            }
        }

        private void link(int p, int u) {
            int h = firstChild[p];
            nextSib[u] = h;
            prevSib[u] = -1;
            if (h >= 0) {
                prevSib[h] = u;
            }
            firstChild[p] = u;
        }

        private void unlink(int p, int u) {
            int pv = prevSib[u];
            int nx = nextSib[u];
            if (pv >= 0) {
                nextSib[pv] = nx;
            } else {
                firstChild[p] = nx;
            }
            if (nx >= 0) {
                prevSib[nx] = pv;
            }
            prevSib[u] = -1;
            nextSib[u] = -1;
        }

        double cost(int i, int j) {
            return c != null ? c[i * m + j] : lazy.get(i, j);
        }

        /** Cost of the tree arc between u and its parent. */
        double predCost(int u) {
            int p = parent[u];
            if (p == root) {
                return up[u] ? 0 : art;
            }
            return u < n ? cost(u, p - n) : cost(p, u - n);
        }

        boolean isTreeArc(int i, int t) {
            return parent[i] == t || parent[t] == i;
        }

        TransportStatus run(long limit, double mass) {
            long recompute = Math.max(1000, nodes);
            long sinceRecompute = 0;
            while (true) {
                if (!findEntering()) {
                    break;
                }
                if (iterations >= limit) {
                    recomputePotentials();
                    return artificialFlow() > Checks.MASS_TOLERANCE * mass ? TransportStatus.INFEASIBLE
                            : TransportStatus.ITERATION_LIMIT;
                }
                pivot();
                iterations++;
                if (++sinceRecompute >= recompute) {
                    recomputePotentials();
                    sinceRecompute = 0;
                }
            }
            recomputePotentials();
            if (artificialFlow() > Checks.MASS_TOLERANCE * mass) {
                return TransportStatus.INFEASIBLE;
            }
            return TransportStatus.OPTIMAL;
        }

        double artificialFlow() {
            double s = 0;
            for (int u = firstChild[root]; u >= 0; u = nextSib[u]) {
                s += Math.abs(flow[u]);
            }
            return s;
        }

        /** Block search: the most negative reduced cost in the first block that has one. */
        boolean findEntering() {
            long total = (long) n * m;
            long scanned = 0;
            int i = curI;
            int j = curJ;
            int cnt = block;
            double minRc = 0;
            int bi = -1;
            int bj = -1;
            boolean found = false;
            while (scanned < total) {
                int jEnd = (int) Math.min(m, (long) j + cnt);
                double pii = pi[i];
                if (c != null) {
                    int off = i * m;
                    for (int jj = j; jj < jEnd; jj++) {
                        double rc = c[off + jj] + pii - pi[n + jj];
                        if (rc < minRc && !isTreeArc(i, n + jj)) {
                            minRc = rc;
                            bi = i;
                            bj = jj;
                        }
                    }
                } else {
                    for (int jj = j; jj < jEnd; jj++) {
                        double rc = lazy.get(i, jj) + pii - pi[n + jj];
                        if (rc < minRc && !isTreeArc(i, n + jj)) {
                            minRc = rc;
                            bi = i;
                            bj = jj;
                        }
                    }
                }
                int len = jEnd - j;
                scanned += len;
                cnt -= len;
                j = jEnd;
                if (j == m) {
                    j = 0;
                    if (++i == n) {
                        i = 0;
                    }
                }
                if (cnt == 0) {
                    if (bi >= 0 && minRc < -tolerance(bi, bj)) {
                        found = true;
                        break;
                    }
                    cnt = block;
                }
            }
            curI = i;
            curJ = j;
            if (!found && bi >= 0 && minRc < -tolerance(bi, bj)) {
                found = true;
            }
            if (found) {
                inI = bi;
                inJ = bj;
            }
            return found;
        }

        double tolerance(int i, int j) {
            double s = Math.max(Math.abs(pi[i]), Math.abs(pi[n + j]));
            return PRICING_TOLERANCE * Math.max(s, Math.abs(cost(i, j)));
        }

        void pivot() {
            int first = inI;
            int second = n + inJ;
            // join node (lowest common ancestor)
            int u = first;
            int v = second;
            while (u != v) {
                if (depth[u] >= depth[v]) {
                    u = parent[u];
                } else {
                    v = parent[v];
                }
            }
            int join = u;
            // leaving arc: strongly feasible rule (last blocking arc along the cycle's orientation)
            double delta = Double.POSITIVE_INFINITY;
            int uOut = -1;
            boolean onFirst = false;
            for (u = first; u != join; u = parent[u]) {
                if (up[u]) {
                    double d = Math.max(0, flow[u]);
                    if (d < delta) {
                        delta = d;
                        uOut = u;
                        onFirst = true;
                    }
                }
            }
            for (u = second; u != join; u = parent[u]) {
                if (!up[u]) {
                    double d = Math.max(0, flow[u]);
                    if (d <= delta) {
                        delta = d;
                        uOut = u;
                        onFirst = false;
                    }
                }
            }
            if (uOut < 0) {
                throw new IllegalStateException("network simplex: unbounded cycle at pivot " + iterations);
            }
            if (delta > 0) {
                for (u = first; u != join; u = parent[u]) {
                    flow[u] += up[u] ? -delta : delta;
                }
                for (u = second; u != join; u = parent[u]) {
                    flow[u] += up[u] ? delta : -delta;
                }
            }
            int uIn = onFirst ? first : second;
            int vIn = onFirst ? second : first;
            double rc = cost(inI, inJ) + pi[first] - pi[second];
            // new potentials of the moved subtree make the entering arc tight
            double sigma = onFirst ? -rc : rc;
            // re-hang the stem uIn .. uOut below vIn, reversing its arcs
            int prev = vIn;
            int cur = uIn;
            boolean dirUp = uIn == first;
            double fl = delta;
            while (true) {
                int next = parent[cur];
                boolean oldUp = up[cur];
                double oldFl = flow[cur];
                unlink(next, cur);
                parent[cur] = prev;
                up[cur] = dirUp;
                flow[cur] = fl;
                link(prev, cur);
                if (cur == uOut) {
                    break;
                }
                prev = cur;
                cur = next;
                dirUp = !oldUp;
                fl = oldFl;
            }
            // depths and potentials of the subtree now rooted at uIn
            int top = 0;
            stack[top++] = uIn;
            while (top > 0) {
                int w = stack[--top];
                depth[w] = depth[parent[w]] + 1;
                pi[w] += sigma;
                for (int ch = firstChild[w]; ch >= 0; ch = nextSib[ch]) {
                    stack[top++] = ch;
                }
            }
        }

        /** Recomputes potentials and depths from the tree (bounds round-off drift). */
        void recomputePotentials() {
            pi[root] = 0;
            depth[root] = 0;
            int top = 0;
            for (int ch = firstChild[root]; ch >= 0; ch = nextSib[ch]) {
                stack[top++] = ch;
            }
            while (top > 0) {
                int w = stack[--top];
                int p = parent[w];
                depth[w] = depth[p] + 1;
                double cw = predCost(w);
                pi[w] = up[w] ? pi[p] - cw : pi[p] + cw;
                for (int ch = firstChild[w]; ch >= 0; ch = nextSib[ch]) {
                    stack[top++] = ch;
                }
            }
        }
    }
}
