/**
 * Random number generation with a saveable state: {@link dev.otto.autodiff.random.SplitMix64}, the
 * stream of {@link java.util.SplittableRandom} whose state a training checkpoint can store.
 */
package dev.otto.autodiff.random;
