package dev.otto.flows.io;

import dev.otto.autodiff.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Comma-separated n x d matrices, one sample per line (for spreadsheets and plotting tools).
 *
 * <p>Writing: an optional header line of column names, then each row as {@link Double#toString}
 * values, which read back to the same double exactly (NaN and infinities as {@code NaN},
 * {@code Infinity}, {@code -Infinity}, which Python's {@code float} also parses); atomically.
 * Reading: blank lines are skipped; whether the first non-blank line is a header is said by a
 * {@link Header}: {@link Header#PRESENT}, {@link Header#ABSENT}, or {@link Header#AUTO}, which takes
 * it as a header only when every one of its fields is not a number and refuses a line that mixes
 * numbers and non-numbers (a first data row with a typo must not be dropped as a "header").
 * Numbers may also be spelled {@code nan}, {@code inf}, {@code -inf} in any case (NumPy's
 * spelling); every data line must have the same number of numeric fields, otherwise a
 * {@link CorruptFileException} names the file and the line.
 */
public final class Csv {

    private Csv() {
    }

    /**
     * A matrix with its optional column names.
     *
     * @param header the column names, empty when the file had no header line
     * @param values the n x d entries
     */
    public record Table(List<String> header, Tensor values) {
        /** Copies the header. */
        public Table {
            header = List.copyOf(header);
        }
    }

    /** Whether the first non-blank line of a file names the columns. */
    public enum Header {
        /** A header exactly when none of the first line's fields is a number; a mix is refused. */
        AUTO,
        /** The first non-blank line is a header, whatever it holds. */
        PRESENT,
        /** Every line is data. */
        ABSENT
    }

    /** Writes x with no header line. */
    public static void write(Path file, Tensor x) throws IOException {
        write(file, x, null);
    }

    /**
     * Writes x, preceded by a header line when {@code header} is not null.
     *
     * @throws IllegalArgumentException if the header does not have x.cols() names, or a name contains a
     *     comma, a line break or parses as a number (it would not be detected as a header by
     *     {@link Header#AUTO})
     */
    public static void write(Path file, Tensor x, List<String> header) throws IOException {
        if (file == null || x == null) {
            throw new IllegalArgumentException("file, x: expected a path and a tensor, got null");
        }
        StringBuilder b = new StringBuilder();
        if (header != null) {
            if (header.size() != x.cols()) {
                throw new IllegalArgumentException("header: expected " + x.cols() + " names, got " + header.size());
            }
            for (int j = 0; j < header.size(); j++) {
                String h = header.get(j);
                if (h == null || h.contains(",") || h.contains("\n") || h.contains("\r")) {
                    throw new IllegalArgumentException("header[" + j + "]: expected a name without commas or line breaks, got "
                            + h);
                }
                if (parse(h.trim()) != null) {
                    throw new IllegalArgumentException("header[" + j + "]: expected a name that is not a number (so that"
                            + " it reads back as a header), got " + h);
                }
            }
            b.append(String.join(",", header)).append('\n');
        }
        double[] v = x.toArray();
        int d = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                if (j > 0) {
                    b.append(',');
                }
                b.append(v[i * d + j]);
            }
            b.append('\n');
        }
        AtomicFiles.write(file, ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads a matrix, detecting an optional header line ({@link Header#AUTO}). */
    public static Table read(Path file) throws IOException {
        return read(file, Header.AUTO);
    }

    /** Reads a matrix whose first non-blank line is a header as {@code header} says. */
    public static Table read(Path file, Header header) throws IOException {
        if (file == null || header == null) {
            throw new IllegalArgumentException("file, header: expected a path and a header mode, got null");
        }
        String src = file.toString();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> names = List.of();
        List<double[]> rows = new ArrayList<>();
        int d = -1;
        boolean first = true;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            double[] row = new double[f.length];
            int bad = -1;
            int numbers = 0;
            for (int j = 0; j < f.length; j++) {
                Double v = parse(f[j].trim());
                if (v == null) {
                    bad = bad < 0 ? j : bad;
                } else {
                    row[j] = v;
                    numbers++;
                }
            }
            if (first && (header == Header.PRESENT || header == Header.AUTO && numbers == 0)) {
                List<String> h = new ArrayList<>();
                for (String s : f) {
                    h.add(s.trim());
                }
                names = h;
                d = f.length;
                first = false;
                continue;
            }
            if (first && header == Header.AUTO && bad >= 0) {
                throw new CorruptFileException(src, "line " + (ln + 1) + " field " + (bad + 1) + ": expected a number, got \""
                        + f[bad] + "\" (the first line mixes numbers and text: a typo in the first row? A header is recognised only"
                        + " when no field is a number, unless declared (otto: --header))");
            }
            first = false;
            if (bad >= 0) {
                throw new CorruptFileException(src, "line " + (ln + 1) + " field " + (bad + 1)
                        + ": expected a number, got \"" + f[bad] + "\"");
            }
            if (d >= 0 && f.length != d) {
                throw new CorruptFileException(src, "line " + (ln + 1) + ": expected " + d + " fields, got " + f.length);
            }
            d = f.length;
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new CorruptFileException(src, "no data rows");
        }
        double[] all = new double[rows.size() * d];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, all, i * d, d);
        }
        return new Table(names, Tensor.wrap(rows.size(), d, all));
    }

    /** The number in s, or null when s is not one. */
    static Double parse(String s) {
        if (s.isEmpty()) {
            return null;
        }
        String l = s.toLowerCase(Locale.ROOT);
        switch (l) {
            case "nan": case "+nan": case "-nan":
                return Double.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char c = l.charAt(l.length() - 1);
        if (c == 'd' || c == 'f') {
            return null; // Java's parser accepts 1.0d / 1.0f suffixes, which no CSV writer means as numbers
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
