/**
 * Gaussian interpolation flows (MATH.md section 5; seed paper 3, Gao, Huang and Jiao, "Gaussian
 * interpolation flows"): X_t = a(t) Z + b(t) X_1 with Z ~ N(0, I), the velocity
 * v(t, x) = E[a' Z + b' X_1 | X_t = x], and the flow dx/dt = v from N(0, I) at t = 0 to the data at t = 1.
 * The flow-matching generalisations: any {@link dev.otto.flows.interpolation.Source} X_0 in place of
 * Z, and the noisy {@link dev.otto.flows.interpolation.ConditionalPath}s x_t = mu_t + gamma(t) e.
 *
 * <h2>Sources other than N(0, I)</h2>
 * The regression and the marginal-preserving property hold for any source with a second moment, so
 * a data set or a built-in distribution may start the flow with the linear or trigonometric
 * schedule and with every noisy path. The Follmer and VP(p) schedules (a'(1) = -infinity) are refused
 * with another source: their velocity is finite at t = 1 only through the Gaussian score identity
 * E[Z | X_t = x] = -a grad log p_t(x). Tweedie's formula and the Lipschitz and W2-stability constants
 * built on it (the statements interpolation.tweedie, interpolation.ball-jacobian,
 * interpolation.flow-lipschitz, interpolation.w2-stability of MATH.md) need Z ~ N(0, I); the flow's
 * log-density needs a source with one. MATH.md section 5 says which results carry over and why.
 *
 * <pre>{@code
 * // moons -> 8gaussians along TorchCFM's I-CFM path with sigma_min = 0.1 (OT-CFM: add withCoupling)
 * InterpolationFlow flow = InterpolationFlow.create(2, new int[] {64, 64, 64}, Activation.softplus(),
 *         ConditionalPath.constantSigma(0.1), Integration.rk4(100), new SplittableRandom(seed))
 *     .withSource(Source.dataset("moons"));          // or Source.rows("train.npy", tensor), Source.of(sampler)
 * new InterpolationTrainer(InterpolationTrainer.Config.defaults(20000, seed).withBatchSize(512))
 *     .withCoupling(new CouplingSampler(Coupling.exactOt(), 512, false))
 *     .train(flow, Datasets.byName("8gaussians"));   // or a Tensor of target rows
 * Tensor samples = flow.sample(1000, rng);            // x_0 drawn from the source, pushed to t = 1
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.otto.flows.interpolation.Source}: N(0, I), a built-in distribution, a data set of
 *       rows or any sampler (with a log-density when it has one).</li>
 *   <li>{@link dev.otto.flows.interpolation.ConditionalPath}: the interpolant of a schedule, constant
 *       sigma (I-CFM / OT-CFM), the Schrodinger bridge (entropic plan with eps = 2 sigma^2, variance
 *       sigma^2 t (1 - t)) and the trigonometric VP path.</li>
 *   <li>{@link dev.otto.flows.interpolation.Schedule}: linear, trigonometric, Follmer, the VP family
 *       a = sqrt(1 - t^(2p)), b = t^p, and checked custom schedules; a a' is kept finite at t = 1.</li>
 *   <li>{@link dev.otto.flows.interpolation.GaussianMixtureVelocity}: closed-form v, grad v, log p_t and
 *       score for Gaussian-mixture targets at every t in [0, 1] (the exact t = 1 limit, no division by a).</li>
 *   <li>{@link dev.otto.flows.interpolation.ExactInterpolationFlow}: a {@code Flow} driven by the exact velocity.</li>
 *   <li>{@link dev.otto.flows.interpolation.InterpolationFlow}: the learned velocity (MLP on [x, t]),
 *       sampling, {@code toNoise}, {@code logDensity} by CNF with the exact trace, save and load.</li>
 *   <li>{@link dev.otto.flows.interpolation.InterpolationTrainer}: the simulation-free regression with
 *       Adam, minibatches, uniform times, a progress listener and {@link dev.otto.flows.interpolation.Pairing}
 *       (independent or exact-OT minibatch pairing).</li>
 *   <li>{@link dev.otto.ode.Integration} (in {@code ode}): any fixed-grid Butcher tableau or adaptive Dormand-Prince, the value every family integrates with.</li>
 * </ul>
 *
 * <h2>Experiments</h2>
 * The mixture and moons experiments are programs of the bench module
 * ({@code dev.otto.bench.interpolation.MixtureExperiment}, {@code MoonsExperiment}); each prints
 * markdown tables (training curve, W2 / MMD^2 of 2000 samples to held-out data, accuracy against
 * function evaluations, independent against exact-OT pairing) with the definitions of every figure.
 * Commands and results: bench/results/interpolation.md.
 */
package dev.otto.flows.interpolation;
