package dev.otto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.ot.cost.PointCloudCost;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Flat row-major clouds give exactly what row arrays give: the same cost entries, kinds and exact
 * W_p, so callers holding flat data (tensors) need no row arrays.
 */
class FlatCloudsTest {

    private static double[] flat(double[][] rows) {
        int d = rows[0].length;
        double[] out = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    private static double[][] cloud(SplittableRandom rng, int n, int d) {
        double[][] p = new double[n][d];
        for (double[] row : p) {
            for (int k = 0; k < d; k++) {
                row[k] = rng.nextDouble() * 4 - 2;
            }
        }
        return p;
    }

    @Test
    void flatAndRowCloudsGiveTheSameCostAndDistances() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] x = cloud(rng, 23, 3);
        double[][] y = cloud(rng, 17, 3);
        for (double p : new double[] {1, 2, 1.5, 3}) {
            PointCloudCost rows = PointCloudCost.power(x, y, p);
            PointCloudCost flat = PointCloudCost.power(flat(x), 23, flat(y), 17, 3, p);
            assertEquals(rows.kind(), flat.kind(), "kind at p = " + p);
            double[] r1 = new double[17];
            double[] r2 = new double[17];
            for (int i = 0; i < 23; i++) {
                rows.row(i, r1);
                flat.row(i, r2);
                assertArrayEquals(r1, r2, 0.0);
            }
            if (p >= 1) {
                assertEquals(Wasserstein.wpp(x, null, y, null, p),
                        Wasserstein.solve(flat(x), 23, null, flat(y), 17, null, 3, p).cost(), 0.0);
            }
        }
        assertEquals(Wasserstein.w2(x, y), Wasserstein.w2(flat(x), 23, flat(y), 17, 3), 0.0);
        assertEquals(Wasserstein.w1(x, y), Wasserstein.w1(flat(x), 23, flat(y), 17, 3), 0.0);
        assertTrue(Wasserstein.w2Squared(flat(x), 23, flat(y), 17, 3) > 0);
    }

    @Test
    void badFlatInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Wasserstein.w2(new double[5], 2, new double[4], 2, 2));
        assertTrue(e.getMessage().startsWith("x:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PointCloudCost.power(new double[4], 2, new double[4], 2, 2, 0));
        assertTrue(e.getMessage().startsWith("p:"), e.getMessage());
    }
}
