package dev.otto.flows.example;

import dev.otto.autodiff.Gradients;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.io.Npy;
import dev.otto.flows.loss.SinkhornDivergenceLoss;
import dev.otto.flows.metrics.TensorTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fitting by minimising the debiased Sinkhorn divergence S_eps (MATH.md section 1, statements
 * {@code ot.sinkhorn-divergence} and {@code ot.sinkhorn-divergence-gradient}; Feydy et al. 2019), the
 * way GeomLoss's {@code SamplesLoss} is used as a training signal:
 * <ol>
 *   <li>a free cloud of 256 points, started as N(0, I) noise, moved by Adam on grad_x S_eps(x, data)
 *       towards 256 samples of {@code moons};</li>
 *   <li>a small generator, an MLP 2 -&gt; 64 -&gt; 64 -&gt; 2 from N(0, I) noise, trained by Adam on
 *       S_eps(G(z), data batch), the gradient in its samples carried through the network by the
 *       tape.</li>
 * </ol>
 * Prints S_eps and exact W_2 before and after each fit; with an output folder, writes the target,
 * the fitted cloud and the generator's samples as .npy files ({@code otto ot emd fitted.npy
 * target.npy --report DIR} draws them with their coupling).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.otto.flows.example.FitPointCloud [steps] [outDir]}
 */
public final class FitPointCloud {

    /** eps, against a mean squared distance of about 8 between moons samples and noise. */
    static final double EPSILON = 0.1;

    private FitPointCloud() {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path out = args.length > 1 ? Path.of(args[1]) : null;
        SplittableRandom rng = new SplittableRandom(7);
        Tensor target = Datasets.moons().sample(256, rng);
        SinkhornDivergenceLoss loss = SinkhornDivergenceLoss.squaredEuclidean(EPSILON);

        Parameter cloud = new Parameter("x", Tensor.randn(256, 2, rng));
        report("free cloud, before", loss, cloud.value(), target);
        long start = System.nanoTime();
        Adam adam = new Adam(0.05);
        for (int step = 0; step < steps; step++) {
            try (Tape.Scope s = Tape.record()) {
                Tensor sx = loss.apply(cloud.value(), target);
                adam.step(List.of(cloud), List.of(Gradients.grad(sx, cloud.value())));
            }
        }
        report(String.format("free cloud, after %d Adam steps (%.1f s)", steps, seconds(start)), loss, cloud.value(),
                target);

        Mlp generator = Mlp.builder(2).hidden(64, 64).output(2).activation(Activation.softplus()).build(rng);
        List<Parameter> params = generator.parameters();
        Tensor probe = Tensor.randn(256, 2, rng);
        report("generator, before", loss, generator.apply(probe), target);
        start = System.nanoTime();
        Adam genAdam = new Adam(1e-2);
        for (int step = 0; step < steps; step++) {
            Tensor z = Tensor.randn(256, 2, rng);
            Tensor batch = Datasets.moons().sample(256, rng);
            try (Tape.Scope s = Tape.record()) {
                Tensor sx = loss.apply(generator.apply(z), batch);
                genAdam.step(params, Gradients.grad(sx, params.stream().map(Parameter::value).toList()));
            }
        }
        Tensor generated = generator.apply(probe);
        report(String.format("generator, after %d Adam steps (%.1f s)", steps, seconds(start)), loss, generated, target);

        if (out != null) {
            Files.createDirectories(out);
            Npy.write(out.resolve("target.npy"), target);
            Npy.write(out.resolve("fitted.npy"), cloud.value());
            Npy.write(out.resolve("generated.npy"), generated);
            System.out.println("wrote target.npy, fitted.npy, generated.npy to " + out);
        }
    }

    private static void report(String what, SinkhornDivergenceLoss loss, Tensor x, Tensor target) {
        System.out.printf("%-45s S_eps %.4g   W_2 %.4f%n", what, loss.evaluate(x, null, target, null).value(),
                TensorTransport.w2(x, target));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
