package dev.otto.flows.loss;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.metrics.TensorTransport;
import dev.otto.ot.TransportBatch;
import dev.otto.ot.cost.Cost;
import dev.otto.ot.cost.CostMatrix;
import dev.otto.ot.sinkhorn.AveragedSinkhorn;
import dev.otto.ot.sinkhorn.Sinkhorn;
import dev.otto.ot.sinkhorn.SinkhornResult;
import dev.otto.ot.sinkhorn.SymmetricSinkhorn;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The debiased Sinkhorn divergence between two point clouds as a loss on the tape (MATH.md section
 * 1, statements {@code ot.sinkhorn-divergence} and {@code ot.sinkhorn-divergence-gradient}):
 * <pre>
 *   S_eps(x, y) = OT_eps(x, y) - OT_eps(x, x)/2 - OT_eps(y, y)/2,
 *   OT_eps(x, y) = min_P &lt;C, P&gt; + eps KL(P | a b^T),   C_ij = |x_i - y_j|^2,
 * </pre>
 * the rows of x (n x d) weighted by a and those of y (m x d) by b (uniform unless given; a and b of
 * equal sums). Otto's cost has no factor 1/2 (GeomLoss's {@code p = 2} loss halves it), so
 * S_eps(x, x + v) = |v|^2 for a translated cloud with a = b.
 *
 * <p>{@link #apply} returns a 1 x 1 tensor recorded on the current tape whose value is S_eps and
 * whose gradients in x and in y are those of Feydy et al. 2019 (the dual potentials as the first variation of OT_eps), obtained from the
 * converged potentials of the three solves by the envelope theorem, without differentiating through
 * the Sinkhorn iterations:
 * <pre>
 *   grad_{x_i} S_eps = 2 sum_j P^xy_ij (x_i - y_j) - sum_k (P^xx_ik + P^xx_ki) (x_i - x_k),
 *   grad_{y_j} S_eps = 2 sum_i P^xy_ij (y_j - x_i) - sum_l (P^yy_jl + P^yy_lj) (y_j - y_l)
 * </pre>
 * (see {@code EntropicTransportGradient}; the self terms count both roles of a point, and the
 * halves of OT_eps(x, x)/2 cancel the two). Both clouds may be differentiated in, or either; x
 * and y may be the same tensor. eps is held fixed: it is an absolute setting, never derived from the points, so that the loss is
 * one function of x and y.
 *
 * <p>Second derivatives (double backward through {@link #apply}, e.g. a Hessian-vector product or
 * a gradient penalty): the recorded op is the second-order Taylor model of S_eps at the current
 * points with the three plans frozen, value + first-order envelope term ({@code LinearisedScalar})
 * + the quadratic {@code FrozenPlanQuadratic}. Its second derivative is therefore the Hessian of
 * &lt;C(x, y), P^xy&gt; - &lt;C(x, x), P^xx&gt;/2 - &lt;C(y, y), P^yy&gt;/2 at fixed plans: it includes the
 * curvature of the squared-distance cost (2 (P 1)_i on the diagonal, the plans off it) and omits the
 * plans' own motion with the points (terms in dP/dx, of order |x - y|^2 / eps, which need the
 * derivative of the Sinkhorn fixed point). The model needs the dense plans, so it is recorded only
 * when each of the three problems has at most {@value #SECOND_ORDER_LIMIT} entries; above that the
 * op is first-order only and its second derivative is 0.
 *
 * <p>Solves: the two self problems by the symmetric fixed point of {@link SymmetricSinkhorn} over
 * the thread pool (results do not depend on the thread count); the cross problem by log-domain
 * Sinkhorn at this eps (with its automatic epsilon scaling below 1% of the mean cost), continued,
 * when it stops short, by the averaged iteration of {@link AveragedSinkhorn} from its potentials
 * (the clouds then nearly coincide or are translates, where the alternating updates stall); each to
 * an L1 marginal error of {@code tolerance} x mass, on the stored cost matrix up to {@value
 * #STORED_COST_LIMIT} entries and on the fly beyond.
 *
 * <p>When Sinkhorn does not converge: reported, or refused. A solve that reaches its iteration
 * limit (typically eps far below the cost scale, or the end of a fit, where the cross plan between a
 * cloud and its nearly coinciding target converges slowly) with an L1 marginal error of at most
 * {@link #withAcceptedMarginalError accepted} x mass (default {@value #DEFAULT_ACCEPTED_MARGINAL_ERROR})
 * is used, and {@link #evaluate} reports it ({@link SinkhornDivergenceEvaluation#converged()} false,
 * the errors in {@link SinkhornDivergenceEvaluation#marginalErrors()}): its gradient is then within
 * 2 D x that error per point of the true one (D the largest distance between two points). Above
 * that, {@link #apply} and {@link #evaluate} throw an {@link IllegalStateException} naming the
 * problem, eps, the iterations and the marginal error reached: potentials far from a fixed point
 * give a "gradient" of no function, and a training step on it would be silent noise. Raise eps or
 * the iteration limit.
 *
 * <p>Instances are immutable.
 */
public final class SinkhornDivergenceLoss {

    /**
     * Default tolerance on the L1 row-marginal error |P 1 - a|_1 / sum(a) of each solve. A plan off its
     * fixed point by that much mass moves a point's gradient by at most 2 D times it (D the largest
     * distance between two points, {@code ot.sinkhorn-divergence-gradient}), far below minibatch noise;
     * the ot module's 1e-9 costs thousands of iterations more per step at the end of a fit, where the
     * fitted cloud nearly coincides with its target and the cross plan approaches a permutation
     * (measured: 64 moons points at eps = 0.1, up to 1,237 iterations at 1e-6; at 1e-9 the limit of
     * 10,000 was reached).
     */
    public static final double DEFAULT_TOLERANCE = 1e-6;
    /**
     * Default largest L1 marginal error (relative to the mass) of a solve that stopped at its
     * iteration limit and is still used: the gradient is then off by at most 2 D 1e-4 per point, a
     * relative 1e-4 of its scale, below the noise of a minibatch.
     */
    public static final double DEFAULT_ACCEPTED_MARGINAL_ERROR = 1e-4;
    /** Default iteration limit of each solve. */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;
    /** Cost matrices with at most this many entries (32 MB) are stored, which lets Sinkhorn over-relax. */
    public static final long STORED_COST_LIMIT = 1L << 22;

    /**
     * Problems with at most this many entries each (32 MB as a dense plan, the size up to which the
     * cost is stored anyway) carry the frozen-plan second-order term on the tape.
     */
    public static final long SECOND_ORDER_LIMIT = STORED_COST_LIMIT;

    private static final String[] PROBLEMS = {"(x, y)", "(x, x)", "(y, y)"};

    private final double epsilon;
    private final double tolerance;
    private final int maxIterations;
    private final double accepted;

    private SinkhornDivergenceLoss(double epsilon, double tolerance, int maxIterations, double accepted) {
        this.epsilon = epsilon;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.accepted = accepted;
    }

    /** S_eps with the cost |x - y|^2 at the absolute regularisation eps &gt; 0. */
    public static SinkhornDivergenceLoss squaredEuclidean(double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon: expected a finite value > 0, got " + epsilon);
        }
        return new SinkhornDivergenceLoss(epsilon, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS,
                DEFAULT_ACCEPTED_MARGINAL_ERROR);
    }

    /** Tolerance on each solve's L1 row-marginal error, relative to the mass; &gt; 0. */
    public SinkhornDivergenceLoss withTolerance(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("tolerance: expected a finite value > 0, got " + tol);
        }
        return new SinkhornDivergenceLoss(epsilon, tol, maxIterations, accepted);
    }

    /** Iteration limit of each solve, &gt;= 1. */
    public SinkhornDivergenceLoss withMaxIterations(int it) {
        if (it < 1) {
            throw new IllegalArgumentException("maxIterations: expected >= 1, got " + it);
        }
        return new SinkhornDivergenceLoss(epsilon, tolerance, it, accepted);
    }

    /**
     * The largest L1 marginal error, relative to the mass, of a solve that stopped at its iteration
     * limit and is still used (reported); above it the evaluation is refused. At most the tolerance
     * refuses every unconverged solve.
     */
    public SinkhornDivergenceLoss withAcceptedMarginalError(double err) {
        if (!(err > 0) || !Double.isFinite(err)) {
            throw new IllegalArgumentException("acceptedMarginalError: expected a finite value > 0, got " + err);
        }
        return new SinkhornDivergenceLoss(epsilon, tolerance, maxIterations, err);
    }

    /** The regularisation eps. */
    public double epsilon() {
        return epsilon;
    }

    /** S_eps(x, y) with uniform weights, recorded on the current tape (1 x 1). */
    public Tensor apply(Tensor x, Tensor y) {
        return apply(x, null, y, null);
    }

    /** S_eps(x, y) with weights a on x and b on y (null = uniform), recorded on the current tape (1 x 1). */
    public Tensor apply(Tensor x, double[] a, Tensor y, double[] b) {
        Solved s = solve(x, a, y, b, fitsSecondOrder(x, y));
        SinkhornDivergenceEvaluation e = s.evaluation();
        Tensor u = LinearisedScalar.displacement(x);
        Tensor v = LinearisedScalar.displacement(y);
        Tensor model = LinearisedScalar.of(e.value(), new Tensor[] {u, v}, new Tensor[] {e.gradX(), e.gradY()});
        if (s.plans() == null) {
            return model;
        }
        FrozenPlanQuadratic.Plan[] p = s.plans();
        return model.add(FrozenPlanQuadratic.debiased(p[0], p[1], p[2], u, v));
    }

    /** Whether the dense plans of the three problems fit {@link #SECOND_ORDER_LIMIT}. */
    private static boolean fitsSecondOrder(Tensor x, Tensor y) {
        long n = x.rows();
        long m = y.rows();
        return Math.max(n, m) * Math.max(n, m) <= SECOND_ORDER_LIMIT;
    }

    /**
     * S_eps(x, y) and its gradients in x and in y, off the tape.
     *
     * @throws IllegalArgumentException on bad input (the message names the argument)
     * @throws IllegalStateException when a solve does not converge (see the class documentation)
     */
    public SinkhornDivergenceEvaluation evaluate(Tensor x, double[] a, Tensor y, double[] b) {
        return solve(x, a, y, b, false).evaluation();
    }

    /** The evaluation, with the dense (x, y), (x, x) and (y, y) plans when asked for (else null). */
    private record Solved(SinkhornDivergenceEvaluation evaluation, FrozenPlanQuadratic.Plan[] plans) {
    }

    private Solved solve(Tensor x, double[] a, Tensor y, double[] b, boolean densePlans) {
        checkCloud("x", x);
        checkCloud("y", y);
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("y: expected " + x.cols() + " columns (as x), got " + y.shape());
        }
        double[] wa = a == null ? uniform(x.rows()) : checkWeights("a", a, x.rows());
        double[] wb = b == null ? uniform(y.rows()) : checkWeights("b", b, y.rows());
        double[] ma = {sum(wa), sum(wb)};
        List<SymmetricSinkhorn.Result> self = TransportBatch.map(List.of(0, 1), k -> SymmetricSinkhorn.solve(
                k == 0 ? wa : wb, k == 0 ? cost(x, x) : cost(y, y), epsilon, tolerance * ma[k], maxIterations));
        for (int k = 0; k < 2; k++) {
            SymmetricSinkhorn.Result r = self.get(k);
            refuseUnconverged(PROBLEMS[k + 1], r.converged(), r.iterations(), r.marginalError() / ma[k]);
        }
        SymmetricSinkhorn.Result xx = self.get(0);
        SymmetricSinkhorn.Result yy = self.get(1);
        Solve xy = cross(wa, wb, cost(x, y), tolerance * ma[0]);
        refuseUnconverged(PROBLEMS[0], xy.converged(), xy.iterations(), xy.marginalError() / ma[0]);
        double value = xy.objective() - 0.5 * (xx.objective() + yy.objective());
        int d = x.cols();
        double[] xd = x.toArray();
        double[] yd = y.toArray();
        EntropicTransportGradient.PlanRows[] rows = {xy.plan(), xx::planRow, yy::planRow};
        FrozenPlanQuadratic.Plan[] plans = null;
        if (densePlans) {
            int[][] shapes = {{x.rows(), y.rows()}, {x.rows(), x.rows()}, {y.rows(), y.rows()}};
            plans = new FrozenPlanQuadratic.Plan[3];
            for (int k = 0; k < 3; k++) {
                plans[k] = FrozenPlanQuadratic.Plan.of(rows[k], shapes[k][0], shapes[k][1]);
                rows[k] = plans[k];
            }
        }
        EntropicTransportGradient.Sides cross = EntropicTransportGradient.of(rows[0], xd, yd, d);
        EntropicTransportGradient.Sides sx = EntropicTransportGradient.of(rows[1], xd, xd, d);
        EntropicTransportGradient.Sides sy = EntropicTransportGradient.of(rows[2], yd, yd, d);
        Tensor gx = Tensor.wrap(x.rows(), d, debiased(cross.source(), sx));
        Tensor gy = Tensor.wrap(y.rows(), d, debiased(cross.target(), sy));
        boolean converged = xy.converged() && xx.converged() && yy.converged();
        SinkhornDivergenceEvaluation e = new SinkhornDivergenceEvaluation(value, gx, gy, converged,
                new int[] {xy.iterations(), xx.iterations(), yy.iterations()},
                new double[] {xy.marginalError(), xx.marginalError(), yy.marginalError()});
        return new Solved(e, plans);
    }

    /** The cross problem's solve: its plan, dual or primal objective, iterations, L1 marginal error. */
    private record Solve(EntropicTransportGradient.PlanRows plan, double objective, int iterations,
                         double marginalError, boolean converged) {
    }

    /**
     * OT_eps(x, y): alternating log-domain Sinkhorn (epsilon scaling, over-relaxation on a stored
     * cost), fast while the clouds are apart; if it stops short, the averaged iteration continues from
     * its potentials (the clouds then nearly coincide or are translates, see {@code
     * AveragedSinkhorn}), and the better of the two is kept.
     */
    private Solve cross(double[] a, double[] b, Cost c, double tolAbs) {
        SinkhornResult r = Sinkhorn.logDomain().withEpsilon(epsilon).withTolerance(tolerance)
                .withMaxIterations(maxIterations).solve(a, b, c);
        Solve alternating = new Solve(r::planRow, r.objective(), r.iterations(), r.rowMarginalError(), r.converged());
        if (r.converged()) {
            return alternating;
        }
        AveragedSinkhorn.Result v = AveragedSinkhorn.solve(a, b, c, epsilon, tolAbs, maxIterations, r.f(), r.g());
        Solve averaged = new Solve(v::planRow, v.objective(), r.iterations() + v.iterations(), v.marginalError(),
                v.converged());
        return averaged.marginalError() < alternating.marginalError() ? averaged : alternating;
    }

    /** The cross side minus half of both sides of the self problem (the point plays both roles there). */
    private static double[] debiased(double[] cross, EntropicTransportGradient.Sides self) {
        double[] g = cross.clone();
        for (int k = 0; k < g.length; k++) {
            g[k] -= 0.5 * (self.source()[k] + self.target()[k]);
        }
        return g;
    }

    private static Cost cost(Tensor x, Tensor y) {
        Cost c = TensorTransport.cost(x, y, 2);
        return (long) x.rows() * y.rows() <= STORED_COST_LIMIT ? CostMatrix.of(c) : c;
    }

    private void refuseUnconverged(String problem, boolean converged, int iterations, double relativeError) {
        if (!converged && !(relativeError <= accepted)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "Sinkhorn divergence: the %s problem did not converge in %d iterations at eps = %s "
                            + "(L1 marginal error %.3g x mass, tolerance %.3g, accepted up to %.3g); raise eps or maxIterations",
                    problem, iterations, Double.toString(epsilon), relativeError, tolerance, accepted));
        }
    }

    private static double[] checkWeights(String name, double[] w, int n) {
        if (w.length != n) {
            throw new IllegalArgumentException(name + ": expected " + n + " weights (one per point), got " + w.length);
        }
        for (int i = 0; i < n; i++) {
            if (!(w[i] >= 0) || !Double.isFinite(w[i])) {
                throw new IllegalArgumentException(name + ": weight " + i + " is " + w[i] + ", expected a finite value >= 0");
            }
        }
        if (!(sum(w) > 0)) {
            throw new IllegalArgumentException(name + ": expected a positive total mass, got " + sum(w));
        }
        return w;
    }

    private static double sum(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return s;
    }

    private static void checkCloud(String name, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(name + ": expected a point cloud (rows are points), got null");
        }
        double[] v = t.toArray();
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                throw new IllegalArgumentException(name + ": row " + k / t.cols() + " is not finite (" + v[k] + ")");
            }
        }
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }
}
