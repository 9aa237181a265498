package dev.otto.autodiff;

/**
 * Whether the hot loops use the JDK's Vector API ({@code jdk.incubator.vector}).
 *
 * <p>Why: the JIT's auto-vectoriser reaches only part of the machine's width on matrix products;
 * the Vector API's register-blocked fused multiply-add kernel is about twice as fast (measured).
 * It is an incubating JDK module, so it is used only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; otherwise the plain loops run, and nothing else
 * changes. {@code -Dotto.simd=false} forces the plain loops. The two paths agree to a few units in
 * the last place (tested); each is deterministic and independent of the thread count.
 *
 * <p>Why not the Vector API's exp, log1p and tanh (ten times faster than {@link Math#exp} on
 * softplus): before the JIT compiles a kernel they run a scalar fallback whose last bit differs
 * from the compiled SVML routine, so the same computation gave different results early and late in
 * one JVM run (found by the resume-from-checkpoint property of the JKO flow). Reproducibility
 * comes first; a vectorised exponential built only from exactly rounded operations would keep both.
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
