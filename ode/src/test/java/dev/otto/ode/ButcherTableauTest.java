package dev.otto.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ButcherTableauTest {

    private static final double TOL = 1e-14;

    /** sum_i b_i phi_i for the elementary weights of the rooted trees up to order 5. */
    private static double[] orderConditionResiduals(ButcherTableau t, double[] w) {
        int s = t.stages();
        double[] c = new double[s];
        double[] ac = new double[s];
        double[] ac2 = new double[s];
        double[] aac = new double[s];
        for (int i = 0; i < s; i++) {
            c[i] = t.c(i);
        }
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < i; j++) {
                ac[i] += t.a(i, j) * c[j];
                ac2[i] += t.a(i, j) * c[j] * c[j];
            }
        }
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < i; j++) {
                aac[i] += t.a(i, j) * ac[j];
            }
        }
        double[] r = new double[8];
        for (int i = 0; i < s; i++) {
            r[0] += w[i];
            r[1] += w[i] * c[i];
            r[2] += w[i] * c[i] * c[i];
            r[3] += w[i] * ac[i];
            r[4] += w[i] * c[i] * c[i] * c[i];
            r[5] += w[i] * c[i] * ac[i];
            r[6] += w[i] * ac2[i];
            r[7] += w[i] * aac[i];
        }
        double[] exact = {1, 0.5, 1.0 / 3, 1.0 / 6, 0.25, 1.0 / 8, 1.0 / 12, 1.0 / 24};
        for (int k = 0; k < 8; k++) {
            r[k] -= exact[k];
        }
        return r;
    }

    private static double[] weights(ButcherTableau t) {
        double[] w = new double[t.stages()];
        for (int i = 0; i < w.length; i++) {
            w[i] = t.b(i);
        }
        return w;
    }

    private static void assertOrderConditions(ButcherTableau t, int order) {
        int[] conditionsUpTo = {0, 1, 2, 4, 8};
        double[] r = orderConditionResiduals(t, weights(t));
        for (int k = 0; k < conditionsUpTo[Math.min(order, 4)]; k++) {
            assertEquals(0.0, r[k], TOL, t.name() + " order condition " + k);
        }
    }

    @Test
    void everyTableauSatisfiesItsOrderConditions() {
        assertOrderConditions(ButcherTableau.EULER, 1);
        assertOrderConditions(ButcherTableau.MIDPOINT, 2);
        assertOrderConditions(ButcherTableau.HEUN, 2);
        assertOrderConditions(ButcherTableau.RK4, 4);
        assertOrderConditions(ButcherTableau.RK4_THREE_EIGHTHS, 4);
        assertOrderConditions(ButcherTableau.DORMAND_PRINCE_54, 4);
        // the embedded solution is order 4 too
        ButcherTableau dp = ButcherTableau.DORMAND_PRINCE_54;
        double[] bHat = new double[dp.stages()];
        for (int i = 0; i < bHat.length; i++) {
            bHat[i] = dp.bHat(i);
        }
        double[] r = orderConditionResiduals(dp, bHat);
        for (double v : r) {
            assertEquals(0.0, v, TOL);
        }
    }

    @Test
    void lowOrderMethodsFailTheNextCondition() {
        // so that the order test above can tell orders apart
        assertTrue(Math.abs(orderConditionResiduals(ButcherTableau.EULER, weights(ButcherTableau.EULER))[1]) > 0.1);
        assertTrue(Math.abs(orderConditionResiduals(ButcherTableau.HEUN, weights(ButcherTableau.HEUN))[3]) > 0.1);
    }

    @Test
    void rk4IsTheClassicalMethodNotTheThreeEighthsRule() {
        ButcherTableau t = ButcherTableau.RK4;
        assertArrayEquals(new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, weights(t), 0.0);
        assertEquals(0.5, t.c(1), 0.0);
        assertEquals(1.0, t.a(3, 2), 0.0);
        assertEquals(0.0, t.a(3, 0), 0.0);
        assertArrayEquals(new double[] {1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8},
                weights(ButcherTableau.RK4_THREE_EIGHTHS), 0.0);
    }

    @Test
    void firstSameAsLastIsDetected() {
        assertTrue(ButcherTableau.DORMAND_PRINCE_54.firstSameAsLast());
        assertFalse(ButcherTableau.RK4.firstSameAsLast());
        assertEquals(4, ButcherTableau.DORMAND_PRINCE_54.embeddedOrder());
        assertEquals(7, ButcherTableau.DORMAND_PRINCE_54.stages());
    }

    @Test
    void inconsistentTableauIsRejectedNamingTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad", 2,
                new double[][] {{}, {0.5}}, new double[] {0, 1}, new double[] {0, 0.4}, null, 0));
        assertTrue(e.getMessage().startsWith("c:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad", 2,
                new double[][] {{}, {0.5}}, new double[] {0.1, 1}, new double[] {0, 0.5}, null, 0));
        assertTrue(e.getMessage().startsWith("b:"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ButcherTableau.RK4.bHat(0));
        assertEquals(List.of(), List.of());
    }
}
