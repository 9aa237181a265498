package dev.otto.autodiff.optim;

import dev.otto.autodiff.NonFiniteValueException;
import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Global-norm gradient clipping: when the Euclidean norm of all gradients together exceeds maxNorm,
 * every gradient is scaled by maxNorm / (norm + 1e-6) (PyTorch's clip_grad_norm_ arithmetic).
 */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** The (possibly) scaled gradients and the norm before clipping. */
    public record Clipped(List<Tensor> grads, double norm) {
    }

    /** The norm of all entries of all gradients. */
    public static double globalNorm(List<Tensor> grads) {
        double s = 0;
        for (Tensor g : grads) {
            for (double v : g.toArray()) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * Clips to {@code maxNorm}; a non-finite norm raises {@link NonFiniteValueException} rather than
     * writing NaN into the parameters.
     */
    public static Clipped clipByGlobalNorm(List<Tensor> grads, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm: must be positive, got " + maxNorm);
        }
        double norm = globalNorm(grads);
        if (!Double.isFinite(norm)) {
            throw new NonFiniteValueException("gradient clipping: the global gradient norm is " + norm);
        }
        if (norm <= maxNorm) {
            return new Clipped(grads, norm);
        }
        double scale = maxNorm / (norm + 1e-6);
        List<Tensor> out = new ArrayList<>(grads.size());
        for (Tensor g : grads) {
            out.add(g.scale(scale));
        }
        return new Clipped(out, norm);
    }
}
