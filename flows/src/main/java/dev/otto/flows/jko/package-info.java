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
 * <h2>Experiments (2026-11-23, 2 cores, quiet machine)</h2>
 * Commands: {@code mvn -q -B -pl bench -am package -DskipTests}, then
 * {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.otto.flows.jko.experiments.ToyExperiment moons 8gaussians checkerboard}
 * and {@code ... dev.otto.flows.jko.experiments.AppendixDExperiment}.
 *
 * <p>{@link dev.otto.flows.jko.experiments.ToyExperiment}: 6 blocks x 135 Adam steps (lr 5e-3,
 * batch 512, MLP 2-64-64-64-2 softplus(20), S = 3 RK4, h_k = 0.25 * 1.4^(k-1)), trained on 10,000
 * samples in 124-134 s per data set including the per-block diagnostics (110-121 s in an earlier
 * run with 150 steps: the budget of about two minutes is met only roughly on this shared machine).
 * W2 = sqrt of the exact-OT cost between 2000 generated and 2000 held-out samples, beside the same
 * figure for two independent data samples (the estimator's floor); MMD^2 unbiased with a Gaussian
 * kernel of bandwidth 0.5; NLL in nats on 2000 held-out samples with the exact trace and
 * Dormand-Prince 1e-5; inversion error E|S(T(x)) - x|^2 of the whole flow.
 * <table>
 *   <caption>JKO flows on 2-D data</caption>
 *   <tr><th>data</th><th>NLL</th><th>MMD^2</th><th>W2 (floor)</th><th>inversion error</th><th>W2^2(p_k, q) by block, bound W2^2(p_0,q) prod (1+h_j)^-1 in brackets</th></tr>
 *   <tr><td>moons</td><td>2.437</td><td>-0.00015</td><td>0.156 (0.157)</td><td>6.4e-11</td><td>1.075; 0.363 (0.860), 0.171 (0.637), 0.061 (0.427), 0.037 (0.254), 0.024 (0.129), 0.021 (0.055)</td></tr>
 *   <tr><td>8gaussians</td><td>2.866</td><td>-0.00034</td><td>0.177 (0.200)</td><td>1.5e-11</td><td>2.692; 1.214 (2.153), 0.450 (1.595), 0.122 (1.071), 0.041 (0.635), 0.023 (0.324), 0.020 (0.138)</td></tr>
 *   <tr><td>checkerboard</td><td>3.597</td><td>0.00026</td><td>0.220 (0.277)</td><td>3.1e-11</td><td>3.941; 1.979 (3.153), 0.807 (2.335), 0.271 (1.567), 0.066 (0.930), 0.027 (0.474), 0.027 (0.202)</td></tr>
 * </table>
 * The measured W2^2(p_k, q) (2000 pushed samples against 2000 fresh N(0, I) samples, whose own
 * floor is about 0.02) stays below the exact-step bound at every block, and levels off at that floor.
 *
 * <p>{@link dev.otto.flows.jko.experiments.AppendixDExperiment} (seed paper 1, Appendix D):
 * p_k = N((3,3), I), h = 0.5, 2000 samples, one block 2-128-128-128-2, Adam lr 2e-3, full batch.
 * E|xi|^2 at the identity map 18.26 (the paper: about 19); after 25 Adam steps 0.29, after 200 steps
 * 0.136 (0.154 at step 200 of a 300-step run). The estimator's floor is 0.414 on independent exact
 * samples of p_k and p_{k+1} and 0.164 with the exact map T(x) = x - 1 applied to the same x (the
 * like-for-like comparison with a learned block, whose pushed samples are paired with their own
 * starting points): at 200 steps the learned block is within 25% of the latter (0.83x and 0.94x).
 * At the constant learning rate the estimate keeps fluctuating between 0.12 and 0.23 (0.208 = 1.26x
 * after 300 steps). Learned p_{k+1}: mean (2.036, 2.036), covariance [[0.966, 0.020], [0.020,
 * 0.973]] after 200 steps, (2.035, 2.025) and [[1.009, 0.020], [0.020, 1.023]] after 300, against
 * (2, 2) and I.
 */
package dev.otto.flows.jko;
