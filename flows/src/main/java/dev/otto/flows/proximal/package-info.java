/**
 * W1/W2 proximal generative flows (MATH.md section 6, also 1, 3, 7; seed paper 2, "Well-posed
 * generative flows via combined Wasserstein-1 and Wasserstein-2 proximals of f-divergences").
 *
 * <h2>What is computed</h2>
 * The generator is a potential flow: K forward-Euler steps x_{k+1} = x_k - dt grad_x phi(x_k, t_k)
 * from z ~ N(0, I) over [0, T] ({@link dev.otto.flows.proximal.PotentialGenerator}); it minimises
 * lambda KE + D_f^L(P_T | Q), where KE = E sum_k dt |grad phi|^2 / 2 (the W2 proximal) and
 * D_f^L(P|Q) = sup_{Lip(g) &lt;= L} E_P g - E_Q f*(g) (the W1 proximal of an f-divergence,
 * {@link dev.otto.flows.proximal.FDivergence}: KL in Donsker-Varadhan form, reverse KL, alpha, W1),
 * with Lip(g) &lt;= L enforced by the one-sided gradient penalty
 * ({@link dev.otto.flows.proximal.GradientPenalty}). {@link dev.otto.flows.proximal.ProximalCase}
 * switches the paper's four cases; {@link dev.otto.flows.proximal.ProximalTrainer} runs Algorithm 1
 * with n_D discriminator steps per generator step and stops cleanly, keeping the last finite state,
 * when a value turns non-finite. {@link dev.otto.flows.proximal.Indicators} are the a-posteriori
 * checks (Hamilton-Jacobi and terminal residuals, kinetic energy, straightness, K vs 2K steps).
 * {@link dev.otto.flows.proximal.ProximalFlow} is the trained {@link dev.otto.flows.Flow}
 * (forward only, no density; saved as model kind "proximal").
 *
 * <h2>Differences from the authors' TensorFlow code (seed_code.md section 3), on purpose</h2>
 * <ul>
 *   <li>The HJ residual pairs x_k with its own time t_k (theirs used x_{k+1} with t_k) and uses the
 *       sign of MATH.md, d phi/dt - |grad phi|^2 / 2 (theirs: d phi/dt + |grad phi|^2/2, which the
 *       Hopf-Lax oracle does not satisfy).</li>
 *   <li>The kinetic energy is differentiated through the trajectory (the exact discrete objective);
 *       theirs stopped the gradient at x.</li>
 *   <li>Reverse KL is really the Legendre form with g = -softplus(h) &lt; 0 (their branch was
 *       unreachable and every run used DV-KL); the default here is DV-KL, to compare with their numbers.</li>
 * </ul>
 *
 * <h2>Experiments</h2>
 * From the project root: {@code bench/run-proximal.sh pinwheel} (dims 2, 7, 12, four cases, 2500
 * iterations each; {@code iterations=25000} is the authors' length) and
 * {@code bench/run-proximal.sh digits}. The Sinkhorn figure is
 * {@link dev.otto.flows.proximal.AuthorsSinkhorn} (cost |x-y|^2/2, eps = 0.05^2, first two coordinates,
 * 5000 vs 5000 samples). Results with the exact commands: bench/results/proximal.md.
 *
 * <p>Reduced-budget results (reference settings, seed 0; {@code bench/run-proximal.sh pinwheel
 * iterations=1500}, and {@code dims=12 cases=w2,w1w2 iterations=8000} for the last two rows). The
 * authors reached 0.0079 / 0.0099 / 0.019 (W1+W2, 2-D / 7-D / 12-D) after 25000 iterations; at 6% of
 * that budget Otto is at 3.5x / 8.5x / 57x those values. W1+W2 has lower KE than W1-only in every
 * dimension; the 12-D W2-only run shows the divergence mechanism (its discriminator objective doubles
 * every ~1000 iterations and the terminal residual reaches 414) though no value was non-finite yet.
 * <pre>
 *   pinwheel-R2   W1_W2         S=0.02760  KE=0.2710  HJ=0.108  term=0.0918             diverged=no it=1500
 *   pinwheel-R2   W1_ONLY       S=0.05895  KE=0.4277  HJ=0.666  term=n/a (lambda = 0)   diverged=no it=1500
 *   pinwheel-R2   W2_ONLY       S=0.02816  KE=0.2751  HJ=0.108  term=0.112              diverged=no it=1500
 *   pinwheel-R2   UNREGULARISED S=0.06511  KE=0.4274  HJ=0.642  term=n/a (lambda = 0)   diverged=no it=1500
 *   pinwheel-R7   W1_W2         S=0.08402  KE=3.962   HJ=5.84   term=3.80               diverged=no it=1500
 *   pinwheel-R7   W1_ONLY       S=0.2857   KE=5.315   HJ=6.52   term=n/a (lambda = 0)   diverged=no it=1500
 *   pinwheel-R7   W2_ONLY       S=0.06856  KE=4.032   HJ=6.00   term=3.95               diverged=no it=1500
 *   pinwheel-R7   UNREGULARISED S=0.3874   KE=5.683   HJ=7.46   term=n/a (lambda = 0)   diverged=no it=1500
 *   pinwheel-R12  W1_W2         S=1.088    KE=9.392   HJ=15.3   term=17.3               diverged=no it=1500
 *   pinwheel-R12  W1_ONLY       S=1.413    KE=10.43   HJ=14.3   term=n/a (lambda = 0)   diverged=no it=1500
 *   pinwheel-R12  W2_ONLY       S=2.327    KE=11.85   HJ=16.5   term=31.5               diverged=no it=1500
 *   pinwheel-R12  UNREGULARISED S=1.284    KE=10.24   HJ=14.1   term=n/a (lambda = 0)   diverged=no it=1500
 *   pinwheel-R12  W2_ONLY       S=0.8688   KE=12.03   HJ=17.1   term=414                diverged=no it=8000
 *   pinwheel-R12  W1_W2         S=1.649    KE=7.520   HJ=21.9   term=2.92               diverged=no it=8000
 * </pre>
 */
package dev.otto.flows.proximal;
