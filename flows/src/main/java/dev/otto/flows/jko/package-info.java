/**
 * JKO flows (MATH.md section 4; seed paper 1, "Convergence of flow-based generative models via
 * proximal gradient descent in Wasserstein space").
 *
 * <p>A {@link dev.otto.flows.jko.JkoFlow} is a chain of residual neural-ODE blocks, each one step of
 * the Jordan-Kinderlehrer-Otto scheme p_{k+1} = argmin KL(rho | q) + W2^2(rho, p_k) / (2 h_k) toward
 * q = N(0, I), learned in transport form by {@link dev.otto.flows.jko.JkoTrainer} block by block.
 * {@link dev.otto.flows.jko.GaussianJko} is the exact step for Gaussians (the oracle), and
 * {@link dev.otto.flows.jko.FirstOrderError} the Appendix D estimator of a learned step's
 * first-order error.
 *
 * <p>Training reacts instead of silently diverging (seed paper 1, Lemma C.2: a block whose field
 * has Lipschitz bound L is an e^L-Lipschitz map, and Prop. 5.4: inversion errors of the blocks add
 * up through such constants). A bad Adam step is rolled back under the shared
 * {@link dev.otto.flows.DivergencePolicy}; after each block, its training map (S fixed RK4 steps,
 * what the loss was minimised for) is compared with its sampling map (the flow's
 * {@link dev.otto.ode.Integration}, Dormand-Prince by default) on held-out samples of p_k, and a
 * block whose mean squared disagreement exceeds {@link dev.otto.flows.jko.MapAgreement#tolerance()}
 * is retrained with twice the RK4 steps (or half the step h). The block's S and h are saved in the
 * model file ({@code blockRkSteps}, {@code blockStepSizes}) and used when it is loaded; older files
 * without them load with the configuration's. Optionally the field's Lipschitz bound is penalised
 * ({@link dev.otto.flows.jko.JkoTrainer#withLipschitzPenalty}).
 *
 * <pre>{@code
 * Tensor data = Datasets.byName("moons").sample(10_000, new SplittableRandom(1));
 * JkoConfig config = JkoConfig.reference().withTraining(512, 150, 5e-3);
 * JkoTrainer.Result r = new JkoTrainer(config)
 *         .withListener(TrainingListener.every(50, System.out::println))
 *         .withCheckpoint(Path.of("moons-jko.safetensors"))
 *         .train(data);
 * Tensor samples = r.flow().sample(2000, new SplittableRandom(7));
 * Tensor logp = r.flow().logDensity(data);
 * }</pre>
 *
 * <h2>Experiments</h2>
 * The toy experiments on 2-D data and the Appendix D first-order error are programs of the bench
 * module ({@code dev.otto.bench.jko.ToyExperiment}, {@code dev.otto.bench.jko.AppendixDExperiment});
 * their commands and results are in bench/results/jko.md.
 */
package dev.otto.flows.jko;
