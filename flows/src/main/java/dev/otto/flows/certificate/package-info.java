/**
 * Certificates of trained models: every trained flow is held to the guarantees its family claims
 * (MATH.md sections 3-7 and the seed papers), measured on held-out data with the model exactly as
 * it is saved (its own integrator, its own maps). A {@link dev.otto.flows.certificate.Certificate}
 * is an ordered list of {@link dev.otto.flows.certificate.Check}s, each with the statement it rests
 * on, the measured value, the bound (derived from the statement and the case's own scale), the
 * estimator's floor where one matters, and a verdict; one certifier per family
 * ({@link dev.otto.flows.certificate.JkoCertifier}, {@link dev.otto.flows.certificate.InterpolationCertifier},
 * {@link dev.otto.flows.certificate.ProximalCertifier}), dispatched by
 * {@link dev.otto.flows.certificate.Certifiers}. Cheap enough to run at the end of every training:
 * seconds on 2-D data.
 */
package dev.otto.flows.certificate;
