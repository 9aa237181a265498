package dev.otto.flows.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {

    @Test
    void registryKnowsTheEightFfjordSetsAndListsThemForUnknownNames() {
        assertEquals(java.util.List.of("8gaussians", "checkerboard", "moons", "pinwheel", "swissroll", "circles",
                "2spirals", "rings"), Datasets.names());
        for (String name : Datasets.names()) {
            Sampler s = Datasets.byName(name);
            assertEquals(name, s.name());
            Tensor x = s.sample(7, 1L);
            assertEquals("7x2", x.shape());
            assertTrue(x.isFinite());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("moon"));
        assertTrue(e.getMessage().contains("expected one of [8gaussians, checkerboard") && e.getMessage().contains("\"moon\""),
                e.getMessage());
    }

    @Test
    void theAuthorsPinwheelIsTheSamePinwheelAtScaleOnePointFour() {
        double[] ffjord = Datasets.pinwheel().sample(500, 3L).toArray();
        Sampler small = Datasets.pinwheel(Datasets.PINWHEEL_SCALE_W1W2);
        double[] authors = small.sample(500, 3L).toArray();
        for (int i = 0; i < ffjord.length; i++) {
            assertEquals(0.7 * ffjord[i], authors[i], 1e-14 * (1 + Math.abs(ffjord[i])));
        }
        assertEquals("pinwheel-x1.4", small.name());
        assertEquals("pinwheel", Datasets.pinwheel(2.0).name());
        assertThrows(IllegalArgumentException.class, () -> Datasets.pinwheel(0.0));
        assertThrows(IllegalArgumentException.class, () -> Datasets.pinwheel(Double.NaN));
    }

    @Test
    void mixtureRejectsBadInputNamingTheArgument() {
        double[][] id = {{1, 0}, {0, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.of(new double[] {1, -1}, new double[][] {{0, 0}, {1, 1}}, new double[][][] {id, id}));
        assertTrue(e.getMessage().startsWith("weights[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.single(new double[] {0, 0}, new double[][] {{1, 2}, {2, 1}}));
        assertTrue(e.getMessage().contains("covariances[0]: expected a positive-definite matrix")
                && e.getMessage().contains("-1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.single(new double[] {0, 0}, new double[][] {{1, 0.5}, {0.4, 1}}));
        assertTrue(e.getMessage().contains("symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.single(new double[] {0, 0}, id).logDensity(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().equals("x: expected n x 2, got 2x3"), e.getMessage());
    }

    @Test
    void zeroWeightComponentsAreNeverSampledAndDoNotChangeTheDensity() {
        double[][] id = {{1, 0}, {0, 1}};
        GaussianMixture a = GaussianMixture.of(new double[] {0, 1, 0}, new double[][] {{50, 50}, {0, 0}, {-50, -50}},
                new double[][][] {id, id, id});
        GaussianMixture b = GaussianMixture.single(new double[] {0, 0}, id);
        Tensor x = a.sample(2000, 5L);
        for (int i = 0; i < x.rows(); i++) {
            assertTrue(Math.abs(x.get(i, 0)) < 10);
        }
        assertTrue(a.logDensity(x).valueEquals(b.logDensity(x)));
    }

    @Test
    void zeroPaddingAppendsExactZerosAndKeepsTheSample() {
        Sampler s = Embedding.zeroPad(Datasets.moons(), 7);
        assertEquals(7, s.dimension());
        Tensor x = s.sample(20, 9L);
        Tensor y = Datasets.moons().sample(20, 9L);
        assertTrue(Embedding.project(x, 2).valueEquals(y));
        for (int i = 0; i < 20; i++) {
            for (int j = 2; j < 7; j++) {
                assertEquals(0.0, x.get(i, j));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Embedding.zeroPad(Datasets.moons(), 1));
    }

    @Test
    void digitsLoadAs1797ImagesIn01WithLabels() {
        Digits d = Digits.load();
        assertEquals("1797x64", d.images().shape());
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : d.images().toArray()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0.0, min);
        assertEquals(1.0, max);
        int[] count = new int[10];
        for (int l : d.labels()) {
            count[l]++;
        }
        for (int c : count) {
            assertTrue(c > 150 && c < 200, "each digit appears about 180 times");
        }
        // first image of the file: 0,0,5,13,9,1,0,0 ... label 0
        assertEquals(5 / 16.0, d.images().get(0, 2));
        assertEquals(0, d.labels()[0]);
        assertEquals(count[3], d.imagesOf(3).rows());
    }

    @Test
    void splitIsASeededPartition() {
        Tensor data = Tensor.wrap(10, 1, new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Split a = Split.of(data, 0.3, new SplittableRandom(4));
        Split b = Split.of(data, 0.3, new SplittableRandom(4));
        assertArrayEquals(a.testIndex(), b.testIndex());
        assertEquals(3, a.test().rows());
        assertEquals(7, a.train().rows());
        Set<Double> all = new HashSet<>();
        for (double v : a.train().toArray()) {
            all.add(v);
        }
        for (double v : a.test().toArray()) {
            all.add(v);
        }
        assertEquals(10, all.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Split.of(data, 0.01, new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("testFraction"), e.getMessage());
    }

    @Test
    void imageDensityPutsMassOnDarkPixelsInsideTheBox(@TempDir Path dir) throws Exception {
        // 4 wide x 2 high: only pixel (row 1, col 3) is black, the rest white
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                img.getRaster().setSample(j, i, 0, 255);
            }
        }
        img.getRaster().setSample(3, 1, 0, 0);
        Path png = dir.resolve("dot.png");
        ImageIO.write(img, "png", png.toFile());
        ImageDensity dark = ImageDensity.fromPng(png);
        assertEquals(2.0, dark.pixelSize());
        assertArrayEquals(new double[] {-4, 4, -2, 2}, dark.bounds());
        Tensor x = dark.sample(500, 3L);
        for (int i = 0; i < 500; i++) {
            assertTrue(x.get(i, 0) >= 2 && x.get(i, 0) < 4 && x.get(i, 1) > -2 && x.get(i, 1) <= 0, "bottom-right pixel");
        }
        assertEquals(-Math.log(4.0), dark.logDensity(Tensor.of(1, 2, 3.0, -1.0)).item(), 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, dark.logDensity(Tensor.of(1, 2, 0.0, 0.0)).item());
        ImageDensity bright = ImageDensity.fromPng(png, ImageDensity.Mass.BRIGHT, 1.0);
        Tensor y = bright.sample(500, 3L);
        for (int i = 0; i < 500; i++) {
            boolean inDot = y.get(i, 0) >= 0.5 && y.get(i, 1) <= 0;
            assertTrue(!inDot && Math.abs(y.get(i, 0)) <= 1 && Math.abs(y.get(i, 1)) <= 0.5);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageDensity.fromIntensities(new double[][] {{1, 1}}, ImageDensity.Mass.DARK, 4));
        assertTrue(e.getMessage().contains("entirely white"), e.getMessage());
    }
}
