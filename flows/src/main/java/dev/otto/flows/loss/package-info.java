/**
 * Transport losses on the tape: the debiased Sinkhorn divergence S_eps(x, y) between two point
 * clouds as a differentiable scalar whose gradient in the points comes from the converged Sinkhorn
 * potentials by the envelope theorem (MATH.md section 1, statement
 * {@code ot.sinkhorn-divergence-gradient}; Feydy et al. 2019). {@link
 * dev.otto.flows.loss.SinkhornDivergenceLoss} is the entry point; {@link
 * dev.otto.flows.example.FitPointCloud} fits a cloud and a small generator to data with it.
 */
package dev.otto.flows.loss;
