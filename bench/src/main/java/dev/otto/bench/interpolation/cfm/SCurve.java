package dev.otto.bench.interpolation.cfm;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.Sampler;
import java.util.random.RandomGenerator;

/**
 * The 2-D S curve of TorchCFM's benchmark: scikit-learn's {@code make_s_curve} (t ~ U(-3 pi / 2,
 * 3 pi / 2), the point (sin t, sign(t) (cos t - 1)) of its first and third coordinates), scaled by
 * {@value #SCALE} to the extent of the other toy sets and blurred by N(0, {@value #NOISE}^2 I).
 */
final class SCurve implements Sampler {

    static final double SCALE = 2.0;
    static final double NOISE = 0.1;

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public String name() {
        return "scurve";
    }

    @Override
    public Tensor sample(int n, RandomGenerator rng) {
        Sampler.checkArguments(n, rng);
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double t = 3 * Math.PI * (rng.nextDouble() - 0.5);
            out[2 * i] = SCALE * Math.sin(t) + NOISE * rng.nextGaussian();
            out[2 * i + 1] = SCALE * Math.signum(t) * (Math.cos(t) - 1) + NOISE * rng.nextGaussian();
        }
        return Tensor.wrap(n, 2, out);
    }
}
