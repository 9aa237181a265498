/**
 * Layers with named parameters: {@link dev.otto.autodiff.nn.Linear} (PyTorch's default
 * initialisation, U(-1/sqrt(in), 1/sqrt(in))), {@link dev.otto.autodiff.nn.Mlp} (builder: widths,
 * activation, optional time input) with a spectral-norm Lipschitz bound (MATH.md section 2), and
 * {@link dev.otto.autodiff.nn.Activation}.
 */
package dev.otto.autodiff.nn;
