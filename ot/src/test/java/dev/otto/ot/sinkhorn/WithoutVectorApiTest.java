package dev.otto.ot.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Sinkhorn runs whether or not the JVM has the Vector API module: the build runs this module's
 * tests twice, with {@code --add-modules jdk.incubator.vector} and without it (surefire execution
 * "without-vector-api"). Without the module, reading the SIMD flag once threw NoClassDefFoundError.
 */
class WithoutVectorApiTest {

    @Test
    void theFlagFollowsTheModuleAndBothMethodsSolve() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(module && !"false".equalsIgnoreCase(System.getProperty("otto.simd")), VectorSupport.ENABLED);
        int n = 300;
        double[] a = new double[n];
        double[][] c = new double[n][n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            a[i] = 1.0 / n;
            for (int j = 0; j < n; j++) {
                c[i][j] = rng.nextDouble();
            }
        }
        for (Sinkhorn s : new Sinkhorn[] {Sinkhorn.scaling(), Sinkhorn.logDomain()}) {
            SinkhornResult r = s.withEpsilon(0.1).solve(a, a, c);
            assertTrue(r.converged(), r.toString());
            double mass = 0;
            for (double[] row : r.plan()) {
                for (double v : row) {
                    mass += v;
                }
            }
            assertEquals(1.0, mass, 1e-8);
        }
    }
}
