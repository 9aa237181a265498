/**
 * Explicit Runge-Kutta integrators over batched {@code Tensor}s, with CNF bookkeeping.
 * See MATH.md section 3.
 */
package dev.otto.ode;
