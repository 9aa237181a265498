/** Reverse-mode automatic differentiation over 2-D tensors. See MATH.md section 2. */
package dev.otto.autodiff;
