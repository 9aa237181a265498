/**
 * Explicit Runge-Kutta integrators over batched {@link dev.otto.autodiff.Tensor}s, differentiable
 * through the steps, with continuous-normalising-flow bookkeeping (MATH.md section 3).
 *
 * <h2>Pieces</h2>
 * As in Diffrax, the solver, the step-size control and the output are separate:
 * <ul>
 *   <li>the problem: a {@link dev.otto.ode.VectorField} (t, x) -> dx/dt on an n x d batch, or an
 *       {@link dev.otto.ode.OdeSystem} on several tensors whose component 0 is the primary state
 *       (Hipparchus's primary/secondary split: only the primary one enters error control);</li>
 *   <li>the solver: a {@link dev.otto.ode.ButcherTableau} ({@code EULER}, {@code MIDPOINT},
 *       {@code HEUN}, classical {@code RK4} with weights 1/6, 1/3, 1/3, 1/6 (not the 3/8 rule that
 *       torchdiffeq calls "rk4", which is {@code RK4_THREE_EIGHTHS}), {@code DORMAND_PRINCE_54})
 *       driven by a {@link dev.otto.ode.RungeKuttaStepper};</li>
 *   <li>the step-size control: a {@link dev.otto.ode.FixedGrid} t_k = t0 + k (t1 - t0)/n (never an
 *       accumulated sum; t1 &lt; t0 runs backward), or an {@link dev.otto.ode.AdaptiveIntegrator} with
 *       {@link dev.otto.ode.AdaptiveOptions} (rtol, atol, min step, max steps) and a
 *       {@link dev.otto.ode.PiController} (safety 0.9, factor in [0.2, 10]);</li>
 *   <li>the output: {@link dev.otto.ode.SaveAt} (end, given times, every step) and a
 *       {@link dev.otto.ode.Solution} with statistics (evaluations, accepted and rejected steps);</li>
 *   <li>CNF bookkeeping: {@link dev.otto.ode.CnfField} integrates x with logdet (d/dt = div v, by a
 *       {@link dev.otto.ode.Trace}: exact, or Hutchinson with a probe fixed for the whole solve) and
 *       kinetic energy (d/dt = |v|^2/2), per sample, into a {@link dev.otto.ode.CnfSolution};</li>
 *   <li>{@link dev.otto.ode.Odeint}: one-call entry points for all of the above;</li>
 *   <li>{@link dev.otto.ode.Integration}: the choice of a fixed grid (tableau, n steps) or adaptive
 *       steps ({@link dev.otto.ode.AdaptiveOptions}) as one value, which the flow families use for
 *       training, sampling and density alike.</li>
 * </ul>
 *
 * <h2>Gradients</h2>
 * There is one code path. Inside {@code Tape.record()} every stage is recorded and gradients reach
 * x0 and whatever parameters the field reads (the exact gradient of the discrete solve); inside
 * {@code Tape.noGrad()} nothing is recorded and the tape does not grow. Adaptive step-size
 * decisions are computed from raw values and never recorded.
 *
 * <h2>Errors</h2>
 * Bad arguments (non-positive step counts or tolerances, non-finite times or initial states) raise
 * {@link java.lang.IllegalArgumentException} naming the argument. A state that becomes NaN or
 * infinite raises {@link dev.otto.ode.NonFiniteStateException} naming the step index and time; the
 * adaptive guards raise {@link dev.otto.ode.StepSizeTooSmallException} and
 * {@link dev.otto.ode.TooManyStepsException}. t0 == t1 is the identity.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * Mlp f = Mlp.builder(2).hidden(64, 64).output(2).activation(Activation.softplus()).build(rng);
 * VectorField v = (t, x) -> f.apply(x);
 *
 * // JKO training: 3 classical RK4 steps on [0, 1], exact divergence, backpropagated
 * try (Tape.Scope s = Tape.record()) {
 *     CnfSolution c = Odeint.cnfFixed(v, x0, 0, 1, 3, ButcherTableau.RK4, Trace.exact());
 *     Tensor loss = c.x().square().rowSums().scale(0.5).sub(c.logDet())
 *             .add(c.x().sub(x0).square().rowSums().scale(1 / (2 * h))).mean();
 *     List<Tensor> grads = Gradients.grad(loss, params);
 * }
 *
 * // sampling / inversion: Dormand-Prince, no tape, backward in time
 * try (Tape.Scope s = Tape.noGrad()) {
 *     Solution z = Odeint.adaptive(v, x, 1, 0, AdaptiveOptions.tolerances(1e-5, 1e-5));
 *     Tensor noise = z.state();   // z.evaluations(), z.acceptedSteps(), z.rejectedSteps()
 * }
 * }</pre>
 */
package dev.otto.ode;
