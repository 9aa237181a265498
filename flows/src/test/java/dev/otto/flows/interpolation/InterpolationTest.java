package dev.otto.flows.interpolation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.ode.ButcherTableau;
import dev.otto.ode.Integration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpolationTest {

    private static final List<Schedule> BUILT_IN = List.of(Schedule.linear(), Schedule.trigonometric(),
            Schedule.follmer(), Schedule.variancePreserving(2.0));

    private static GaussianMixture twoModes() {
        return GaussianMixture.of(new double[] {0.3, 0.7}, new double[][] {{-1, 0.5}, {2, -1}},
                new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}, {{1.5, -0.4}, {-0.4, 0.8}}});
    }

    @Test
    void builtInSchedulesMeetTheBoundaryConditionsAndRoundTripByName() {
        for (Schedule s : BUILT_IN) {
            assertEquals(1.0, s.a(0), 1e-15, s.name());
            assertEquals(0.0, s.b(0), 1e-15, s.name());
            assertEquals(0.0, s.a(1), 1e-15, s.name());
            assertEquals(1.0, s.b(1), 1e-15, s.name());
            assertTrue(Double.isFinite(s.aTimesAPrime(1)), s.name());
            assertEquals(s.name(), Schedule.byName(s.name()).name());
            // a a' against a * a' in the interior
            assertEquals(s.a(0.3) * s.aPrime(0.3), s.aTimesAPrime(0.3), 1e-14, s.name());
            // the built-ins pass the custom checks
            Schedule.custom("copy", s::a, s::b, s::aPrime, s::bPrime);
        }
        assertEquals(Double.NEGATIVE_INFINITY, Schedule.follmer().aPrime(1));
        assertEquals(-1.0, Schedule.follmer().aTimesAPrime(1), 0);
    }

    @Test
    void customScheduleChecksNameTheViolation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedule.custom("bad", t -> 0.9 - t, t -> t, t -> -1, t -> 1));
        assertTrue(e.getMessage().contains("a(0)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Schedule.custom("bad", t -> 1 - t, t -> t, t -> -2, t -> 1));
        assertTrue(e.getMessage().startsWith("aPrime"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Schedule.custom("bad", t -> 1 - t,
                t -> t + 0.3 * Math.sin(2 * Math.PI * t), t -> -1, t -> 1 + 0.6 * Math.PI * Math.cos(2 * Math.PI * t)));
        assertTrue(e.getMessage().startsWith("b: expected non-decreasing"), e.getMessage());
        // a Follmer-like custom schedule gets a finite a a' at t = 1 from the one-sided difference
        Schedule f = Schedule.custom("f", t -> Math.sqrt(Math.max(0, 1 - t * t)), t -> t,
                t -> t >= 1 ? Double.NEGATIVE_INFINITY : -t / Math.sqrt(1 - t * t), t -> 1);
        assertEquals(-1.0, f.aTimesAPrime(1), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Schedule.variancePreserving(0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedule.linear().a(1.5));
    }

    @Test
    void closedFormMatchesMathMdsFormAndTheTargetAtTEqualsOne() {
        GaussianMixture p = twoModes();
        Tensor x = Tensor.randn(7, 2, new SplittableRandom(3)).scale(2);
        for (Schedule s : BUILT_IN) {
            GaussianMixtureVelocity v = GaussianMixtureVelocity.of(p, s);
            for (double t : new double[] {0.0, 0.2, 0.7, 0.99}) {
                Schedule.Values c = s.at(t);
                Tensor m = v.posteriorMean(t, x);
                Tensor expected = x.scale(c.aPrime() / c.a()).add(m.scale(c.bPrime() - c.aPrime() * c.b() / c.a()));
                assertClose(expected, v.velocity(t, x), 1e-10);
            }
            assertClose(p.logDensity(x), v.logDensity(1.0, x), 1e-10);
            assertClose(p.score(x), v.score(1.0, x), 1e-10);
            assertClose(ExactInterpolationFlow.standardNormalLogDensity(x), v.logDensity(0.0, x), 1e-12);
            // v(0, x) = a'(0) x + b'(0) E[X_1]
            Tensor v0 = x.scale(s.aPrime(0)).add(Tensor.wrap(1, 2, p.mean()).scale(s.bPrime(0)));
            assertClose(v0, v.velocity(0.0, x), 1e-12);
            assertClose(v.velocity(0.4, x), v.velocityRecorded(0.4, x), 1e-12);
        }
    }

    @Test
    void singularCovarianceIsRefusedOnlyAtTEqualsOne() {
        GaussianMixtureVelocity v = GaussianMixtureVelocity.of(new double[] {1, 1}, new double[][] {{0, 0}, {1, 1}},
                new double[][][] {new double[2][2], new double[2][2]}, Schedule.linear());
        Tensor x = Tensor.of(1, 2, 0.3, 0.1);
        assertTrue(v.velocity(0.999, x).isFinite());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.velocity(1.0, x));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }

    @Test
    void exactFlowLogDensityMatchesTheTarget() {
        GaussianMixture p = twoModes();
        ExactInterpolationFlow f = ExactInterpolationFlow.of(p, Schedule.linear(), Integration.adaptive(1e-9));
        Tensor x = p.sample(5, 11);
        assertClose(p.logDensity(x), f.logDensity(x), 1e-5);
        assertClose(x, f.fromNoise(f.toNoise(x)), 1e-6);
    }

    @Test
    void exactOtPermutationIsOptimal() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 5; trial++) {
            Tensor z = Tensor.randn(6, 2, rng);
            Tensor x = Tensor.randn(6, 2, rng).addScalar(1);
            int[] perm = Pairing.exactOtPermutation(z, x);
            double best = Double.POSITIVE_INFINITY;
            int[] p = {0, 1, 2, 3, 4, 5};
            do {
                best = Math.min(best, cost(z, x, p));
            } while (nextPermutation(p));
            assertEquals(best, cost(z, x, perm), 1e-12);
        }
    }

    @Test
    void trainingReducesTheLossAndIsSeeded() {
        Schedule s = Schedule.linear();
        InterpolationTrainer.Config cfg = new InterpolationTrainer.Config(150, 64, 3e-3, Pairing.EXACT_OT, 0, 4);
        double[] first = null;
        for (int rep = 0; rep < 2; rep++) {
            InterpolationFlow f = InterpolationFlow.create(2, new int[] {32, 32}, Activation.softplus(), s,
                    Integration.fixed(ButcherTableau.RK4, 10), new SplittableRandom(1));
            InterpolationTrainer.Result r = InterpolationTrainer.train(f, Datasets.eightGaussians(), cfg, null);
            assertTrue(r.finalLoss(20) < 0.7 * average(r.losses(), 0, 20), "loss did not fall");
            if (first == null) {
                first = r.losses();
            } else {
                assertArrayEquals(first, r.losses(), 0.0);
            }
        }
        InterpolationFlow follmer = InterpolationFlow.create(2, new int[] {8}, Activation.softplus(), Schedule.follmer(),
                Integration.fixed(ButcherTableau.EULER, 5), new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterpolationTrainer.train(follmer, Datasets.moons(), InterpolationTrainer.Config.defaults(1, 0), null));
        assertTrue(e.getMessage().startsWith("timeEpsilon"), e.getMessage());
    }

    @Test
    void savedAndLoadedModelGivesBitwiseTheSameSamplesAndDensities(@TempDir Path dir) throws Exception {
        Integration solver = Integration.fixed(ButcherTableau.RK4, 8);
        InterpolationFlow f = InterpolationFlow.create(2, new int[] {16, 16}, Activation.softplus(),
                Schedule.trigonometric(), solver, new SplittableRandom(9));
        InterpolationTrainer.train(f, Datasets.moons(), new InterpolationTrainer.Config(20, 32, 1e-3,
                Pairing.INDEPENDENT, 0, 2), null);
        Path file = dir.resolve("m.safetensors");
        f.save(file);
        assertTrue(Files.size(file) > 0);
        InterpolationFlow g = InterpolationFlow.load(file, solver);
        assertEquals("trigonometric", g.schedule().name());
        assertArrayEquals(f.sample(50, new SplittableRandom(77)).toArray(), g.sample(50, new SplittableRandom(77)).toArray(),
                0.0);
        Tensor x = Datasets.moons().sample(4, 1);
        assertArrayEquals(f.logDensity(x).toArray(), g.logDensity(x).toArray(), 0.0);
        InterpolationFlow custom = InterpolationFlow.create(2, new int[] {4}, Activation.tanh(),
                Schedule.custom("mine", t -> 1 - t, t -> t, t -> -1, t -> 1), solver, new SplittableRandom(1));
        assertThrows(IllegalArgumentException.class, () -> custom.save(dir.resolve("c.safetensors")));
    }

    private static double average(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    private static double cost(Tensor z, Tensor x, int[] perm) {
        double c = 0;
        for (int i = 0; i < perm.length; i++) {
            for (int j = 0; j < z.cols(); j++) {
                double dlt = z.get(perm[i], j) - x.get(i, j);
                c += dlt * dlt;
            }
        }
        return c;
    }

    private static boolean nextPermutation(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = p.length - 1;
        while (p[j] <= p[i]) {
            j--;
        }
        int tmp = p[i];
        p[i] = p[j];
        p[j] = tmp;
        for (int a = i + 1, b = p.length - 1; a < b; a++, b--) {
            tmp = p[a];
            p[a] = p[b];
            p[b] = tmp;
        }
        return true;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertEquals(expected.shape(), actual.shape());
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "entry " + i);
        }
    }
}
