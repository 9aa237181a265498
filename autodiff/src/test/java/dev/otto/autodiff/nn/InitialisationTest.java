package dev.otto.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The layer initialisations draw what their documentation says. */
class InitialisationTest {

    @Test
    void theDefaultLayerIsUniformFanInAsBefore() {
        Linear plain = new Linear("a", 7, 48, new SplittableRandom(5));
        Linear named = new Linear("a", 7, 48, Initialisation.UNIFORM_FAN_IN, new SplittableRandom(5));
        assertArrayEquals(plain.weight().value().toArray(), named.weight().value().toArray(), 0.0);
        assertArrayEquals(plain.bias().value().toArray(), named.bias().value().toArray(), 0.0);
        for (double w : plain.weight().value().toArray()) {
            assertTrue(Math.abs(w) <= 1 / Math.sqrt(7));
        }
    }

    @Test
    void glorotNormalIsTruncatedAtTwoDeviationsWithTheGlorotVarianceAndZeroBias() {
        int in = 300;
        int out = 200;
        Linear l = new Linear("g", in, out, Initialisation.GLOROT_NORMAL, new SplittableRandom(11));
        double target = Math.sqrt(2.0 / (in + out));
        double[] w = l.weight().value().toArray();
        double sum = 0;
        double sq = 0;
        for (double v : w) {
            // truncated at 2 sd of the underlying normal, whose sd is target / 0.8796
            assertTrue(Math.abs(v) <= 2 * target / Initialisation.TRUNCATED_SD, "outside the truncation: " + v);
            sum += v;
            sq += v * v;
        }
        int n = w.length;
        double mean = sum / n;
        double sd = Math.sqrt(sq / n - mean * mean);
        // 60000 draws: the sample sd's relative standard error is about 1/sqrt(2n) ~ 0.003 (kurtosis of
        // the truncated normal is below the normal's), so 2 % is more than six standard errors
        assertEquals(target, sd, 0.02 * target);
        assertEquals(0, mean, 6 * target / Math.sqrt(n));
        assertArrayEquals(new double[out], l.bias().value().toArray(), 0.0);
    }

    @Test
    void theBuilderPassesTheInitialisationToEveryLayer() {
        Mlp m = Mlp.builder(3).hidden(16, 16).output(1).initialisation(Initialisation.GLOROT_NORMAL)
                .build(new SplittableRandom(2));
        for (Parameter p : m.parameters()) {
            if (p.name().endsWith(".bias")) {
                assertEquals(0, p.value().abs().sum().item(), 0.0, p.name());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Mlp.builder(3).initialisation(null));
        assertEquals(Initialisation.GLOROT_NORMAL, Initialisation.parse(" Glorot "));
        assertThrows(IllegalArgumentException.class, () -> Initialisation.parse("he"));
        Tensor ignored = Initialisation.UNIFORM_FAN_IN.bias(4, 2, new SplittableRandom(1));
        assertEquals(2, ignored.cols());
    }
}
