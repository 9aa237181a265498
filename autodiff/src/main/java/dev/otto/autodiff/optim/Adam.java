package dev.otto.autodiff.optim;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba) and AdamW (Loshchilov and Hutter), in PyTorch's arithmetic so that runs can
 * be compared step by step. At step t (from 1), for each entry:
 * <pre>
 *   m &lt;- b1 m + (1 - b1) g,   v &lt;- b2 v + (1 - b2) g^2,
 *   p &lt;- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 * </pre>
 * Weight decay wd is added to the gradient (g + wd p, "L2") for Adam, and applied directly
 * (p &lt;- p (1 - lr wd) before the update, "decoupled") for AdamW.
 *
 * <p>Checkpoints: {@link #state(List)} exports the step count t and both moment buffers of each
 * parameter, {@link #restore(List, State)} puts them back, after which the optimiser continues
 * bit for bit as if it had never stopped (the hyperparameters and the schedule are the
 * constructor's, not part of the state).
 *
 * <p>Learning-rate scale: {@link #scaleLearningRate} multiplies every later rate of the schedule
 * by a factor (a trainer lowers it after rolling back a diverged step). The scale is not part of
 * {@link State}, so restoring the state of a good step keeps the lowered rate.
 */
public final class Adam implements Optimizer {
    private final LearningRateSchedule schedule;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Map<Parameter, double[][]> moments = new IdentityHashMap<>();
    private int iterations;
    private double rateScale = 1.0;

    /** Adam with the usual defaults b1 = 0.9, b2 = 0.999, eps = 1e-8 and no weight decay. */
    public Adam(double lr) {
        this(LearningRateSchedule.constant(lr), 0.9, 0.999, 1e-8, 0.0, false);
    }

    /** Adam with given betas (for example 0.5, 0.9 for adversarial training). */
    public Adam(double lr, double beta1, double beta2) {
        this(LearningRateSchedule.constant(lr), beta1, beta2, 1e-8, 0.0, false);
    }

    public Adam(LearningRateSchedule schedule, double beta1, double beta2, double eps, double weightDecay,
                boolean decoupled) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1: must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2: must be in [0, 1), got " + beta2);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("eps: must be non-negative, got " + eps);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay: must be non-negative, got " + weightDecay);
        }
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** AdamW: Adam with decoupled weight decay. */
    public static Adam adamW(double lr, double weightDecay) {
        return new Adam(LearningRateSchedule.constant(lr), 0.9, 0.999, 1e-8, weightDecay, true);
    }

    @Override
    public void step(List<Parameter> params, List<Tensor> grads) {
        Optimizer.checkAligned(params, grads);
        double lr = rateScale * schedule.rate(iterations);
        int t = iterations + 1;
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double stepSize = lr / bc1;
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            double[] g = grads.get(k).toArray();
            double[] x = p.value().toArray();
            double[][] mv = moments.computeIfAbsent(p, q -> new double[][] {new double[x.length], new double[x.length]});
            double[] m = mv[0];
            double[] v = mv[1];
            for (int i = 0; i < x.length; i++) {
                double gi = g[i];
                if (weightDecay > 0) {
                    if (decoupled) {
                        x[i] *= 1 - lr * weightDecay;
                    } else {
                        gi += weightDecay * x[i];
                    }
                }
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                x[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / sqrtBc2 + eps);
            }
            p.set(Tensor.wrap(p.value().rows(), p.value().cols(), x));
        }
        iterations++;
    }

    /**
     * The moment estimates of one parameter, entry for entry in the parameter's row-major order.
     *
     * @param name the parameter's name
     * @param first m, the first moment estimate
     * @param second v, the second moment estimate
     */
    public record Moments(String name, double[] first, double[] second) {
        public Moments {
            if (name == null || first == null || second == null || first.length != second.length) {
                throw new IllegalArgumentException("moments: expected a name and two buffers of one length, got "
                        + name + ", " + (first == null ? "null" : first.length) + " and "
                        + (second == null ? "null" : second.length) + " entries");
            }
            first = first.clone();
            second = second.clone();
        }

        @Override
        public double[] first() {
            return first.clone();
        }

        @Override
        public double[] second() {
            return second.clone();
        }
    }

    /**
     * Everything {@link #step} carries from one call to the next, for a list of parameters.
     *
     * @param iterations the number of steps taken (t of the bias correction, and the schedule's index)
     * @param moments one entry per parameter, in the order of the list it was exported for
     */
    public record State(int iterations, List<Moments> moments) {
        public State {
            if (iterations < 0) {
                throw new IllegalArgumentException("iterations: expected >= 0, got " + iterations);
            }
            moments = List.copyOf(moments);
        }
    }

    /**
     * The state for {@code params}, in their order; a parameter this optimiser has not stepped yet
     * has zero moments (what its first step would start from).
     */
    public State state(List<Parameter> params) {
        List<Moments> out = new ArrayList<>(params.size());
        for (Parameter p : params) {
            double[][] mv = moments.get(p);
            int n = p.value().size();
            out.add(mv == null ? new Moments(p.name(), new double[n], new double[n])
                    : new Moments(p.name(), mv[0], mv[1]));
        }
        return new State(iterations, out);
    }

    /**
     * Replaces this optimiser's whole state by {@code state}, exported for parameters of the same
     * names and sizes in the same order as {@code params}.
     *
     * @throws IllegalArgumentException naming the first parameter whose name or size differs
     */
    public void restore(List<Parameter> params, State state) {
        if (state == null || params == null) {
            throw new IllegalArgumentException("state, params: expected non-null, got a null");
        }
        if (state.moments().size() != params.size()) {
            throw new IllegalArgumentException("state: holds moments for " + state.moments().size()
                    + " parameters, expected " + params.size());
        }
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            Moments m = state.moments().get(k);
            if (!m.name().equals(p.name())) {
                throw new IllegalArgumentException("state: parameter " + k + " is '" + m.name() + "', expected '"
                        + p.name() + "'");
            }
            if (m.first.length != p.value().size()) {
                throw new IllegalArgumentException("state: parameter '" + p.name() + "' has " + m.first.length
                        + " moment entries, expected " + p.value().size());
            }
        }
        moments.clear();
        for (int k = 0; k < params.size(); k++) {
            Moments m = state.moments().get(k);
            moments.put(params.get(k), new double[][] {m.first.clone(), m.second.clone()});
        }
        iterations = state.iterations();
    }

    @Override
    public int iterations() {
        return iterations;
    }

    @Override
    public double currentLearningRate() {
        return rateScale * schedule.rate(iterations);
    }

    /**
     * Multiplies the learning rate of every later step by {@code factor} (cumulatively).
     *
     * @throws IllegalArgumentException unless factor is finite and &gt; 0
     */
    public void scaleLearningRate(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("factor: expected a finite value > 0, got " + factor);
        }
        rateScale *= factor;
    }

    /** The product of the factors given to {@link #scaleLearningRate} (1 unless scaled). */
    public double learningRateScale() {
        return rateScale;
    }
}
