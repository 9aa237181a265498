package dev.otto.theory.verify;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.jko.GaussianJko.Gaussian;
import dev.otto.flows.jko.GaussianJko;
import dev.otto.flows.jko.JkoBlock;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.ode.Integration;
import dev.otto.theory.jko.GaussianJkoCases;
import java.util.ArrayList;
import java.util.List;

/**
 * MATH.md section 4, JKO flows (seed paper 1, "Convergence of flow-based generative models via
 * proximal gradient descent"): the closed-form Gaussian JKO step is the minimiser of the JKO
 * objective and contracts W_2^2 to q by 1/(1 + h) per step (Theorem 4.3), hence the product bound
 * along a schedule; inversion errors of a chain of blocks propagate within sum L^(k-1) delta_k
 * (Prop. 5.4). Each check is the one definition of its statement; the properties of
 * {@code dev.otto.theory.jko} draw its cases.
 */
final class JkoChecks {

    /** Step sizes from tiny to huge, visited in turn. */
    private static final double[] STEP_SIZES = {1e-3, 100.0, 0.05, 0.25, 0.5, 1.0, 4.0};

    private JkoChecks() {
    }

    static List<TheoremCheck> all() {
        return List.of(closedForm(), contraction(), productBound(), inversionPropagation());
    }

    private static Statement statement(String id, String text, String reference) {
        return new Statement(id, "4", text, reference);
    }

    /** Covariance spectra spanning 10^-spread .. 10^spread, spread 0 .. 3 (condition up to 1e6). */
    private static Gaussian start(int index, double meanScale, double maxSpread, int d, long seed) {
        double spread = Math.min(maxSpread, Draw.cycle(index, 3.0, 0.0, 1.0, 2.0));
        return GaussianJkoCases.generate(d, meanScale, spread, seed);
    }

    /**
     * No generated perturbation of the closed-form step (mean and covariance, kept symmetric positive
     * definite; sizes 1e-4 .. 1e-1) lowers KL(rho | q) + W2^2(rho, p_k) / (2h); the objective is in
     * closed form, so 1e-10 relative.
     */
    static TheoremCheck closedForm() {
        return WorstCase.of(statement("jko.closed-form",
                        "Closed-form JKO step for Gaussians: N(m/(1+h), S') with sigma' = (sigma + sqrt(sigma^2 + 4h(1+h)))/(2(1+h)) minimises KL(rho|q) + W_2^2(rho, p_k)/(2h)",
                        "seed paper 1, Theorem 4.3 (Gaussian example)"),
                "measured: the smallest JKO objective among 10 perturbations of the step; bound: the step's objective "
                        + "- 1e-10 max(1, |objective|)",
                (index, rng) -> {
                    int d = 1 + rng.nextInt(3);
                    double h = Draw.cycle(index, STEP_SIZES);
                    Gaussian p = start(index, 2.0, 2.0, d, rng.nextLong());
                    Gaussian best = GaussianJko.step(p, h);
                    double bestValue = GaussianJkoCases.objective(best, p, h);
                    double lowest = Double.POSITIVE_INFINITY;
                    for (int k = 0; k < 10; k++) {
                        Gaussian perturbed = GaussianJkoCases.perturb(best, rng);
                        if (perturbed != null) {
                            lowest = Math.min(lowest, GaussianJkoCases.objective(perturbed, p, h));
                        }
                    }
                    return Outcome.atLeast(lowest, bestValue - 1e-10 * Math.max(1, Math.abs(bestValue)));
                });
    }

    /**
     * The contraction factor W_2^2(p_{k+1}, q) / W_2^2(p_k, q) against 1/(1 + h), plotted against h.
     * W2^2 by the Bures formula is accurate to ~1e-12 relative at condition 1e6, so the factor is
     * exact to 1e-9 relative (+ 1e-12 / W_2^2(p_k, q) for a start at the target). The closed-form
     * step attains the factor for a mean-only displacement, so measured/bound reaches 1 on some cases.
     */
    static TheoremCheck contraction() {
        return WorstCase.of(statement("jko.contraction",
                        "Each exact JKO step contracts: W_2^2(p_{k+1}, q) <= W_2^2(p_k, q) / (1 + h)",
                        "seed paper 1, Theorem 4.3"),
                "measured: the contraction factor W_2^2(p_{k+1}, q) / W_2^2(p_k, q) of one closed-form Gaussian step "
                        + "(dimensionless); bound: 1 / (1 + h) (1 + 1e-9) + 1e-12 / W_2^2(p_k, q)",
                "step size h",
                (index, rng) -> {
                    double h = Draw.cycle(index, STEP_SIZES);
                    Gaussian p = start(index, 3.0, 3.0, 1 + rng.nextInt(4), rng.nextLong());
                    double before = GaussianJkoCases.w2SquaredToStandard(p);
                    double after = GaussianJkoCases.w2SquaredToStandard(GaussianJko.step(p, h));
                    return Outcome.atMost(after / before, 1 / (1 + h) * (1 + 1e-9) + 1e-12 / before).at(h);
                });
    }

