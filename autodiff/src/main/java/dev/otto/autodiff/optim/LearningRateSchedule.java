package dev.otto.autodiff.optim;

/** The learning rate as a function of the step index (0 for the first step). */
@FunctionalInterface
public interface LearningRateSchedule {

    double rate(int step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double lr) {
        checkRate(lr);
        return step -> lr;
    }

    /** lr * gamma^floor(step / every) (PyTorch's StepLR). */
    static LearningRateSchedule step(double lr, int every, double gamma) {
        checkRate(lr);
        if (every <= 0) {
            throw new IllegalArgumentException("every: must be positive, got " + every);
        }
        if (!(gamma > 0)) {
            throw new IllegalArgumentException("gamma: must be positive, got " + gamma);
        }
        return step -> lr * Math.pow(gamma, step / every);
    }

    /**
     * Cosine annealing from lr to minLr over {@code total} steps, then minLr:
     * minLr + (lr - minLr) (1 + cos(pi step / total)) / 2.
     */
    static LearningRateSchedule cosine(double lr, int total, double minLr) {
        checkRate(lr);
        if (total <= 0) {
            throw new IllegalArgumentException("total: must be positive, got " + total);
        }
        if (!(minLr >= 0) || minLr > lr) {
            throw new IllegalArgumentException("minLr: must be in [0, lr], got " + minLr);
        }
        return step -> step >= total ? minLr : minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * step / total));
    }

    private static void checkRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("lr: learning rate must be positive and finite, got " + lr);
        }
    }
}
