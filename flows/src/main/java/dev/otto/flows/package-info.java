/**
 * Flow-based generative models on optimal transport: the {@link dev.otto.flows.Flow} interface
 * shared by the JKO (MATH.md section 4), Gaussian-interpolation (section 5) and W1/W2 proximal
 * (section 6) families, with data sets ({@code data}), metrics ({@code metrics}, section 7) and
 * file formats ({@code io}).
 *
 * <h2>Training that reacts</h2>
 * The three trainers share one {@link dev.otto.flows.DivergencePolicy}, carried out by a
 * {@link dev.otto.flows.DivergenceGuard}: a step whose loss or gradient is not finite, or whose loss
 * explodes past a ceiling (1000 times the first loss by default), is undone (parameters and Adam
 * state back to the last good step), the learning rate is lowered and the step retried; each
 * {@link dev.otto.flows.Rollback} goes to the {@link dev.otto.flows.TrainingListener} and into the
 * trainer's result, and when the retries are used up training stops with a
 * {@link dev.otto.flows.TrainingDivergedException} (the proximal trainer: a result with
 * diverged = true) that keeps the last good model. The JKO trainer also checks each block's two
 * maps against each other (MATH.md section 4; seed paper 1, Lemma C.2, Prop. 5.4, Appendix D:
 * the map trained, S RK4 steps, must be the map sampled, Dormand-Prince) and retrains a block
 * whose maps disagree, reported as a {@link dev.otto.flows.Retraining}
 * ({@link dev.otto.flows.jko.MapAgreement}). How every family integrates is one
 * {@link dev.otto.ode.Integration} value.
 */
package dev.otto.flows;
