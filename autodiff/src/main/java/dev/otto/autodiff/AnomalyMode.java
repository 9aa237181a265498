package dev.otto.autodiff;

/**
 * Anomaly detection, off by default: while enabled on a thread, the first operation that produces
 * a NaN or infinite value throws a {@link NonFiniteValueException} naming the operation and the
 * shapes of its inputs, instead of letting the value spread silently.
 *
 * <pre>{@code
 * try (AnomalyMode.Scope a = AnomalyMode.enable()) {
 *     Tensor loss = model.loss(batch);  // throws at the first non-finite intermediate
 * }
 * }</pre>
 */
public final class AnomalyMode {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private AnomalyMode() {
    }

    /** Turns anomaly detection on for the calling thread until the scope is closed. */
    public static Scope enable() {
        DEPTH.get()[0]++;
        return new Scope();
    }

    public static boolean isEnabled() {
        return DEPTH.get()[0] > 0;
    }

    static void check(String op, double[] result, Tensor[] inputs) {
        for (int i = 0; i < result.length; i++) {
            if (!Double.isFinite(result[i])) {
                StringBuilder shapes = new StringBuilder();
                for (int k = 0; k < inputs.length; k++) {
                    shapes.append(k == 0 ? "" : ", ").append(inputs[k].shape());
                }
                throw new NonFiniteValueException("operation '" + op + "' on inputs of shape (" + shapes
                        + ") produced " + result[i] + " at flat index " + i);
            }
        }
    }

    /** Closes the enabling scope on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private boolean closed;

        private Scope() {
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                DEPTH.get()[0]--;
            }
        }
    }
}
