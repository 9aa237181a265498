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
 * <p>Experiments (numbers in the closing notes of issue 5 and in bench/README.md):
 * {@link dev.otto.flows.jko.experiments.AppendixDExperiment} and
 * {@link dev.otto.flows.jko.experiments.ToyExperiment}.
 */
package dev.otto.flows.jko;
