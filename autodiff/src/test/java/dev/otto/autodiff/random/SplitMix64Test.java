package dev.otto.autodiff.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link SplitMix64} draws exactly {@link SplittableRandom}'s stream, method by method and
 * interleaved, and continues it exactly from a saved state. Equality is bitwise
 * ({@code Double.doubleToRawLongBits}), so a training run that switches generators keeps its
 * recorded numbers.
 */
class SplitMix64Test {

    /** Bounds that hit the power-of-two mask, small odd bounds, and bounds near 2^31 where rejection is frequent. */
    private static final int[] INT_BOUNDS = {1, 2, 3, 5, 7, 16, 100, 1000, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE};
    private static final long[] LONG_BOUNDS = {1, 3, 1L << 40, (1L << 62) + 1, Long.MAX_VALUE};

    /** One draw of every scalar method, chosen by {@code k}; returned as raw bits. */
    private static long draw(RandomGenerator r, int k) {
        switch (k % 18) {
            case 0: return r.nextLong();
            case 1: return r.nextInt();
            case 2: return r.nextInt(INT_BOUNDS[(k / 18) % INT_BOUNDS.length]);
            case 3: return r.nextInt(-5, 17);
            case 4: return r.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case 5: return r.nextLong(LONG_BOUNDS[(k / 18) % LONG_BOUNDS.length]);
            case 6: return r.nextLong(-1000, 1L << 50);
            case 7: return Double.doubleToRawLongBits(r.nextDouble());
            case 8: return Double.doubleToRawLongBits(r.nextDouble(2.5));
            case 9: return Double.doubleToRawLongBits(r.nextDouble(-1.0, 3.0));
            case 10: return Float.floatToRawIntBits(r.nextFloat());
            case 11: return r.nextBoolean() ? 1 : 0;
            case 12: return Double.doubleToRawLongBits(r.nextGaussian());
            case 13: return Double.doubleToRawLongBits(r.nextGaussian(3.0, 0.5));
            case 14: return Double.doubleToRawLongBits(r.nextExponential());
            case 15: return Float.floatToRawIntBits(r.nextFloat(-2f, 7f));
            case 16: {
                byte[] b = new byte[(k / 18) % 13];
                r.nextBytes(b);
                long h = b.length;
                for (byte x : b) {
                    h = h * 31 + x;
                }
                return h;
            }
            default: return Double.doubleToRawLongBits(r.nextGaussian());
        }
    }

    private static long[] seeds() {
        long[] s = new long[64];
        SplittableRandom meta = new SplittableRandom(20240917L);
        for (int i = 0; i < s.length; i++) {
            s[i] = i < 8 ? new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x9e3779b97f4a7c15L, 7}[i]
                    : meta.nextLong();
        }
        return s;
    }

    @Test
    void eachMethodAloneMatchesSplittableRandom() {
        for (long seed : seeds()) {
            for (int k = 0; k < 18; k++) {
                SplittableRandom ref = new SplittableRandom(seed);
                SplitMix64 mine = new SplitMix64(seed);
                for (int i = 0; i < 600; i++) {
                    int which = k + 18 * i;
                    assertEquals(draw(ref, which), draw(mine, which), "seed " + seed + ", method " + k + ", draw " + i);
                }
            }
        }
    }

    @Test
    void interleavedMethodsMatchSplittableRandomAndTheStateContinuesTheStream() {
        for (long seed : seeds()) {
            SplittableRandom order = new SplittableRandom(~seed);
            SplittableRandom ref = new SplittableRandom(seed);
            SplitMix64 mine = new SplitMix64(seed);
            for (int i = 0; i < 2000; i++) {
                int which = order.nextInt(18 * 40);
                assertEquals(draw(ref, which), draw(mine, which), "seed " + seed + ", draw " + i + ", method " + which % 18);
                if (i % 97 == 0) {
                    // a restored generator and a SplittableRandom built at the saved state continue the
                    // stream exactly as the reference does
                    SplitMix64 restored = SplitMix64.fromState(mine.state());
                    SplittableRandom fromState = mine.toSplittableRandom();
                    for (int j = 0; j < 40; j++) {
                        int w = (which + 7 * j) % (18 * 40);
                        long expected = draw(ref, w);
                        assertEquals(expected, draw(mine, w), "seed " + seed + " after draw " + i);
                        assertEquals(expected, draw(restored, w), "restored, seed " + seed + " after draw " + i);
                        assertEquals(expected, draw(fromState, w), "toSplittableRandom, seed " + seed + " after draw " + i);
                    }
                }
            }
        }
    }

    @Test
    void ottoCallSitesDrawTheSameTensorsAndNetworks() {
        for (long seed : seeds()) {
            for (BiFunction<RandomGenerator, Integer, Tensor> f : List.<BiFunction<RandomGenerator, Integer, Tensor>>of(
                    (r, n) -> Tensor.randn(n, 3, r),
                    (r, n) -> Tensor.uniform(n, 2, -0.5, 0.5, r),
                    (r, n) -> Tensor.rademacher(n, 4, r))) {
                SplittableRandom ref = new SplittableRandom(seed);
                SplitMix64 mine = new SplitMix64(seed);
                for (int n = 1; n < 40; n += 7) {
                    assertArrayEquals(f.apply(ref, n).toArray(), f.apply(mine, n).toArray(), "seed " + seed);
                }
                assertEquals(ref.nextLong(), mine.nextLong(), "state after the tensors, seed " + seed);
            }
            Mlp a = Mlp.builder(3).hidden(8, 8).output(2).activation(Activation.tanh()).timeInput(true)
                    .build(new SplittableRandom(seed));
            Mlp b = Mlp.builder(3).hidden(8, 8).output(2).activation(Activation.tanh()).timeInput(true)
                    .build(new SplitMix64(seed));
            for (int i = 0; i < a.parameters().size(); i++) {
                Parameter p = a.parameters().get(i);
                assertArrayEquals(p.value().toArray(), b.parameters().get(i).value().toArray(), p.name());
            }
        }
    }
}