    /**
     * Theorem 4.3's decay along the reference schedule h_k = 0.25 x 1.4^(k-1): case i stops after
     * N = 1 + (i mod 8) blocks, so a budget of 8 reaches every block, and reports the decay
     * W_2^2(p_N, q) / W_2^2(p_0, q) against prod_{k &lt;= N} (1 + h_k)^-1 (1e-8 relative + 1e-12 /
     * W_2^2(p_0, q) for the rounding of N Bures evaluations).
     */
    static TheoremCheck productBound() {
        return WorstCase.of(statement("jko.product-bound",
                        "Along a schedule of exact steps W_2^2(p_N, q) <= W_2^2(p_0, q) prod_k (1 + h_k)^-1",
                        "seed paper 1, Theorem 4.3"),
                "measured: the decay W_2^2(p_N, q) / W_2^2(p_0, q) after N blocks of the reference schedule (dimensionless); "
                        + "bound: prod_{k<=N} (1 + h_k)^-1 (1 + 1e-8) + 1e-12 / W_2^2(p_0, q)",
                "blocks N",
                (index, rng) -> {
                    Gaussian p0 = start(index, 5.0, 3.0, 1 + rng.nextInt(4), rng.nextLong());
                    int blocks = 1 + Draw.regime(index, 8);
                    double[] h = JkoConfig.geometricSteps(8, 0.25, 1.4);
                    Gaussian[] path = GaussianJko.trajectory(p0, h);
                    double start = GaussianJkoCases.w2SquaredToStandard(p0);
                    double bound = 1;
                    for (int k = 0; k < blocks; k++) {
                        bound /= 1 + h[k];
                    }
                    double decay = GaussianJkoCases.w2SquaredToStandard(path[blocks]) / start;
                    return Outcome.atMost(decay, bound * (1 + 1e-8) + 1e-12 / start).at(blocks);
                });
    }

    /**
     * Freshly initialised blocks (softplus MLP fields 8 x 8, d = 2, 2 .. 4 blocks): each exact inverse
     * is the 32-step RK4 backward map, e^{L_k}-Lipschitz (MATH.md section 3), L = max_k e^{L_k}; the
     * computed inverses add errors of norm delta_k (1e-8 .. 1e-1) in random directions. The bound
     * then holds to rounding, 1e-9 relative.
     */
    static TheoremCheck inversionPropagation() {
        return WorstCase.of(statement("jko.inversion-propagation",
                        "Inversion error propagation: if each T_k^-1 is L-Lipschitz and |S_k - T_k^-1| <= delta_k, the reverse chains end at most sum_k L^(k-1) delta_k apart",
                        "seed paper 1, Prop. 5.4"),
                "measured: the largest |x~_0 - x_0| over 30 starts z; bound: sum_k L^(k-1) delta_k (1 + 1e-9) + 1e-14",
                (index, rng) -> {
                    int blocks = Draw.integer(index, rng, 2, 4);
                    JkoConfig config = JkoConfig.reference().withSteps(JkoConfig.geometricSteps(blocks, 0.5, 1.4))
                            .withNetwork(new int[] {8, 8}, "softplus(20.0)", false);
                    List<JkoBlock> bs = new ArrayList<>();
                    double lip = 0;
                    for (int k = 0; k < blocks; k++) {
                        JkoBlock b = JkoBlock.create(k, 2, config, rng);
                        bs.add(b);
                        lip = Math.max(lip, Math.exp(b.fieldLipschitzBound()));
                    }
                    Integration exact = Integration.rk4(32);
                    double bound = 0;
                    Tensor z = Tensor.randn(30, 2, rng);
                    Tensor exactChain = z;
                    Tensor computed = z;
                    for (int k = blocks; k >= 1; k--) {
                        double delta = Draw.logScale(index, rng, -8, -1);
                        bound += Math.pow(lip, k - 1) * delta;
                        JkoBlock b = bs.get(k - 1);
                        exactChain = b.integrate(exactChain, false, exact);
                        Tensor dir = Tensor.randn(30, 2, rng);
                        Tensor unit = dir.div(dir.square().rowSums().sqrt());
                        computed = b.integrate(computed, false, exact).add(unit.scale(delta));
                    }
                    Tensor gap = computed.sub(exactChain).square().rowSums().sqrt();
                    double largest = 0;
                    for (int i = 0; i < 30; i++) {
                        largest = Math.max(largest, gap.get(i, 0));
                    }
                    return Outcome.atMost(largest, bound * (1 + 1e-9) + 1e-14);
                });
    }
}
