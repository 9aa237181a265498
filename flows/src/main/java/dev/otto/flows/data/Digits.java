package dev.otto.flows.data;

import dev.otto.autodiff.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPInputStream;

/**
 * The 8x8 handwritten digits: the small real image set for manifold-supported targets (MATH.md
 * section 6 uses MNIST; this is the stand-in that fits on a laptop).
 *
 * <p>Data: "Optical Recognition of Handwritten Digits", UCI Machine Learning Repository, test
 * part, by E. Alpaydin and C. Kaynak (1998), licence CC BY 4.0. A copy ships with this module
 * ({@code dev/otto/flows/data/digits.csv.gz}, see the NOTICE.md beside it): 1797 images, 64 integer
 * intensities 0..16 in row-major pixel order, then the label 0..9.
 *
 * @param images 1797 x 64, intensities divided by 16 so that every entry is in [0, 1]
 * @param labels the digit shown by each row, 0..9
 */
public record Digits(Tensor images, int[] labels) {

    /** Number of images in the shipped file. */
    public static final int COUNT = 1797;
    /** Pixels per image (8 x 8). */
    public static final int PIXELS = 64;

    private static final String RESOURCE = "digits.csv.gz";

    /** Validates and copies the labels. */
    public Digits {
        if (images == null || labels == null || images.rows() != labels.length) {
            throw new IllegalArgumentException("labels: expected one label per image row, got "
                    + (labels == null ? "null" : labels.length) + " for " + (images == null ? "null" : images.shape()));
        }
        labels = labels.clone();
    }

    /** The labels (a copy). */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Loads the shipped copy.
     *
     * @throws UncheckedIOException if the resource is missing or malformed (the message says where)
     */
    public static Digits load() {
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IOException("resource dev/otto/flows/data/" + RESOURCE + " is missing from the classpath");
            }
            return parse(new GZIPInputStream(raw), "dev/otto/flows/data/" + RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    static Digits parse(InputStream in, String source) throws IOException {
        double[] px = new double[COUNT * PIXELS];
        int[] labels = new int[COUNT];
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String line;
        int row = 0;
        while ((line = r.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            if (row >= COUNT) {
                throw new IOException(source + ": more than " + COUNT + " images");
            }
            String[] f = line.split(",", -1);
            if (f.length != PIXELS + 1) {
                throw new IOException(source + " line " + (row + 1) + ": expected " + (PIXELS + 1) + " fields, got "
                        + f.length);
            }
            for (int j = 0; j <= PIXELS; j++) {
                int v;
                try {
                    v = Integer.parseInt(f[j].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(source + " line " + (row + 1) + " field " + (j + 1) + ": expected an integer, got \""
                            + f[j] + "\"", e);
                }
                int max = j < PIXELS ? 16 : 9;
                if (v < 0 || v > max) {
                    throw new IOException(source + " line " + (row + 1) + " field " + (j + 1) + ": expected 0.." + max
                            + ", got " + v);
                }
                if (j < PIXELS) {
                    px[row * PIXELS + j] = v / 16.0;
                } else {
                    labels[row] = v;
                }
            }
            row++;
        }
        if (row != COUNT) {
            throw new IOException(source + ": expected " + COUNT + " images, got " + row);
        }
        return new Digits(Tensor.wrap(COUNT, PIXELS, px), labels);
    }

    /** The images with the given label (m x 64). */
    public Tensor imagesOf(int label) {
        int m = 0;
        for (int l : labels) {
            m += l == label ? 1 : 0;
        }
        if (m == 0) {
            throw new IllegalArgumentException("label: expected a digit 0..9, got " + label);
        }
        double[] all = images.toArray();
        double[] out = new double[m * PIXELS];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                System.arraycopy(all, i * PIXELS, out, k++ * PIXELS, PIXELS);
            }
        }
        return Tensor.wrap(m, PIXELS, out);
    }

    /** The empirical distribution of the images: rows drawn uniformly with replacement. */
    public Sampler empirical() {
        return Empirical.of("digits", images);
    }

    /** Not part of the public API: a resampling sampler over fixed rows. */
    static final class Empirical implements Sampler {
        private final String name;
        private final double[] rows;
        private final int n;
        private final int d;

        private Empirical(String name, Tensor data) {
            this.name = name;
            this.rows = data.toArray();
            this.n = data.rows();
            this.d = data.cols();
        }

        static Empirical of(String name, Tensor data) {
            return new Empirical(name, data);
        }

        @Override
        public int dimension() {
            return d;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Tensor sample(int m, RandomGenerator rng) {
            Sampler.checkArguments(m, rng);
            double[] out = new double[m * d];
            for (int i = 0; i < m; i++) {
                System.arraycopy(rows, rng.nextInt(n) * d, out, i * d, d);
            }
            return Tensor.wrap(m, d, out);
        }
    }
}
