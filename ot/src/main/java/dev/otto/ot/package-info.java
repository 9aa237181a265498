/**
 * Optimal transport: exact (network simplex), entropic (Sinkhorn), 1-D and Gaussian closed forms.
 * See MATH.md section 1.
 */
package dev.otto.ot;
