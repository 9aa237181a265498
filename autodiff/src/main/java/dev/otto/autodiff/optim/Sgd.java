package dev.otto.autodiff.optim;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with heavy-ball momentum (PyTorch's convention, no dampening):
 * b &lt;- mu b + g;  p &lt;- p - lr b  (or p &lt;- p - lr (g + mu b) with Nesterov).
 */
public final class Sgd implements Optimizer {
    private final LearningRateSchedule schedule;
    private final double momentum;
    private final boolean nesterov;
    private final Map<Parameter, double[]> buffers = new IdentityHashMap<>();
    private int iterations;

    public Sgd(double lr) {
        this(LearningRateSchedule.constant(lr), 0.0, false);
    }

    public Sgd(double lr, double momentum) {
        this(LearningRateSchedule.constant(lr), momentum, false);
    }

    public Sgd(LearningRateSchedule schedule, double momentum, boolean nesterov) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum: must be in [0, 1), got " + momentum);
        }
        this.schedule = schedule;
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public void step(List<Parameter> params, List<Tensor> grads) {
        Optimizer.checkAligned(params, grads);
        double lr = schedule.rate(iterations);
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            double[] g = grads.get(k).toArray();
            double[] x = p.value().toArray();
            double[] buf = buffers.computeIfAbsent(p, q -> new double[x.length]);
            for (int i = 0; i < x.length; i++) {
                double d = g[i];
                if (momentum > 0) {
                    buf[i] = momentum * buf[i] + g[i];
                    d = nesterov ? g[i] + momentum * buf[i] : buf[i];
                }
                x[i] -= lr * d;
            }
            p.set(Tensor.wrap(p.value().rows(), p.value().cols(), x));
        }
        iterations++;
    }

    @Override
    public int iterations() {
        return iterations;
    }

    @Override
    public double currentLearningRate() {
        return schedule.rate(iterations);
    }
}
