package dev.otto.bench.autodiff;

import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;

/**
 * One of the three products of a network layer, named "op:n:k:m", with 2 n k m flops:
 * <ul>
 *   <li>{@code AB}: C (n x m) = A (n x k) B (k x m), the forward pass ({@link Tensor#matmul});</li>
 *   <li>{@code ABt}: C = A B^T with B (m x k), the input gradient dA = dC W^T
 *       ({@link Tensor#matmulTranspose});</li>
 *   <li>{@code AtB}: C = A^T B with A (k x n), the weight gradient dW = X^T dC, a reduction over
 *       the batch ({@link Tensor#transposeMatmul}).</li>
 * </ul>
 */
final class LayerProduct {

    private final String op;
    private final Tensor a;
    private final Tensor b;
    final double flops;

    LayerProduct(String shape) {
        String[] p = shape.split(":");
        if (p.length != 4) {
            throw new IllegalArgumentException("shape " + shape + ": expected op:n:k:m, such as AB:2000:128:128");
        }
        op = p[0];
        int n = Integer.parseInt(p[1]);
        int k = Integer.parseInt(p[2]);
        int m = Integer.parseInt(p[3]);
        SplittableRandom rng = new SplittableRandom(7);
        switch (op) {
            case "AB":
                a = Tensor.randn(n, k, rng);
                b = Tensor.randn(k, m, rng);
                break;
            case "ABt":
                a = Tensor.randn(n, k, rng);
                b = Tensor.randn(m, k, rng);
                break;
            case "AtB":
                a = Tensor.randn(k, n, rng);
                b = Tensor.randn(k, m, rng);
                break;
            default:
                throw new IllegalArgumentException("shape " + shape + ": unknown product " + op + " (AB, ABt or AtB)");
        }
        flops = 2.0 * n * k * m;
    }

    Tensor run() {
        switch (op) {
            case "AB":
                return a.matmul(b);
            case "ABt":
                return a.matmulTranspose(b);
            default:
                return a.transposeMatmul(b);
        }
    }
}
