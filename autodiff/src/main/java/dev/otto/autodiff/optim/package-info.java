/**
 * First-order optimisers over {@link dev.otto.autodiff.nn.Parameter}s: SGD with momentum, Adam and
 * AdamW (PyTorch's arithmetic), global-norm gradient clipping, and learning-rate schedules
 * (constant, step, cosine).
 */
package dev.otto.autodiff.optim;
