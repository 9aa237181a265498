package dev.otto.flows.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.random.SplitMix64;
import dev.otto.flows.proximal.GradientPenalty;
import dev.otto.ode.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Every place the trainers and data samplers draw random numbers gives the same values with
 * {@link SplitMix64} as with {@link SplittableRandom} of the same seed, so the trainers' switch to
 * a saveable generator leaves every recorded experiment reproducible. The draws are interleaved as
 * in training (data, then noise, then times or interpolates) and the generators must still agree
 * afterwards.
 */
class SplitMix64CallSitesTest {

    private static List<Sampler> samplers() {
        List<Sampler> all = new ArrayList<>();
        for (String name : Datasets.names()) {
            all.add(Datasets.byName(name));
        }
        all.add(GaussianMixture.of(new double[] {0.3, 0.7}, new double[][] {{-1, 0.5}, {2, -1}},
                new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}, {{1.5, -0.4}, {-0.4, 0.8}}}));
        all.add(Embedding.zeroPad(Datasets.byName("pinwheel"), 7));
        all.add(ImageDensity.fromIntensities(new double[][] {{0, 0.5, 1}, {0.25, 0, 0.75}}, ImageDensity.Mass.DARK, 4.0));
        return all;
    }

    private static List<double[]> draws(RandomGenerator r, Sampler s) {
        List<double[]> out = new ArrayList<>();
        for (int n : new int[] {1, 7, 64, 200}) {
            Tensor y = s.sample(n, r);
            Tensor x = Tensor.randn(n, s.dimension(), r);
            out.add(y.toArray());
            out.add(x.toArray());
            out.add(GradientPenalty.interpolates(y, x, r).toArray());
            out.add(Tensor.uniform(n, 1, 0, 0.999, r).toArray());
            out.add(Trace.rademacher(n, s.dimension(), r).probe().toArray());
            out.add(Trace.gaussian(n, s.dimension(), r).probe().toArray());
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = r.nextInt(1797);
            }
            out.add(java.util.Arrays.stream(idx).asDoubleStream().toArray());
        }
        Split split = Split.of(Tensor.randn(30, 2, r), 0.25, r);
        out.add(java.util.Arrays.stream(split.trainIndex()).asDoubleStream().toArray());
        out.add(new double[] {Double.longBitsToDouble(r.nextLong())});
        return out;
    }

    @Test
    void samplersNoiseInterpolatesTimesIndicesAndSplitsMatchSplittableRandom() {
        SplittableRandom seeds = new SplittableRandom(77);
        for (Sampler s : samplers()) {
            for (int k = 0; k < 12; k++) {
                long seed = k < 2 ? k : seeds.nextLong();
                List<double[]> a = draws(new SplittableRandom(seed), s);
                List<double[]> b = draws(new SplitMix64(seed), s);
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i), b.get(i), s.name() + ", seed " + seed + ", draw " + i);
                }
            }
        }
    }
}
