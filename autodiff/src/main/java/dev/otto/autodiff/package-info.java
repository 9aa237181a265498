/**
 * Reverse-mode automatic differentiation over immutable two-dimensional tensors (MATH.md section 2).
 *
 * <h2>Model</h2>
 * A {@link dev.otto.autodiff.Tensor} is an immutable rows x cols array of doubles; a batch of samples
 * is a tensor whose rows are the samples. Operations executed inside a recording scope
 * ({@link dev.otto.autodiff.Tape#record()}) are appended to a thread-confined Wengert list;
 * {@link dev.otto.autodiff.Gradients#grad} runs one reverse loop over it, visiting only operations
 * that lead to the requested inputs, and returns the gradients (nothing accumulates into
 * parameters). With {@code createGraph} the backward rules run as recorded operations, so gradients
 * of gradients work to any order. {@link dev.otto.autodiff.Tape#noGrad()} records nothing.
 *
 * <pre>{@code
 * try (Tape.Scope s = Tape.record()) {
 *     Tensor loss = mlp.apply(x, t).sub(target).square().mean();
 *     List<Tensor> g = Gradients.grad(loss, params);          // first order
 * }
 * try (Tape.Scope s = Tape.record()) {
 *     Divergence.Result r = Divergence.exact(z -> v.apply(z), x);   // d VJPs kept in the graph
 *     Tensor loss = r.divergence().mean();
 *     List<Tensor> g = Gradients.grad(loss, params);          // double backward
 * }
 * }</pre>
 *
 * <h2>Operations and their backward rules</h2>
 * Broadcasting binary operations accept operands whose dimensions are equal or 1 (row 1 x c,
 * column r x 1, scalar 1 x 1); their gradients are summed back to each operand's shape.
 * <table>
 *   <caption>operations</caption>
 *   <tr><th>operation</th><th>value</th><th>gradient in the input(s), given output gradient G</th></tr>
 *   <tr><td>add, sub</td><td>a +- b</td><td>G, +-G (reduced to each shape)</td></tr>
 *   <tr><td>mul</td><td>a b</td><td>G b, G a</td></tr>
 *   <tr><td>div</td><td>a / b</td><td>G / b, -G a / b^2</td></tr>
 *   <tr><td>maximum, minimum</td><td>max(a, b), min(a, b)</td><td>G to the winner; at a tie G/2 to each</td></tr>
 *   <tr><td>neg, scale(c), addScalar(c)</td><td>-a, c a, a + c</td><td>-G, c G, G</td></tr>
 *   <tr><td>addScaled(b, c)</td><td>a + c b</td><td>G, c G</td></tr>
 *   <tr><td>matmul</td><td>A B</td><td>G B^T, A^T G</td></tr>
 *   <tr><td>transposeMatmul</td><td>A^T B</td><td>B G^T, A G</td></tr>
 *   <tr><td>matmulTranspose</td><td>A B^T</td><td>G B, G^T A</td></tr>
 *   <tr><td>transpose</td><td>A^T</td><td>G^T</td></tr>
 *   <tr><td>exp, log, sqrt</td><td>e^x, log x, sqrt x</td><td>G y, G / x, G / (2 y)</td></tr>
 *   <tr><td>pow(p), square</td><td>x^p, x^2</td><td>p G x^(p-1), 2 G x</td></tr>
 *   <tr><td>abs</td><td>|x|</td><td>G sign(x) (0 at x = 0)</td></tr>
 *   <tr><td>sign, step</td><td>sign(x), 1[x &gt; 0]</td><td>none: constants (derivative 0 almost everywhere)</td></tr>
 *   <tr><td>tanh, sigmoid</td><td>tanh x, 1 / (1 + e^-x)</td><td>G (1 - y^2), G y (1 - y)</td></tr>
 *   <tr><td>softplus(beta)</td><td>log(1 + e^(beta x)) / beta, stable for large |x|</td><td>G sigmoid(beta x)</td></tr>
 *   <tr><td>softplusDerivative(beta)</td><td>sigmoid(beta x), the derivative of softplus(beta)</td><td>G beta y (1 - y)</td></tr>
 *   <tr><td>relu</td><td>max(x, 0)</td><td>G 1[x &gt; 0] (0 at x = 0)</td></tr>
 *   <tr><td>elu(alpha)</td><td>x for x &gt; 0, alpha (e^x - 1) otherwise</td><td>G for x &gt; 0, G (y + alpha) otherwise</td></tr>
 *   <tr><td>sum, rowSums, colSums, sumTo</td><td>sums over all, each row, each column, to a shape</td><td>G broadcast back</td></tr>
 *   <tr><td>mean, rowMeans, colMeans</td><td>the sums scaled</td><td>through sum and scale</td></tr>
 *   <tr><td>broadcastTo</td><td>a row, column or scalar repeated</td><td>G summed back</td></tr>
 *   <tr><td>logSumExpRows</td><td>log sum_j e^(x_ij), shifted by the row maximum</td><td>G softmax(x)</td></tr>
 *   <tr><td>sliceCols, padCols</td><td>columns [from, to); zero padding</td><td>G padded; G sliced</td></tr>
 *   <tr><td>concatCols</td><td>[a, b, ...]</td><td>slices of G</td></tr>
 *   <tr><td>sliceRows, padRows, concatRows</td><td>the same by rows</td><td>G padded; G sliced; slices of G</td></tr>
 *   <tr><td>gatherRows(idx)</td><td>rows idx[0], idx[1], ... (repeats allowed)</td><td>G scatter-added into the chosen rows</td></tr>
 *   <tr><td>AffineLayer.affine</td><td>z = A W + b (bias added in the product's buffer)</td><td>G W^T, A^T G, column sums of G</td></tr>
 *   <tr><td>AffineLayer.activated (s)</td><td>y = s(z) and s'(z) from one pass after the affine product</td><td>y: G s'(z); s'(z): G s''(z)</td></tr>
 * </table>
 * Every rule is written with these same operations (so it is differentiable again) and, for the
 * activations and the log-sum-exp, also as a fused raw loop used when nothing is being recorded.
 *
 * <h2>Helpers</h2>
 * {@link dev.otto.autodiff.Derivatives} (vjp, jvp by the double-vjp trick),
 * {@link dev.otto.autodiff.Divergence} (exact: one vjp per coordinate; Hutchinson with a caller-given
 * probe), {@link dev.otto.autodiff.GradientCheck} (central finite differences),
 * {@link dev.otto.autodiff.AnomalyMode} (the first non-finite value raises an exception naming the
 * operation and shapes), {@link dev.otto.autodiff.Parallel} (kernels use both cores; results do not
 * depend on the thread count). Layers and networks are in {@code dev.otto.autodiff.nn}, optimisers in
 * {@code dev.otto.autodiff.optim}.
 */
package dev.otto.autodiff;
