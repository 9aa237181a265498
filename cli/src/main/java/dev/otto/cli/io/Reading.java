package dev.otto.cli.io;

import dev.otto.flows.io.Csv;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * How a command reads its input matrices: whether a CSV file's first line is a header
 * ({@code --header}, {@code --no-header}, or recognised when no field is a number), and where the
 * one-line notes about conversions go (a float32 or integer {@code .npy} is converted to float64,
 * and the user is told so once per file, on standard error).
 */
public final class Reading {

    private final Csv.Header header;
    private final PrintWriter notes;
    private final Set<Path> noted = new HashSet<>();

    /**
     * @param header the CSV header rule
     * @param notes  where conversion notes are printed, or null to print none
     */
    public Reading(Csv.Header header, PrintWriter notes) {
        if (header == null) {
            throw new IllegalArgumentException("header: expected a header rule, got null");
        }
        this.header = header;
        this.notes = notes;
    }

    /** Header recognised automatically, no notes: for files Otto wrote itself. */
    public static Reading quiet() {
        return new Reading(Csv.Header.AUTO, null);
    }

    /** The CSV header rule. */
    public Csv.Header header() {
        return header;
    }

    /** Prints "{@code option}: {@code file}: {@code note}" unless already said for this file. */
    void note(String option, Path file, String note) {
        if (notes != null && noted.add(file.toAbsolutePath().normalize())) {
            notes.println(option + ": " + file + ": " + note);
        }
    }
}
