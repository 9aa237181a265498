package dev.otto.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.otto.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Activations by name, as model files store them: every name {@link Activation#name()} produces
 * parses back to the same function with the same Lipschitz constant (the factor of the MLP bound,
 * MATH.md section 2), and bad names and arguments are refused.
 */
class ActivationParseTest {

    private static final Tensor X = Tensor.of(1, 4, -2, -0.5, 0.5, 2);

    @Test
    void everyNameParsesBackToItsFunction() {
        Activation[] all = {Activation.tanh(), Activation.relu(), Activation.sigmoid(), Activation.identity(),
            Activation.softplus(), Activation.softplus(20.0), Activation.elu(1.0), Activation.elu(2.5)};
        for (Activation a : all) {
            Activation back = Activation.parse(a.name());
            assertEquals(a.name(), back.name());
            assertEquals(a.name(), back.toString());
            assertEquals(a.lipschitz(), back.lipschitz(), 0.0, a.name());
            assertArrayEquals(a.apply(X).toArray(), back.apply(X).toArray(), 0.0, a.name());
        }
    }

    @Test
    void namesValuesAndConstantsAreTheDocumentedOnes() {
        assertEquals("softplus(20.0)", Activation.softplus(20.0).name());
        assertEquals("softplus", Activation.softplus(1.0).name());
        assertEquals("elu", Activation.elu(1.0).name());
        assertEquals("elu(0.5)", Activation.elu(0.5).name());
        assertEquals(0.25, Activation.sigmoid().lipschitz(), 0.0);
        assertEquals(2.5, Activation.elu(2.5).lipschitz(), 0.0);
        assertEquals(1.0, Activation.elu(0.5).lipschitz(), 0.0);
        assertEquals(1.0, Activation.elu(0.0).lipschitz(), 0.0);
        assertArrayEquals(new double[] {0, 0, 0.5, 2}, Activation.relu().apply(X).toArray(), 0.0);
        assertArrayEquals(X.toArray(), Activation.identity().apply(X).toArray(), 0.0);
        assertArrayEquals(new double[] {1 / (1 + Math.exp(2))}, Activation.sigmoid().apply(Tensor.of(1, 1, -2)).toArray(), 1e-16);
        assertArrayEquals(new double[] {Math.expm1(-2) * 2.5}, Activation.elu(2.5).apply(Tensor.of(1, 1, -2)).toArray(), 1e-15);
    }

    @Test
    void badNamesAndArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
        assertThrows(IllegalArgumentException.class, () -> Activation.softplus(0));
        assertThrows(IllegalArgumentException.class, () -> Activation.softplus(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Activation.elu(-1e-9));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("elu(-1.0)"));
    }
}
