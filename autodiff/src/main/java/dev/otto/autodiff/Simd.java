package dev.otto.autodiff;

/**
 * Whether the hot loops use the JDK's Vector API ({@code jdk.incubator.vector}).
 *
 * <p>Why: the JIT's auto-vectoriser leaves the transcendental functions scalar (softplus costs about
 * 20 ns per entry through {@link Math#exp} and {@link Math#log}) and reaches only part of the
 * machine's width on matrix products. The Vector API gives explicit SIMD and vectorised exp, log1p
 * and tanh (about 2 ns per entry, measured). It is an incubating JDK module, so it is used only when
 * the JVM was started with {@code --add-modules jdk.incubator.vector}; otherwise the plain loops
 * run, and nothing else changes. {@code -Dotto.simd=false} forces the plain loops. The two paths
 * agree to a few units in the last place (tested); each is deterministic and independent of the
 * thread count.
 */
public final class Simd {

    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("otto.simd"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Simd() {
    }

    /** True when the Vector API kernels are in use. */
    public static boolean enabled() {
        return ENABLED;
    }
}
