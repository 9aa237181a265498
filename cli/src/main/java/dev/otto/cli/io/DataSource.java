package dev.otto.cli.io;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.flows.data.DataRange;
import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Embedding;
import dev.otto.flows.data.ImageDensity;
import dev.otto.flows.data.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The {@code --data} of a command: a built-in distribution ({@link Datasets#names()}: moons,
 * 8gaussians, checkerboard, ...), a .npy/.csv file of samples (rows), or a picture (.png, .jpg,
 * .jpeg) read as a 2-D density ({@link ImageDensity}: dark pixels carry the mass, the longer side
 * spans [-4, 4], as JKO-iFlow's image targets, MATH.md section 4). A built-in distribution or a
 * picture is sampled afresh; a file of samples is a fixed data set, from which minibatches are
 * drawn uniformly with replacement.
 *
 * @param name    what the user gave: the dataset name or the file name
 * @param sampler a sampler of the distribution (for a file: resampling its rows)
 * @param fixed   the file's rows, or null for a built-in distribution
 */
public record DataSource(String name, Sampler sampler, Tensor fixed) {

    /**
     * Resolves {@code value}: a value ending in .npy or .csv is a file of samples, one ending in
     * .png, .jpg or .jpeg a picture, anything else a dataset name.
     *
     * @throws BadInputException naming {@code option}: an unknown dataset (with the known names), a
     *     missing or malformed file
     */
    public static DataSource parse(String option, String value, Reading reading) {
        if (value == null || value.isBlank()) {
            throw BadInputException.of(option, "expected a dataset name " + Datasets.names()
                    + ", a .npy/.csv file or a .png/.jpg picture");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return picture(option, Path.of(value));
        }
        if (lower.endsWith(".npy") || lower.endsWith(".csv")) {
            Path file = Path.of(value);
            Tensor x = MatrixFiles.read(option, file, reading);
            if (x.rows() < 2) {
                throw BadInputException.of(option, value + ": expected at least 2 samples (rows), got " + x.rows());
            }
            try {
                DataRange.check(value, x);
            } catch (IllegalArgumentException e) {
                throw BadInputException.of(option, e.getMessage());
            }
            return new DataSource(file.getFileName().toString(), Sampler.ofRows(file.getFileName().toString(), x), x);
        }
        if (!Datasets.names().contains(value)) {
            throw BadInputException.of(option, "unknown dataset '" + value + "'; expected one of "
                    + String.join(", ", Datasets.names()) + ", a .npy/.csv file or a .png/.jpg picture");
        }
        return new DataSource(value, Datasets.byName(value), null);
    }

    /** A picture as a 2-D density. */
    private static DataSource picture(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw BadInputException.of(option, file + ": is a directory, expected a picture");
        }
        if (!Files.exists(file)) {
            throw BadInputException.of(option, file + ": file not found");
        }
        try {
            ImageDensity density = ImageDensity.fromPng(file);
            return new DataSource(file.getFileName().toString(), density, null);
        } catch (IOException | IllegalArgumentException e) {
            String msg = String.valueOf(e.getMessage());
            throw BadInputException.of(option, (msg.startsWith(file.toString()) ? msg : file + ": " + msg).replace('\n', ' '));
        }
    }

    /**
     * The same data zero-padded into R^dim (MATH.md section 6: a 2-D set as a manifold of R^7 or
     * R^12); {@code dim} equal to the dimension returns this source unchanged.
     *
     * @throws BadInputException naming {@code option} if dim is below the data's dimension
     */
    public DataSource embed(String option, int dim) {
        if (dim == dimension()) {
            return this;
        }
        if (dim < dimension()) {
            throw BadInputException.of(option, "expected a dimension >= " + dimension() + " (the data's), got " + dim);
        }
        String padded = name + " in R^" + dim;
        return new DataSource(padded, Embedding.zeroPad(sampler, dim),
                fixed == null ? null : Embedding.pad(fixed, dim));
    }

    /** The dimension d of the samples. */
    public int dimension() {
        return sampler.dimension();
    }

    /**
     * n samples: fresh draws of a built-in distribution; for a file, its first n rows (all of them
     * if it has fewer, so evaluation never invents data).
     */
    public Tensor samples(int n, RandomGenerator rng) {
        if (fixed == null) {
            return sampler.sample(n, rng);
        }
        return n >= fixed.rows() ? fixed : fixed.sliceRows(0, n);
    }
}
