package dev.otto.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The consistency conditions a Butcher tableau must meet (MATH.md section 3: explicit, c_i = sum_j a_ij,
 * sum b = sum bHat = 1, an embedded order from 1 to p + 1), each at its boundary, and the derived
 * quantities: the error weights b - bHat and the first-same-as-last property.
 */
class ButcherTableauValidationTest {

    private static final double[][] HEUN_A = {{}, {1.0}};
    private static final double[] HEUN_B = {0.5, 0.5};
    private static final double[] HEUN_C = {0.0, 1.0};
    private static final double[] EULER_HAT = {1.0, 0.0};

    private static ButcherTableau heun(double[][] a, double[] b, double[] c, double[] bHat, int order, int embedded) {
        return new ButcherTableau("test", order, a, b, c, bHat, embedded);
    }

    @Test
    void theHeunEulerPairIsValidAtEveryBoundary() {
        ButcherTableau t = heun(HEUN_A, HEUN_B, HEUN_C, EULER_HAT, 2, 1);
        assertEquals(1, t.embeddedOrder());
        assertEquals(2, heun(HEUN_A, HEUN_B, HEUN_C, EULER_HAT, 1, 2).embeddedOrder()); // q = p + 1 is allowed
        assertEquals(0.5 - 1.0, t.errorWeight(0), 0.0);
        assertEquals(0.5, t.errorWeight(1), 0.0);
        assertEquals(1.0, t.a(1, 0), 0.0);
        assertEquals(0.0, t.a(0, 0), 0.0);
        assertEquals(0.0, t.a(1, 1), 0.0);
        assertEquals("test", t.name());
        assertTrue(t.toString().contains("embedded order 1"), t.toString());
        assertFalse(ButcherTableau.RK4.toString().contains("embedded"), ButcherTableau.RK4.toString());
    }

    @Test
    void orderAndStagesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> heun(HEUN_A, HEUN_B, HEUN_C, EULER_HAT, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> heun(new double[0][], new double[0], new double[0], null, 1, 0));
    }

    @Test
    void shapesMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> heun(new double[][] {{}}, HEUN_B, HEUN_C, EULER_HAT, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> heun(HEUN_A, HEUN_B, new double[] {0.0}, EULER_HAT, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> heun(HEUN_A, HEUN_B, HEUN_C, new double[] {1.0}, 2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> heun(new double[][] {{0.0}, {1.0}}, HEUN_B, HEUN_C, EULER_HAT, 2, 1), "a row 0 with an entry");
    }

    @Test
    void theEmbeddedOrderRunsFromOneToOrderPlusOne() {
        assertThrows(IllegalArgumentException.class, () -> heun(HEUN_A, HEUN_B, HEUN_C, EULER_HAT, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> heun(HEUN_A, HEUN_B, HEUN_C, EULER_HAT, 2, 4));
        assertEquals(0, heun(HEUN_A, HEUN_B, HEUN_C, null, 2, 7).embeddedOrder(), "ignored without bHat");
    }

    @Test
    void nodesMustEqualRowSumsAndWeightsSumToOne() {
        assertThrows(IllegalArgumentException.class,
                () -> heun(HEUN_A, HEUN_B, new double[] {0.0, 1.0 + 1e-12}, EULER_HAT, 2, 1));
        heun(HEUN_A, HEUN_B, new double[] {0.0, 1.0 + 1e-16}, EULER_HAT, 2, 1);
        assertThrows(IllegalArgumentException.class,
                () -> heun(HEUN_A, new double[] {0.5, 0.5 + 1e-12}, HEUN_C, EULER_HAT, 2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> heun(HEUN_A, new double[] {0.5, 0.5 - 1e-12}, HEUN_C, EULER_HAT, 2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> heun(HEUN_A, HEUN_B, HEUN_C, new double[] {1.0, 1e-12}, 2, 1));
    }

    @Test
    void aTableauWithoutAnEmbeddedSolutionHasNoErrorWeights() {
        assertFalse(ButcherTableau.RK4.hasEmbedded());
        assertEquals(0, ButcherTableau.RK4.embeddedOrder());
        assertThrows(IllegalStateException.class, () -> ButcherTableau.RK4.errorWeight(0));
        assertThrows(IllegalStateException.class, () -> ButcherTableau.RK4.bHat(0));
    }

    @Test
    void firstSameAsLastNeedsTheLastRowToBeBAtNodeOne() {
        assertTrue(ButcherTableau.DORMAND_PRINCE_54.firstSameAsLast());
        assertFalse(ButcherTableau.RK4.firstSameAsLast());
        assertFalse(ButcherTableau.EULER.firstSameAsLast());
        // Euler written with a second, unused stage at node 1: a_2 = (b_1), b_2 = 0, c_2 = 1
        assertTrue(heun(new double[][] {{}, {1.0}}, new double[] {1.0, 0.0}, HEUN_C, null, 1, 0).firstSameAsLast());
        // the same nodes and weights with a last row that is not b
        assertFalse(heun(new double[][] {{}, {}, {0.5, 0.5}}, new double[] {1.0, 0.0, 0.0},
                new double[] {0.0, 0.0, 1.0}, null, 1, 0).firstSameAsLast());
        // Heun: a_2 = (1) is not (b_1) = (0.5)
        assertFalse(heun(HEUN_A, HEUN_B, HEUN_C, null, 2, 0).firstSameAsLast());
        // (c_s = 1 and b_s = 0 each follow from a_s = b and the consistency conditions, so they are not
        // tested apart: c_s = sum a_s = 1 - b_s)
    }

    @Test
    void theTableauKeepsItsOwnCopies() {
        double[] b = HEUN_B.clone();
        double[] bHat = EULER_HAT.clone();
        ButcherTableau t = heun(HEUN_A, b, HEUN_C, bHat, 2, 1);
        b[0] = 7;
        bHat[0] = 7;
        assertEquals(0.5, t.b(0), 0.0);
        assertEquals(1.0, t.bHat(0), 0.0);
        assertEquals(-0.5, t.errorWeight(0), 0.0);
    }
}
