package dev.otto.theory.flows;

import dev.otto.autodiff.Tensor;
import dev.otto.theory.RandomMatrices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Generated paths for the path metrics of MATH.md sections 6 and 7 (straightness, kinetic energy). */
public final class PathGen {

    private PathGen() {
    }

    /** K+1 states of n paths x_0 + c_k (x_1 - x_0) with 0 = c_0 &lt;= ... &lt;= c_K = 1 (monotone speed). */
    public static List<Tensor> straightPaths(int n, int d, int steps, SplittableRandom rng) {
        Tensor x0 = Tensor.randn(n, d, rng).scale(3);
        Tensor x1 = Tensor.randn(n, d, rng).scale(3);
        double[] c = new double[steps + 1];
        for (int k = 1; k < steps; k++) {
            c[k] = rng.nextDouble();
        }
        c[steps] = 1;
        Arrays.sort(c);
        List<Tensor> out = new ArrayList<>();
        for (double ck : c) {
            out.add(x0.add(x1.sub(x0).scale(ck)));
        }
        return out;
    }

    /** K+1 states of n paths with independent Gaussian vertices: polygonal, generally not straight. */
    public static List<Tensor> polygonalPaths(int n, int d, int steps, SplittableRandom rng) {
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k <= steps; k++) {
            out.add(Tensor.randn(n, d, rng));
        }
        return out;
    }

    /**
     * The same paths seen in another frame: every state rotated by one random orthogonal Q, scaled by
     * one factor e^u (u uniform in [-2, 2]) and shifted by one Gaussian vector, x -&gt; e^u Q x + c.
     * Ratios of lengths, such as straightness, are unchanged.
     */
    public static List<Tensor> similarityImage(List<Tensor> paths, SplittableRandom rng) {
        int d = paths.get(0).cols();
        Tensor q = Tensor.fromRows(RandomMatrices.orthogonalRows(d, rng));
        double scale = Math.exp(4 * rng.nextDouble() - 2);
        Tensor shift = Tensor.randn(1, d, rng);
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : paths) {
            out.add(t.matmulTranspose(q).scale(scale).add(shift));
        }
        return out;
    }
}
