package dev.otto.cli.io;

import dev.otto.autodiff.Tensor;
import dev.otto.cli.BadInputException;
import dev.otto.flows.io.Csv;
import dev.otto.flows.io.Npy;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Matrices in the two interchange formats the command accepts: NumPy {@code .npy} (float64,
 * float32 or integers of 8 to 64 bits, C or Fortran order, either byte order, as written by
 * {@code numpy.save}; anything but float64 is converted, and the user told so once) and
 * {@code .csv} (comma separated, a header line as {@link Reading} says). A matrix is n x d with
 * samples as rows; a 1-D array is read as a column (n x 1), which is how weight vectors arrive.
 *
 * <p>Every problem becomes a {@link BadInputException} whose message names the option and the
 * file: "--data: moons.npy: file not found".
 */
public final class MatrixFiles {

    private MatrixFiles() {
    }

    /** The format of a file name, from its extension. */
    public enum Format { NPY, CSV }

    /**
     * The format of {@code file} from its extension.
     *
     * @throws BadInputException for any other extension, naming {@code option}
     */
    public static Format formatOf(String option, Path file) {
        return FileNames.requireExtension(option, file, ".npy", ".csv").equals(".npy") ? Format.NPY : Format.CSV;
    }

    /**
     * Reads an n x d matrix of finite numbers with n, d >= 1.
     *
     * @throws BadInputException if the file is missing, unreadable, corrupt, empty or holds a
     *     non-finite value; the message names {@code option} and the file
     */
    public static Tensor read(String option, Path file, Reading reading) {
        Format format = formatOf(option, file);
        if (Files.isDirectory(file)) {
            throw BadInputException.of(option, file + ": is a directory, expected a file");
        }
        Tensor x;
        try {
            x = format == Format.NPY ? npy(option, file, reading) : Csv.read(file, reading.header()).values();
        } catch (NoSuchFileException e) {
            throw BadInputException.of(option, file + ": file not found");
        } catch (AccessDeniedException e) {
            throw BadInputException.of(option, file + ": permission denied");
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // the readers already prefix the file name; do not repeat it
            String problem = msg.startsWith(file.toString()) ? msg : file + ": " + msg;
            throw BadInputException.of(option, problem.replace('\n', ' '));
        }
        if (x.rows() == 0 || x.cols() == 0) {
            throw BadInputException.of(option, file + ": holds no data (" + x.shape() + ")");
        }
        double[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw BadInputException.of(option, file + ": non-finite value " + v[i] + " at row " + (i / x.cols() + 1)
                        + ", column " + (i % x.cols() + 1));
            }
        }
        return x;
    }

    private static Tensor npy(String option, Path file, Reading reading) throws IOException {
        Npy.Typed typed = Npy.readTyped(file);
        Tensor x = typed.array().toTensor();
        if (typed.converted()) {
            reading.note(option, file, typed.stored().describe() + " entries converted to float64");
        }
        return x;
    }

    /**
     * Reads a weight vector: n nonnegative finite numbers with a positive sum, as an n x 1 or 1 x n
     * file.
     */
    public static double[] readWeights(String option, Path file, int expected, Reading reading) {
        Tensor w = read(option, file, reading);
        if (w.rows() != 1 && w.cols() != 1) {
            throw BadInputException.of(option, file + ": expected a vector of " + expected + " weights, got a "
                    + w.shape() + " matrix");
        }
        double[] a = w.toArray();
        if (a.length != expected) {
            throw BadInputException.of(option, file + ": expected " + expected + " weights (one per point), got "
                    + a.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0) {
                throw BadInputException.of(option, file + ": negative weight " + a[i] + " at entry " + (i + 1));
            }
            sum += a[i];
        }
        if (!(sum > 0)) {
            throw BadInputException.of(option, file + ": the weights sum to " + sum + ", expected a positive sum");
        }
        return a;
    }

    /** Writes x (atomically) in the format of the file's extension. */
    public static void write(String option, Path file, Tensor x) throws IOException {
        if (formatOf(option, file) == Format.NPY) {
            Npy.write(file, x);
        } else {
            Csv.write(file, x);
        }
    }
}
