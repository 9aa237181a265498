/**
 * Gaussian interpolation flows (MATH.md section 5; seed paper 3, Gao, Huang and Jiao, "Gaussian
 * interpolation flows"): X_t = a(t) Z + b(t) X_1 with Z ~ N(0, I), the velocity
 * v(t, x) = E[a' Z + b' X_1 | X_t = x], and the flow dx/dt = v from N(0, I) at t = 0 to the data at t = 1.
 *
 * <ul>
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
