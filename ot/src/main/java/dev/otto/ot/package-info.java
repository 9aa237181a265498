/**
 * Optimal transport: exact (network simplex), entropic (Sinkhorn), 1-D and Gaussian closed forms.
 * See MATH.md section 1 for the mathematics and notation.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Samples are rows: a point cloud is an n x d {@code double[][]} (or flat row-major with n, d).</li>
 *   <li>Cost: {@code SQUARED_EUCLIDEAN} is |x - y|^2, <b>not</b> |x - y|^2 / 2; {@code EUCLIDEAN} is
 *       |x - y|; {@code POWER} is |x - y|^p. Differences are formed coordinate-wise, so C(x, x) = 0
 *       exactly.</li>
 *   <li>Returned distances: {@code Wasserstein.w1/w2/wp}, {@code OneDimensional.wp},
 *       {@code GaussianW2.w2} return W_p itself (the p-th root); {@code w2Squared}, {@code wpp}
 *       and every solver's {@code cost()} / {@code transportCost()} return W_p^p = OT(a, b, C).</li>
 *   <li>Entropic regulariser: eps KL(P | a b^T) (generalised KL, MATH.md's OT_eps), with the plan
 *       P_ij = a_i b_j exp((f_i + g_j - C_ij)/eps). {@code objective()} is &lt;C,P&gt; + eps KL;
 *       {@code transportCost()} is &lt;C,P&gt;.</li>
 *   <li>Default eps = 0.05 x the mean cost under the independent coupling,
 *       sum_ij a_i b_j C_ij / (sum a sum b) (0.05 mean(C) for uniform weights); epsilon scaling
 *       switches on automatically below 0.01 x that mean.</li>
 *   <li>Sinkhorn stops when |P 1 - a|_1 &lt;= tolerance x sum(a) after a g-update (so P^T 1 = b up
 *       to round-off); default tolerance 1e-9, and below 0.01 x the mean cost
 *       max(1e-9, 0.01 eps (H(a/M) + H(b/M)) / max|C|) (see {@code Sinkhorn.defaultTolerance});
 *       {@code StoppingRule.L2_EVERY_10} is POT's rule. Non-convergence is reported by
 *       {@code converged()} with finite values.</li>
 *   <li>Two conditions MATH.md section 1 leaves implicit, which the properties check in this form:
 *       W_1 &lt;= W_2 holds for probability weights (for total mass M, Cauchy-Schwarz gives only
 *       W_1 &lt;= sqrt(M) W_2); and for total mass M the entropic bound reads
 *       0 &lt;= &lt;C,P_eps&gt; - OT(a,b,C) &lt;= M eps (H(a/M) + H(b/M)) (P/M solves the normalised problem
 *       with the same eps), which is MATH.md's eps (H(a) + H(b)) when M = 1.</li>
 *   <li>Weights: finite, nonnegative, equal sums within a relative 1e-9 (b is rescaled to sum(a));
 *       violations, empty inputs, NaN costs and eps &lt;= 0 throw IllegalArgumentException naming
 *       the argument. Zero weights are allowed.</li>
 *   <li>Threads: parallel loops use fixed blocks reduced in a fixed order, so results are
 *       bitwise identical whatever the thread count ({@code dev.otto.ot.internal.Parallel}).</li>
 * </ul>
 *
 * <h2>API</h2>
 * <ul>
 *   <li>{@link dev.otto.ot.cost.Cost}, {@link dev.otto.ot.cost.CostMatrix},
 *       {@link dev.otto.ot.cost.PointCloudCost}, {@link dev.otto.ot.cost.GroundCost}: costs.</li>
 *   <li>{@link dev.otto.ot.exact.NetworkSimplex} / {@link dev.otto.ot.exact.ExactResult} /
 *       {@link dev.otto.ot.exact.TransportStatus}: exact OT with sparse plan, duals, status.</li>
 *   <li>{@link dev.otto.ot.sinkhorn.Sinkhorn} / {@link dev.otto.ot.sinkhorn.SinkhornResult}:
 *       scaling and log-domain Sinkhorn; {@link dev.otto.ot.sinkhorn.SinkhornDivergence};
 *       {@link dev.otto.ot.sinkhorn.UnbalancedSinkhorn}: KL-relaxed marginals;
 *       {@link dev.otto.ot.sinkhorn.EntropicPartialTransport}: entropic partial transport of a
 *       given mass (the exact one is {@link dev.otto.ot.exact.PartialTransport}).</li>
 *   <li>{@link dev.otto.ot.Wasserstein}: exact W_1, W_2, W_p between clouds;
 *       {@link dev.otto.ot.OneDimensional}: 1-D W_p; {@link dev.otto.ot.GaussianW2}: Bures W_2
 *       and the Gaussian OT map; {@link dev.otto.ot.BarycentricMap}: barycentric projection;
 *       {@link dev.otto.ot.Weights}: uniform weights.</li>
 *   <li>{@link dev.otto.ot.SlicedWasserstein}: SW_p and max-sliced over seeded directions;
 *       {@link dev.otto.ot.FreeSupportBarycenter} and {@link dev.otto.ot.GaussianBarycenter}:
 *       Wasserstein-2 barycenters; {@link dev.otto.ot.TransportBatch}: many independent problems
 *       over the pool, in input order.</li>
 * </ul>
 * {@code dev.otto.ot.internal} (validation, deterministic parallel loops) is not API. Package
 * dependencies point one way: the root package uses {@code cost}, {@code exact} and
 * {@code sinkhorn}; {@code exact} and {@code sinkhorn} use {@code cost}; all use
 * {@code internal}, which uses nothing (checked by {@code PackageCycleTest}).
 */
package dev.otto.ot;
