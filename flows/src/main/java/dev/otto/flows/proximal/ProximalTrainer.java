package dev.otto.flows.proximal;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import dev.otto.flows.data.Sampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a W1/W2 proximal generative flow (MATH.md section 6; seed paper 2, Algorithm 1).
 * Each iteration makes n_D Adam ascent steps of the discriminator on
 * E_gen[g] - E_data[f*(g)] - mu E_xhat[max(0, |grad g(xhat)|^2 - L^2)] (the data term in
 * Donsker-Varadhan form for KL; fresh data, noise and interpolates each step), then one Adam
 * descent step of the generator on lambda KE + E_gen[g(x_K)], differentiated through all K Euler
 * steps and through grad phi (double backward). lambda and mu are switched on by the
 * {@link ProximalCase}.
 *
 * <p>Progress: every iteration is reported to the listener as a {@link TrainingProgress} with the
 * loss parts "D objective" (E_gen g - data term), "GP", "KE", "E_gen g", "G loss" and the latest
 * indicators "HJ", "terminal", "straightness", "K/2K gap" (evaluated every
 * {@code indicatorEvery} iterations on a fixed noise batch, NaN before the first evaluation).
 *
 * <p>Divergence: after every step the loss, the gradients and the new parameters are checked;
 * the first non-finite value (or a {@link ArithmeticException} from the tape's anomaly mode)
 * stops training cleanly: both networks are restored to their values at the start of that
 * iteration, which were finite, and the result says diverged = true with the reason and iteration.
 * Nothing non-finite is ever returned or saved.
 */
public final class ProximalTrainer {

    private final ProximalConfig config;

    public ProximalTrainer(ProximalConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a ProximalConfig, got null");
        }
        this.config = config;
    }

    public ProximalConfig config() {
        return config;
    }

    /** Trains on samples of {@code data} (its dimension sets d). */
    public ProximalResult train(Sampler data, TrainingListener listener) {
        if (data == null) {
            throw new IllegalArgumentException("data: expected a Sampler, got null");
        }
        TrainingListener out = listener == null ? TrainingListener.none() : listener;
        int d = data.dimension();
        SplittableRandom init = new SplittableRandom(config.seed());
        Mlp phiNet = Mlp.builder(d).hidden(config.potentialHidden()).output(1).activation(Activation.tanh())
                .timeInput(true).name("phi").build(init);
        Discriminator g = Discriminator.create(d, config.discriminatorHidden(), Activation.relu(), config.divergence(),
                init);
        ProximalFlow flow = new ProximalFlow(phiNet, config.horizon(), config.steps());
        PotentialGenerator gen = flow.generator();
        SplittableRandom rng = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);
        Tensor indicatorNoise = Tensor.randn(config.batch(), d, new SplittableRandom(config.seed() + 17));
        Adam adamD = new Adam(config.discriminatorLearningRate(), config.beta1(), config.beta2());
        Adam adamG = new Adam(config.generatorLearningRate(), config.beta1(), config.beta2());
        List<Parameter> pD = g.parameters();
        List<Parameter> pG = phiNet.parameters();
        double lambda = config.effectiveLambda();
        double mu = config.effectiveMu();
        int n = config.batch();

        Map<String, Double> parts = new LinkedHashMap<>();
        for (String k : new String[] {"D objective", "GP", "KE", "E_gen g", "G loss", "HJ", "terminal",
                "straightness", "K/2K gap"}) {
            parts.put(k, Double.NaN);
        }
        long start = System.nanoTime();
        String reason = "completed";
        boolean diverged = false;
        int done = 0;
        for (int it = 0; it < config.iterations(); it++) {
            List<Tensor> keepD = values(pD);
            List<Tensor> keepG = values(pG);
            String failure;
            try {
                failure = iteration(it, data, g, gen, pD, pG, adamD, adamG, lambda, mu, n, rng, parts);
            } catch (ArithmeticException e) {
                failure = "non-finite value at iteration " + it + ": " + e.getMessage();
            }
            if (failure != null) {
                restore(pD, keepD);
                restore(pG, keepG);
                diverged = true;
                reason = failure;
                break;
            }
            done = it + 1;
            if (it % config.indicatorEvery() == 0 || it == config.iterations() - 1) {
                Indicators ind = Indicators.evaluate(gen, g, lambda, indicatorNoise);
                parts.put("HJ", ind.hamiltonJacobi());
                parts.put("terminal", ind.terminal());
                parts.put("straightness", ind.straightness());
                parts.put("K/2K gap", ind.discretisationGap());
            }
            out.onProgress(new TrainingProgress(0, 1, it, config.iterations(), parts, seconds(start)));
        }
        Indicators fin = Indicators.evaluate(gen, g, lambda, indicatorNoise);
        return new ProximalResult(flow, g, diverged, reason, done, fin, java.util.Collections.unmodifiableMap(withoutNull(parts)), seconds(start));
    }

    /** One iteration; returns null on success or the reason of a non-finite value. */
    private String iteration(int it, Sampler data, Discriminator g, PotentialGenerator gen, List<Parameter> pD,
                             List<Parameter> pG, Adam adamD, Adam adamG, double lambda, double mu, int n,
                             SplittableRandom rng, Map<String, Double> parts) {
        int d = data.dimension();
        FDivergence f = config.divergence();
        for (int j = 0; j < config.discriminatorSteps(); j++) {
            Tensor y = data.sample(n, rng);
            Tensor x = gen.rollout(Tensor.randn(n, d, rng)).terminal();
            if (!x.isFinite()) {
                return "non-finite generated samples at iteration " + it + " (discriminator step " + j + ")";
            }
            try (Tape.Scope s = Tape.record()) {
                Tensor objective = f.objective(g.apply(x), g.apply(y));
                Tensor loss = objective.neg();
                double gp = 0;
                if (mu > 0) {
                    Tensor penalty = GradientPenalty.oneSided(g::apply,
                            GradientPenalty.interpolates(y, x, rng), config.lipschitz());
                    gp = penalty.item();
                    loss = loss.add(penalty.scale(mu));
                }
                if (!loss.isFinite()) {
                    return "non-finite discriminator loss at iteration " + it + " (step " + j + "): objective "
                            + objective.item() + ", penalty " + gp;
                }
                List<Tensor> grads = Gradients.grad(loss, values(pD));
                String bad = firstNonFinite(grads, pD, "discriminator gradient", it);
                if (bad != null) {
                    return bad;
                }
                adamD.step(pD, grads);
                parts.put("D objective", objective.item());
                parts.put("GP", gp);
            }
            String bad = firstNonFinite(values(pD), pD, "discriminator parameter", it);
            if (bad != null) {
                return bad;
            }
        }
        try (Tape.Scope s = Tape.record()) {
            Rollout r = gen.rolloutRecorded(Tensor.randn(n, d, rng));
            Tensor eg = g.apply(r.terminal()).mean();
            Tensor loss = lambda > 0 ? eg.add(r.kineticEnergy().scale(lambda)) : eg;
            if (!loss.isFinite() || !r.kineticEnergy().isFinite()) {
                return "non-finite generator loss at iteration " + it + ": E_gen g = " + eg.item() + ", KE = "
                        + r.kineticEnergy().item();
            }
            List<Tensor> grads = Gradients.grad(loss, values(pG));
            String bad = firstNonFinite(grads, pG, "generator gradient", it);
            if (bad != null) {
                return bad;
            }
            adamG.step(pG, grads);
            parts.put("KE", r.kineticEnergy().item());
            parts.put("E_gen g", eg.item());
            parts.put("G loss", loss.item());
        }
        return firstNonFinite(values(pG), pG, "generator parameter", it);
    }

    private static String firstNonFinite(List<Tensor> ts, List<Parameter> ps, String what, int it) {
        for (int i = 0; i < ts.size(); i++) {
            if (!ts.get(i).isFinite()) {
                return "non-finite " + what + " " + ps.get(i).name() + " at iteration " + it;
            }
        }
        return null;
    }

    private static List<Tensor> values(List<Parameter> ps) {
        List<Tensor> v = new ArrayList<>(ps.size());
        for (Parameter p : ps) {
            v.add(p.value());
        }
        return v;
    }

    private static void restore(List<Parameter> ps, List<Tensor> vs) {
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).set(vs.get(i));
        }
    }

    private static Map<String, Double> withoutNull(Map<String, Double> m) {
        return new LinkedHashMap<>(m);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
