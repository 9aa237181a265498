package dev.otto.autodiff.random;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The SplitMix64 generator of {@link SplittableRandom} (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014) with a state that can be read and restored, so a
 * training run can be checkpointed and resumed with the exact random stream it would have drawn.
 *
 * <p>The state is one 64-bit counter s. Each draw adds the odd constant
 * gamma = 0x9e3779b97f4a7c15 (the golden ratio scaled to 2^64) and finalises the new s:
 * {@link #nextLong()} with the 64-bit finaliser mix64 (Stafford's variant 13), {@link #nextInt()}
 * with the separate 32-bit finaliser mix32 (not the high half of nextLong). {@code new
 * SplittableRandom(seed)} starts its counter at the seed with this gamma, so
 * {@code new SplitMix64(seed)} draws the same stream.
 *
 * <p>Every other method (nextInt(bound), nextLong(bound), nextDouble, nextFloat, nextBoolean,
 * nextGaussian, nextExponential and their ranged forms) is the {@link RandomGenerator} default built
 * on these two, which is what {@link SplittableRandom} itself uses on JDK 17: it declares only
 * nextInt(), nextLong(), nextBytes, the stream methods and split. So the streams are equal method
 * by method, interleaved in any order; {@code SplitMix64Test} checks this for every method Otto
 * calls, over many seeds. A later JDK that overrode one of these methods in SplittableRandom would
 * fail that test rather than drift silently.
 *
 * <p>Not thread-safe, like SplittableRandom. Not splittable: Otto draws sequentially.
 */
public final class SplitMix64 implements RandomGenerator {

    /** The increment of SplittableRandom's default stream: 2^64 / phi, rounded to odd. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    /** The generator whose stream equals {@code new SplittableRandom(seed)}'s. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /**
     * A generator continuing from a state returned by {@link #state()}: it draws exactly what the
     * generator that reported the state would have drawn next.
     */
    public static SplitMix64 fromState(long state) {
        return new SplitMix64(state);
    }

    /** The whole state: restore it with {@link #fromState(long)}. */
    public long state() {
        return state;
    }

    /** An independent generator at the same state (the two then draw the same values). */
    public SplitMix64 copy() {
        return new SplitMix64(state);
    }

    /**
     * A {@link SplittableRandom} that continues this stream ({@code new SplittableRandom(state())}:
     * its counter starts at the state with the same gamma). This generator is not advanced.
     */
    public SplittableRandom toSplittableRandom() {
        return new SplittableRandom(state);
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    @Override
    public String toString() {
        return "SplitMix64[state=0x" + Long.toHexString(state) + "]";
    }
}
