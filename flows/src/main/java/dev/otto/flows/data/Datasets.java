package dev.otto.flows.data;

import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The standard 2-D toy distributions, as FFJORD's {@code lib/toy_data.py::inf_train_gen} defines
 * them (the generators every paper in MATH.md sections 4-6 reports on; research notes
 * {@code ad_ode_flow_anchors.md} section 4.2), with FFJORD's constants.
 *
 * <p>Two deliberate differences from FFJORD, both so that a sampler is an honest sampler:
 * <ul>
 *   <li>every generator draws only from the generator passed in (FFJORD's 2spirals and
 *       checkerboard use the global {@code np.random} and ignore the seed);</li>
 *   <li>rows are i.i.d. for any n: where FFJORD (through scikit-learn) puts exactly n/2 (or n/4,
 *       n/5) points on each component at evenly spaced angles and then shuffles, here each row
 *       picks its component with equal probability and its angle uniformly. The distribution is the
 *       n to infinity limit of FFJORD's; pinwheel returns exactly n rows (FFJORD returns
 *       5 floor(n/5)).</li>
 * </ul>
 *
 * <p>The distributions (g, g' independent standard normals, U, U' uniform on [0,1), all per row):
 * <ul>
 *   <li>{@code 8gaussians}: equal mixture of N(4 c_k / 1.414, (0.5 / 1.414)^2 I) with c_k the 8
 *       unit compass directions; FFJORD divides by the literal 1.414, kept here (centres at radius
 *       {@value #EIGHT_GAUSSIANS_RADIUS} rather than 2 sqrt 2 = 2.828427...). Exact density: it is a
 *       {@link GaussianMixture} ({@link #eightGaussians()}).</li>
 *   <li>{@code checkerboard}: x1 = 4U - 2, x2 = U' - 2B + (floor(x1) mod 2) with B a fair bit,
 *       then both times 2: uniform on the 8 dark squares of side 2 of a checkerboard on [-4,4)^2.</li>
 *   <li>{@code moons}: upper moon (cos a, sin a) or lower moon (1 - cos a, 1/2 - sin a), a ~ U[0, pi],
 *       plus N(0, 0.1^2) noise per coordinate, then x 2 + (-1, -0.2).</li>
 *   <li>{@code pinwheel}: arm k uniform in {0..4}; r = 1 + 0.3 g, s = 0.1 g'; angle
 *       a = 2 pi k / 5 + 0.25 exp(r); x = 2 (r cos a + s sin a, -r sin a + s cos a).</li>
 *   <li>{@code swissroll}: t = 1.5 pi (1 + 2U); x = (t cos t + g, t sin t + g') / 5 (scikit-learn's
 *       make_swiss_roll with noise 1, columns 0 and 2).</li>
 *   <li>{@code circles}: radius 1 or 0.5 with equal probability, angle uniform, plus N(0, 0.08^2) noise
 *       per coordinate, then x 3 (noise std 0.24 in the final units).</li>
 *   <li>{@code 2spirals}: n = 3 pi sqrt(U) (540 degrees); p = (-n cos n + U'/2, n sin n + U''/2);
 *       x = +-p / 3 (sign fair) plus N(0, 0.1^2) noise per coordinate.</li>
 *   <li>{@code rings}: radius 3 r with r uniform in {1, 0.75, 0.5, 0.25}, angle uniform, plus
 *       N(0, 0.08^2) noise per coordinate added after the scaling.</li>
 * </ul>
 */
public final class Datasets {

    /** The pinwheel scale of seed paper 2's code (its data generator's 2 x 0.7), for {@link #pinwheel(double)}. */
    public static final double PINWHEEL_SCALE_W1W2 = 1.4;
    /** Radius of the 8gaussians centres: 4 / 1.414 (FFJORD's literal). */
    public static final double EIGHT_GAUSSIANS_RADIUS = 4.0 / 1.414;
    /** Standard deviation of each 8gaussians component: 0.5 / 1.414. */
    public static final double EIGHT_GAUSSIANS_STD = 0.5 / 1.414;
    /** Ring radii of {@code rings} after scaling: 3 x (1, 0.75, 0.5, 0.25). */
    public static final double[] RINGS_RADII = {3.0, 2.25, 1.5, 0.75};
    /** Noise standard deviation of {@code rings} (added after scaling). */
    public static final double RINGS_NOISE = 0.08;
    /** Circle radii of {@code circles} after scaling: 3 x (1, 0.5). */
    public static final double[] CIRCLES_RADII = {3.0, 1.5};
    /** Noise standard deviation of {@code circles} in the final units: 3 x 0.08. */
    public static final double CIRCLES_NOISE = 0.24;
    /** Noise standard deviation of {@code moons} before the scaling by 2. */
    public static final double MOONS_NOISE = 0.1;

    private static final Map<String, Supplier<Sampler>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("8gaussians", Datasets::eightGaussians);
        REGISTRY.put("checkerboard", Datasets::checkerboard);
        REGISTRY.put("moons", Datasets::moons);
        REGISTRY.put("pinwheel", Datasets::pinwheel);
        REGISTRY.put("swissroll", Datasets::swissroll);
        REGISTRY.put("circles", Datasets::circles);
        REGISTRY.put("2spirals", Datasets::twoSpirals);
        REGISTRY.put("rings", Datasets::rings);
    }

    private Datasets() {
    }

    /** The registered names, in a fixed order. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.keySet()));
    }

    /**
     * The toy distribution called {@code name} (case-sensitive, FFJORD's spelling).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Sampler byName(String name) {
        Supplier<Sampler> s = name == null ? null : REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("name: expected one of " + names() + ", got "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        return s.get();
    }

    /** 8gaussians as an exact {@link GaussianMixture} (see the class documentation). */
    public static GaussianMixture eightGaussians() {
        double[][] means = new double[8][];
        double h = 1.0 / Math.sqrt(2.0);
        double[][] dirs = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {h, h}, {h, -h}, {-h, h}, {-h, -h}};
        for (int k = 0; k < 8; k++) {
            means[k] = new double[] {dirs[k][0] * EIGHT_GAUSSIANS_RADIUS, dirs[k][1] * EIGHT_GAUSSIANS_RADIUS};
        }
        double[] w = new double[8];
        java.util.Arrays.fill(w, 1.0 / 8);
        return GaussianMixture.isotropic(w, means, EIGHT_GAUSSIANS_STD).named("8gaussians");
    }

    /** checkerboard (see the class documentation). */
    public static Sampler checkerboard() {
        return new Toy("checkerboard", (rng, out, i) -> {
            double x1 = rng.nextDouble() * 4 - 2;
            double x2 = rng.nextDouble() - (rng.nextBoolean() ? 2 : 0) + Math.floorMod((long) Math.floor(x1), 2L);
            out[2 * i] = 2 * x1;
            out[2 * i + 1] = 2 * x2;
        });
    }

    /** moons (see the class documentation). */
    public static Sampler moons() {
        return new Toy("moons", (rng, out, i) -> {
            double a = Math.PI * rng.nextDouble();
            double x;
            double y;
            if (rng.nextBoolean()) {
                x = Math.cos(a);
                y = Math.sin(a);
            } else {
                x = 1 - Math.cos(a);
                y = 1 - Math.sin(a) - 0.5;
            }
            x += MOONS_NOISE * rng.nextGaussian();
            y += MOONS_NOISE * rng.nextGaussian();
            out[2 * i] = 2 * x - 1;
            out[2 * i + 1] = 2 * y - 0.2;
        });
    }

    /** pinwheel (see the class documentation). */
    public static Sampler pinwheel() {
        return pinwheel(2.0);
    }

    /**
     * The pinwheel at another overall scale: x = scale (r cos a + s sin a, -r sin a + s cos a) with r,
     * s, a as in {@code pinwheel} (which is scale 2, FFJORD's). Seed paper 2's code draws it at
     * scale 1.4 ({@value #PINWHEEL_SCALE_W1W2} = 2 x 0.7), and its published Sinkhorn figures are
     * on that smaller pinwheel.
     *
     * @throws IllegalArgumentException unless scale is finite and positive
     */
    public static Sampler pinwheel(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale: expected a finite scale > 0, got " + scale);
        }
        String name = scale == 2.0 ? "pinwheel" : "pinwheel-x" + scale;
        return new Toy(name, (rng, out, i) -> {
            int arm = rng.nextInt(5);
            double r = 1 + 0.3 * rng.nextGaussian();
            double s = 0.1 * rng.nextGaussian();
            double a = 2 * Math.PI * arm / 5 + 0.25 * Math.exp(r);
            double c = Math.cos(a);
            double sn = Math.sin(a);
            out[2 * i] = scale * (r * c + s * sn);
            out[2 * i + 1] = scale * (-r * sn + s * c);
        });
    }

    /** swissroll (see the class documentation). */
    public static Sampler swissroll() {
        return new Toy("swissroll", (rng, out, i) -> {
            double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
            out[2 * i] = (t * Math.cos(t) + rng.nextGaussian()) / 5;
            out[2 * i + 1] = (t * Math.sin(t) + rng.nextGaussian()) / 5;
        });
    }

    /** circles (see the class documentation). */
    public static Sampler circles() {
        return new Toy("circles", (rng, out, i) -> {
            double r = rng.nextBoolean() ? 1.0 : 0.5;
            double a = 2 * Math.PI * rng.nextDouble();
            out[2 * i] = 3 * (r * Math.cos(a) + 0.08 * rng.nextGaussian());
            out[2 * i + 1] = 3 * (r * Math.sin(a) + 0.08 * rng.nextGaussian());
        });
    }

    /** 2spirals (see the class documentation). */
    public static Sampler twoSpirals() {
        return new Toy("2spirals", (rng, out, i) -> {
            double n = Math.sqrt(rng.nextDouble()) * 540 * (2 * Math.PI) / 360;
            double px = -Math.cos(n) * n + rng.nextDouble() * 0.5;
            double py = Math.sin(n) * n + rng.nextDouble() * 0.5;
            double sign = rng.nextBoolean() ? 1 : -1;
            out[2 * i] = sign * px / 3 + 0.1 * rng.nextGaussian();
            out[2 * i + 1] = sign * py / 3 + 0.1 * rng.nextGaussian();
        });
    }

    /** rings (see the class documentation). */
    public static Sampler rings() {
        return new Toy("rings", (rng, out, i) -> {
            double r = RINGS_RADII[rng.nextInt(4)];
            double a = 2 * Math.PI * rng.nextDouble();
            out[2 * i] = r * Math.cos(a) + RINGS_NOISE * rng.nextGaussian();
            out[2 * i + 1] = r * Math.sin(a) + RINGS_NOISE * rng.nextGaussian();
        });
    }

    /** Fills row i of an n x 2 row-major buffer. */
    @FunctionalInterface
    private interface RowGenerator {
        void fill(RandomGenerator rng, double[] out, int i);
    }

    /** A 2-D toy sampler: rows generated one after another from the same generator. */
    private static final class Toy implements Sampler {
        private final String name;
        private final RowGenerator rows;

        Toy(String name, RowGenerator rows) {
            this.name = name;
            this.rows = rows;
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Tensor sample(int n, RandomGenerator rng) {
            Sampler.checkArguments(n, rng);
            double[] out = new double[2 * n];
            for (int i = 0; i < n; i++) {
                rows.fill(rng, out, i);
            }
            return Tensor.wrap(n, 2, out);
        }

        @Override
        public String toString() {
            return "Sampler[" + name + "]";
        }
    }
}
