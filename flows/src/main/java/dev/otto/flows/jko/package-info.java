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
