/**
 * Evaluation metrics that need neither the ode nor the ot module (MATH.md section 7): MMD^2 with a
 * named Gaussian bandwidth, KL against a known density, negative log-likelihood, inversion error,
 * kinetic energy and straightness of paths. Each metric names its definition
 * ({@code definition()}, and in every {@link dev.otto.flows.metrics.Measurement}), because
 * conventions differ between references (factors of 1/2, bandwidths, averaging).
 */
package dev.otto.flows.metrics;
