package dev.otto.ot.sinkhorn;

/**
 * Whether {@link VectorDot} may run: the JVM was started with {@code --add-modules
 * jdk.incubator.vector} and {@code -Dotto.simd=false} was not given. Kept apart from
 * {@link VectorDot} because reading a flag of that class initialises it, and its initialiser loads
 * the Vector API's classes, which do not exist without the module (NoClassDefFoundError).
 */
final class VectorSupport {

    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("otto.simd"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }
}
