package dev.otto.flows.data;

import dev.otto.autodiff.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;

/**
 * A grayscale picture read as a 2-D density, the image targets of JKO-iFlow (MATH.md section 4;
 * research notes {@code seed_code.md} section 2: rose, tree).
 *
 * <p>Mass. Each pixel gets mass proportional to its darkness 1 - v (v the intensity scaled to
 * [0,1], so pure white gets none) by default, or to its brightness v with {@link Mass#BRIGHT}.
 * JKO-iFlow uses max(img) - img, which is the same for any picture that contains pure white.
 * Colour pictures are reduced to luma 0.299 R + 0.587 G + 0.114 B of the stored samples; alpha is
 * ignored.
 *
 * <p>Geometry. The picture keeps its aspect ratio: its longer side spans [-h, h] (h = halfWidth,
 * 4 by default as in JKO-iFlow's [-4,4]^2) and the shorter side is centred; pixel row 0 is the top
 * (largest y). A sample picks a pixel with probability proportional to its mass and then a point
 * uniformly inside that pixel's square (JKO-iFlow adds Gaussian noise of half a pixel instead), so
 * the density is exactly piecewise constant: p(x) = mass_ij / (sum mass * a^2) on pixel (i, j) of
 * side a, 0 outside the picture; {@link #logDensity} returns it.
 */
public final class ImageDensity implements Sampler {

    /** Which pixels carry the mass. */
    public enum Mass {
        /** Mass proportional to 1 - v: dark strokes on a white background (the default). */
        DARK,
        /** Mass proportional to v: bright strokes on a black background. */
        BRIGHT
    }

    /** Half-width of the box the longer side of the picture spans by default. */
    public static final double DEFAULT_HALF_WIDTH = 4.0;

    private final String name;
    private final int width;
    private final int height;
    private final double pixel;
    private final double x0;
    private final double y0;
    private final double[] cumulative;
    private final double[] logDensity;

