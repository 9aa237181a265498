package dev.otto.bench.proximal;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.data.Digits;
import dev.otto.flows.proximal.ProximalCase;
import dev.otto.flows.proximal.ProximalConfig;
import dev.otto.flows.proximal.ProximalResult;
import dev.otto.flows.proximal.ProximalTrainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * W1+W2 proximal flow on the 8x8 digits (64 dimensions, pixels in [0, 1]; UCI Optical Recognition of
 * Handwritten Digits, E. Alpaydin and C. Kaynak, CC BY 4.0), the small stand-in for the paper's
 * MNIST run (MATH.md section 6; seed paper 2, section 5). Settings: the authors' image run
 * (T = 5, K = 5, lambda = 0.05, learning rates 1e-4 for g and 5e-4 for phi) with the MLPs of MATH.md
 * (phi tanh 5 x 48, g ReLU 3 x 48; the authors put two conv layers in front), L = 1, mu = 0.01,
 * batch 200, n_D = 5, KL (DV) divergence. Writes the
 * model and a PNG grid of generated digits (values clamped to [0, 1]; one 8x8 tile per sample,
 * scaled x4) with javax.imageio, and prints the final indicators.
 *
 * <p>Arguments ({@code key=value}): {@code iterations=1500}, {@code seed=0}, {@code T=5}, {@code lambda=0.05}, {@code grid=8} (grid x grid
 * samples), {@code out=target/proximal-experiments}.
 */
public final class DigitsExperiment {

    private DigitsExperiment() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = PinwheelExperiment.parse(args, "iterations", "seed", "T", "lambda", "grid", "out");
        int iterations = Integer.parseInt(a.getOrDefault("iterations", "1500"));
        long seed = Long.parseLong(a.getOrDefault("seed", "0"));
        int grid = Integer.parseInt(a.getOrDefault("grid", "8"));
        Path out = Path.of(a.getOrDefault("out", "target/proximal-experiments"));
        Files.createDirectories(out);
        // the authors' image settings (seed_code.md section 3, MNIST): T = 5 with 5 steps (dt = 1),
        // lambda (their alpha_1) = 0.05 with their phi = net / lambda, learning rates 1e-4 (g) and 5e-4 (phi);
        // mu = 0.01 as for R^7/R^12
        double lambda = Double.parseDouble(a.getOrDefault("lambda", "0.05"));
        ProximalConfig cfg = ProximalConfig.forDimension(64).withCase(ProximalCase.W1_W2).withIterations(iterations)
                .withSeed(seed).withTime(Double.parseDouble(a.getOrDefault("T", "5")), 5)
                .withWeights(lambda, 0.01, 1.0).withPotentialScale(1 / lambda)
                .withLearningRates(1e-4, 5e-4);
        ProximalResult r = new ProximalTrainer(cfg).train(Digits.load().empirical(), TrainingListener.every(100,
                p -> System.err.printf(Locale.ROOT, "digits it %d/%d %.0fs %s%n", p.iteration(), p.iterations(),
                        p.elapsedSeconds(), p.lossParts())));
        Tensor samples;
        try (Tape.Scope none = Tape.noGrad()) {
            samples = r.flow().sample(grid * grid, new SplittableRandom(seed + 7));
        }
        Path png = out.resolve("digits-w1w2.png");
        writeGrid(samples, grid, 4, png);
        r.flow().save(out.resolve("digits-w1w2.safetensors"), cfg.describe());
        System.out.printf(Locale.ROOT, "digits W1+W2: diverged=%s (%s), iterations %d, KE %.4g, HJ %.3g, terminal %.3g,"
                        + " straightness %.4f, K/2K gap %.3g, %.0f s; grid %s%n", r.diverged(), r.reason(),
                r.iterationsCompleted(), r.indicators().kineticEnergy(), r.indicators().hamiltonJacobi(),
                r.indicators().terminal(), r.indicators().straightness(), r.indicators().discretisationGap(),
                r.elapsedSeconds(), png);
    }

    /** Writes the first grid x grid rows of x (64 pixels each, [0, 1]) as a grey PNG grid. */
    public static void writeGrid(Tensor x, int grid, int zoom, Path file) throws IOException {
        if (x.cols() != 64) {
            throw new IllegalArgumentException("x: expected 64 pixels per row, got " + x.shape());
        }
        int tile = 8 * zoom + 2;
        BufferedImage img = new BufferedImage(grid * tile, grid * tile, BufferedImage.TYPE_BYTE_GRAY);
        for (int s = 0; s < Math.min(grid * grid, x.rows()); s++) {
            int ox = (s % grid) * tile + 1;
            int oy = (s / grid) * tile + 1;
            for (int p = 0; p < 64; p++) {
                double v = Math.max(0, Math.min(1, x.get(s, p)));
                int grey = (int) Math.round(255 * v);
                int rgb = (grey << 16) | (grey << 8) | grey;
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        img.setRGB(ox + (p % 8) * zoom + dx, oy + (p / 8) * zoom + dy, rgb);
                    }
                }
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
