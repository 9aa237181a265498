/**
 * Not API: devices the ot solvers share, public only so that the sub-packages {@code cost},
 * {@code exact} and {@code sinkhorn} can use them. Their signatures may change without notice;
 * code outside the ot module should not import this package (tests that pin the thread count
 * excepted).
 *
 * <ul>
 *   <li>{@link dev.otto.ot.internal.Checks}: argument validation (MATH.md section 1's
 *       conditions on weights and costs), one-line errors naming the argument.</li>
 *   <li>{@link dev.otto.ot.internal.Parallel}: deterministic block parallelism, results bitwise
 *       identical whatever the thread count.</li>
 * </ul>
 *
 * <p>This package depends on nothing else in ot, so it sits below every other ot package and
 * closes no cycle.
 */
package dev.otto.ot.internal;
