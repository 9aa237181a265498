/**
 * Flow-based generative models on optimal transport: the {@link dev.otto.flows.Flow} interface
 * shared by the JKO (MATH.md section 4), Gaussian-interpolation (section 5) and W1/W2 proximal
 * (section 6) families, with data sets ({@code data}), metrics ({@code metrics}, section 7) and
 * file formats ({@code io}).
 */
package dev.otto.flows;