    private ImageDensity(String name, double[][] intensity, Mass mass, double halfWidth) {
        if (mass == null) {
            throw new IllegalArgumentException("mass: expected DARK or BRIGHT, got null");
        }
        if (!(halfWidth > 0) || !Double.isFinite(halfWidth)) {
            throw new IllegalArgumentException("halfWidth: expected a positive finite value, got " + halfWidth);
        }
        if (intensity == null || intensity.length == 0 || intensity[0] == null || intensity[0].length == 0) {
            throw new IllegalArgumentException("intensity: expected a nonempty height x width array, got an empty one");
        }
        this.name = name;
        this.height = intensity.length;
        this.width = intensity[0].length;
        this.pixel = 2 * halfWidth / Math.max(width, height);
        this.x0 = -0.5 * width * pixel;
        this.y0 = 0.5 * height * pixel;
        int p = width * height;
        double[] m = new double[p];
        double total = 0;
        for (int i = 0; i < height; i++) {
            if (intensity[i] == null || intensity[i].length != width) {
                throw new IllegalArgumentException("intensity: expected rows of " + width + " values, row " + i
                        + " has " + (intensity[i] == null ? "null" : intensity[i].length));
            }
            for (int j = 0; j < width; j++) {
                double v = intensity[i][j];
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("intensity[" + i + "][" + j + "]: expected a value in [0, 1], got "
                            + v);
                }
                m[i * width + j] = mass == Mass.DARK ? 1 - v : v;
                total += m[i * width + j];
            }
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("intensity: expected some pixel with positive mass (" + mass
                    + "), got a picture that is entirely " + (mass == Mass.DARK ? "white" : "black"));
        }
        this.cumulative = new double[p];
        this.logDensity = new double[p];
        double c = 0;
        double logArea = 2 * Math.log(pixel);
        for (int q = 0; q < p; q++) {
            c += m[q];
            cumulative[q] = c / total;
            logDensity[q] = Math.log(m[q] / total) - logArea;
        }
        int last = p - 1;
        while (m[last] == 0) {
            last--;
        }
        for (int q = last; q < p; q++) {
            cumulative[q] = 1.0;
        }
    }

    /** The picture in the file {@code png} with dark pixels carrying the mass, in [-4, 4]. */
    public static ImageDensity fromPng(Path png) throws IOException {
        return fromPng(png, Mass.DARK, DEFAULT_HALF_WIDTH);
    }

    /**
     * The picture in the file {@code png} (any format javax.imageio reads).
     *
     * @throws IOException if the file cannot be read or is not a picture (the message names it)
     */
    public static ImageDensity fromPng(Path png, Mass mass, double halfWidth) throws IOException {
        if (png == null) {
            throw new IllegalArgumentException("png: expected a path, got null");
        }
        if (!Files.isRegularFile(png)) {
            throw new IOException(png + ": no such file");
        }
        BufferedImage img = ImageIO.read(png.toFile());
        if (img == null) {
            throw new IOException(png + ": not a picture javax.imageio can read");
        }
        return new ImageDensity(png.getFileName().toString(), intensities(img), mass, halfWidth);
    }

    /** A picture given as intensities in [0,1], indexed [row from the top][column]. */
    public static ImageDensity fromIntensities(double[][] intensity, Mass mass, double halfWidth) {
        return new ImageDensity("image", intensity, mass, halfWidth);
    }

    /** Intensities in [0,1] of a picture: stored gray samples, or luma of the stored colour samples. */
    static double[][] intensities(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double[][] out = new double[h][w];
        Raster raster = img.getRaster();
        boolean direct = img.getColorModel() instanceof ComponentColorModel;
        int bands = raster.getNumBands();
        if (direct) {
            int bits = img.getColorModel().getComponentSize(0);
            double max = (1L << bits) - 1;
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    // raw samples: ImageIO's gray colour space is linear, and getRGB would apply a gamma curve
                    double v;
                    if (bands >= 3) {
                        v = 0.299 * raster.getSampleDouble(j, i, 0) + 0.587 * raster.getSampleDouble(j, i, 1)
                                + 0.114 * raster.getSampleDouble(j, i, 2);
                    } else {
                        v = raster.getSampleDouble(j, i, 0);
                    }
                    out[i][j] = Math.min(1.0, Math.max(0.0, v / max));
                }
            }
        } else {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int rgb = img.getRGB(j, i);
                    double v = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                    out[i][j] = Math.min(1.0, v / 255.0);
                }
            }
        }
        return out;
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public String name() {
        return name;
    }

    /** Side a of a pixel's square. */
    public double pixelSize() {
        return pixel;
    }

    /** The box holding the picture: {xmin, xmax, ymin, ymax}. */
    public double[] bounds() {
        return new double[] {x0, x0 + width * pixel, y0 - height * pixel, y0};
    }

    @Override
    public Tensor sample(int n, RandomGenerator rng) {
        Sampler.checkArguments(n, rng);
        double[] out = new double[2 * n];
        for (int r = 0; r < n; r++) {
            int q = pick(rng.nextDouble());
            int i = q / width;
            int j = q % width;
            out[2 * r] = x0 + (j + rng.nextDouble()) * pixel;
            out[2 * r + 1] = y0 - (i + rng.nextDouble()) * pixel;
        }
        return Tensor.wrap(n, 2, out);
    }

    private int pick(double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (u < cumulative[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** log p(x) for each row (n x 1): piecewise constant, -infinity outside the picture's box. */
    public Tensor logDensity(Tensor x) {
        if (x == null || x.cols() != 2) {
            throw new IllegalArgumentException("x: expected n x 2, got " + (x == null ? "null" : x.shape()));
        }
        double[] out = new double[x.rows()];
        for (int r = 0; r < x.rows(); r++) {
            double j = Math.floor((x.get(r, 0) - x0) / pixel);
            double i = Math.floor((y0 - x.get(r, 1)) / pixel);
            out[r] = j >= 0 && j < width && i >= 0 && i < height
                    ? logDensity[(int) i * width + (int) j] : Double.NEGATIVE_INFINITY;
        }
        return Tensor.wrap(x.rows(), 1, out);
    }

    @Override
    public String toString() {
        return "ImageDensity[" + name + ", " + width + "x" + height + ", pixel " + pixel + "]";
    }
}
