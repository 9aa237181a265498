package dev.otto.bench.proximal;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Initialisation;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Embedding;
import dev.otto.flows.data.Sampler;
import dev.otto.flows.proximal.FDivergence;
import dev.otto.flows.proximal.KineticEnergyEstimate;
import dev.otto.flows.proximal.ProximalCase;
import dev.otto.flows.proximal.ProximalConfig;
import dev.otto.flows.proximal.ProximalFlow;
import dev.otto.flows.proximal.ProximalResult;
import dev.otto.flows.proximal.ProximalTrainer;
import dev.otto.ot.sinkhorn.AnnealedSinkhornDivergence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The experiment of seed paper 2's low-dimensional table (MATH.md section 6): pinwheel zero-padded
 * into R^2, R^7 and R^12, the four cases, reference settings of {@link ProximalConfig#forDimension}.
 * For each run it prints one markdown row: the Sinkhorn divergence in the authors' convention
 * ({@link #sinkhornDivergence}, 5000 generated vs 5000 data samples, first two coordinates), the
 * kinetic energy, the HJ and terminal residuals, straightness, the K/2K gap, whether it diverged
 * (and when), the iterations kept and the wall time. Models are saved under the output folder.
 *
 * <p>The data are the authors' pinwheel: {@link Datasets#pinwheel(double)} at their scale 1.4 (the
 * registry's {@code pinwheel} is FFJORD's, at 2; the Sinkhorn figures grow with the square of the
 * scale, so only the authors' scale compares with their table).
 *
 * <p>Arguments ({@code key=value}, all optional): {@code dims=2,7,12}, {@code cases=w1w2,w1,w2,none},
 * {@code iterations=2500} (the default budget: the 2-D run fits in 3 minutes on 2 cores;
 * {@code iterations=25000} is the authors' full length), {@code f=kl}, {@code seed=0},
 * {@code samples=5000}, {@code out=target/proximal-experiments}, {@code every=500} (progress lines),
 * {@code pinwheel=1.4} (the data's scale), {@code phiScale=} (s of phi = s net; default 1 / lambda,
 * the authors' parametrisation), {@code ceiling=88.72} (the discriminator objective that counts as
 * divergence, {@link ProximalTrainer#DEFAULT_OBJECTIVE_CEILING}), {@code track=0} (every this many
 * iterations, print S_eps on 1000 vs 1000 samples to the error stream; 0: never), {@code ema=0}
 * (decay of the generator's weight average, {@link ProximalTrainer#withGeneratorAveraging}; 0: off,
 * the paper's algorithm), {@code energy=path} (the kinetic energy the generator's loss penalises,
 * {@link KineticEnergyEstimate}: {@code path}, the discrete objective, or {@code detached}, the
 * authors' stop-gradient form), {@code init=glorot} (the networks' initial weights,
 * {@link Initialisation}: {@code glorot}, the authors' TensorFlow glorot_normal with zero biases and
 * the trainer's default, or {@code uniform}, PyTorch's), {@code decay=1} (the learning rates' final fraction under a
 * cosine annealing, {@link ProximalTrainer#withLearningRateDecay}; 1: constant, the paper's).
 */
public final class PinwheelExperiment {

    private PinwheelExperiment() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = parse(args, "dims", "cases", "iterations", "f", "seed", "samples", "every", "out",
                "pinwheel", "phiScale", "ceiling", "track", "ema", "energy", "init", "decay");
        int[] dims = Arrays.stream(a.getOrDefault("dims", "2,7,12").split(",")).mapToInt(Integer::parseInt).toArray();
        List<ProximalCase> cases = new ArrayList<>();
        for (String c : a.getOrDefault("cases", "w1w2,w1,w2,none").split(",")) {
            cases.add(ProximalCase.parse(c));
        }
        int iterations = Integer.parseInt(a.getOrDefault("iterations", "2500"));
        FDivergence f = FDivergence.parse(a.getOrDefault("f", "kl"));
        long seed = Long.parseLong(a.getOrDefault("seed", "0"));
        int samples = Integer.parseInt(a.getOrDefault("samples", "5000"));
        int every = Integer.parseInt(a.getOrDefault("every", "500"));
        Path out = Path.of(a.getOrDefault("out", "target/proximal-experiments"));
        double scale = Double.parseDouble(a.getOrDefault("pinwheel", Double.toString(Datasets.PINWHEEL_SCALE_W1W2)));
        double ceiling = Double.parseDouble(a.getOrDefault("ceiling",
                Double.toString(ProximalTrainer.DEFAULT_OBJECTIVE_CEILING)));
        int track = Integer.parseInt(a.getOrDefault("track", "0"));
        double ema = Double.parseDouble(a.getOrDefault("ema", "0"));
        KineticEnergyEstimate energy = KineticEnergyEstimate.parse(a.getOrDefault("energy", "path"));
        Initialisation init = Initialisation.parse(a.getOrDefault("init", "glorot"));
        double decay = Double.parseDouble(a.getOrDefault("decay", "1"));
        Files.createDirectories(out);
        System.out.println("| data | case | S_eps (authors) | off-plane RMS | KE | HJ residual | terminal residual"
                + " | straightness | K/2K gap | diverged | iterations | wall s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int dim : dims) {
            for (ProximalCase c : cases) {
                ProximalConfig cfg = ProximalConfig.forDimension(dim).withCase(c).withDivergence(f)
                        .withIterations(iterations).withSeed(seed);
                if (a.containsKey("phiScale")) {
                    cfg = cfg.withPotentialScale(Double.parseDouble(a.get("phiScale")));
                }
                Sampler data = pinwheel(scale, dim);
                ProximalTrainer trainer = new ProximalTrainer(cfg).withObjectiveCeiling(ceiling)
                        .withGeneratorAveraging(ema).withKineticEnergy(energy)
                        .withInitialisation(init).withLearningRateDecay(decay);
                if (track > 0) {
                    trainer = trainer.withMonitor(track, tracker("pinwheel-R" + dim + " " + c, data, cfg.seed(), track,
                            cfg.iterations()));
                }
                System.out.println(row("pinwheel-R" + dim, trainer, data, samples, every, out));
            }
        }
    }

    static Sampler pinwheel(double scale, int dim) {
        Sampler p = Datasets.pinwheel(scale);
        return dim == 2 ? p : Embedding.zeroPad(p, dim);
    }

    /** Prints S_eps on 1000 generated vs 1000 data samples (fixed noise and data, so the curve is comparable). */
    private static Consumer<ProximalFlow> tracker(String tag, Sampler data, long seed, int every, int iterations) {
        Tensor z;
        Tensor y;
        try (Tape.Scope none = Tape.noGrad()) {
            z = Tensor.randn(1000, data.dimension(), new SplittableRandom(seed + 3003));
            y = data.sample(1000, new SplittableRandom(seed + 4004));
        }
        int[] calls = {0};
        return flow -> {
            try (Tape.Scope none = Tape.noGrad()) {
                Tensor x = flow.fromNoise(z);
                calls[0]++;
                System.err.printf(Locale.ROOT, "%s it %d S_eps(1000) %.5f%n", tag, Math.min(calls[0] * every, iterations),
                        x.isFinite() ? sinkhornDivergence(x, y) : Double.NaN);
            }
        };
    }

    /**
     * The authors' figure: {@link AnnealedSinkhornDivergence} (cost |x-y|^2/2, eps = 0.05^2, as
     * geomloss {@code SamplesLoss("sinkhorn", p=2)} computes it) between the rows of x and y on
     * their first two coordinates.
     */
    static double sinkhornDivergence(Tensor x, Tensor y) {
        if (x.cols() < 2 || y.cols() < 2) {
            throw new IllegalArgumentException("x, y: expected at least 2 columns, got " + x.shape() + " and "
                    + y.shape());
        }
        return AnnealedSinkhornDivergence.of(firstTwo(x), x.rows(), firstTwo(y), y.rows(), 2,
                AnnealedSinkhornDivergence.EPSILON, 0);
    }

    /** The first two columns of t, row-major. */
    private static double[] firstTwo(Tensor t) {
        double[] v = t.toArray();
        int c = t.cols();
        double[] out = new double[2 * t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            out[2 * i] = v[i * c];
            out[2 * i + 1] = v[i * c + 1];
        }
        return out;
    }

    /**
     * sqrt(E sum_{j &gt;= 2} x_j^2): how far samples lie off the data's plane (the padded coordinates
     * are 0 on the data); NaN for 2-D samples. S_eps looks at the first two coordinates only, so it
     * cannot see this.
     */
    public static double offPlaneRms(Tensor x) {
        if (x.cols() <= 2) {
            return Double.NaN;
        }
        double[] v = x.toArray();
        double sum = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 2; j < x.cols(); j++) {
                double e = v[i * x.cols() + j];
                sum += e * e;
            }
        }
        return Math.sqrt(sum / x.rows());
    }

    /** Trains one run and returns its markdown table row. */
    static String row(String name, ProximalTrainer trainer, Sampler data, int samples, int every, Path out)
            throws IOException {
        ProximalConfig cfg = trainer.config();
        String tag = name + "-" + cfg.proximalCase().name().toLowerCase(Locale.ROOT);
        TrainingListener log = TrainingListener.every(every, p -> System.err.printf(Locale.ROOT,
                "%s it %d/%d %.0fs %s%n", tag, p.iteration(), p.iterations(), p.elapsedSeconds(), p.lossParts()));
        ProximalResult r = trainer.train(data, log);
        if (r.diverged()) {
            System.err.println(tag + " DIVERGED: " + r.reason());
        }
        double s;
        double off;
        try (Tape.Scope none = Tape.noGrad()) {
            Tensor gen = r.flow().sample(samples, new SplittableRandom(cfg.seed() + 1001));
            Tensor dat = data.sample(samples, new SplittableRandom(cfg.seed() + 2002));
            s = gen.isFinite() ? sinkhornDivergence(gen, dat) : Double.NaN;
            off = offPlaneRms(gen);
        }
        Map<String, Object> extra = new LinkedHashMap<>(cfg.describe());
        extra.put("data", name);
        extra.put("diverged", r.diverged());
        if (r.reason() != null) {
            extra.put("reason", r.reason());
        }
        r.flow().save(out.resolve(tag + ".safetensors"), extra);
        var ind = r.indicators();
        return String.format(Locale.ROOT, "| %s | %s | %.4g | %s | %.4g | %.3g | %s | %.4f | %.3g | %s | %d | %.0f |",
                name, cfg.proximalCase(), s, Double.isNaN(off) ? "-" : String.format(Locale.ROOT, "%.3g", off),
                ind.kineticEnergy(), ind.hamiltonJacobi(),
                Double.isNaN(ind.terminal()) ? "n/a (lambda = 0)" : String.format(Locale.ROOT, "%.3g", ind.terminal()),
                ind.straightness(), ind.discretisationGap(),
                r.diverged() ? "yes (" + r.reason() + ")" : "no", r.iterationsCompleted(), r.elapsedSeconds());
    }

    /** key=value arguments; a key not in {@code known} is an error (a typo would silently run the defaults). */
    static Map<String, String> parse(String[] args, String... known) {
        List<String> keys = List.of(known);
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("args: expected key=value, got '" + s + "'");
            }
            String key = s.substring(0, eq).trim();
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("args: unknown key '" + key + "', expected one of " + keys);
            }
            m.put(key, s.substring(eq + 1).trim());
        }
        return m;
    }
}
