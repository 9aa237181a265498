package dev.otto.cli.io;

import dev.otto.cli.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * File-name extensions decide formats: an output is written in the format its name promises, so a
 * name that promises another format ({@code -o model.npy} for a model) is refused rather than
 * filled with bytes of the wrong kind.
 */
public final class FileNames {

    private FileNames() {
    }

    /**
     * The one of {@code extensions} (each with its dot, lower case) that {@code file}'s name ends
     * with, ignoring case.
     *
     * @throws BadInputException naming {@code option} and the file as given when none matches
     */
    public static String requireExtension(String option, Path file, String... extensions) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : extensions) {
            if (name.endsWith(e)) {
                return e;
            }
        }
        String expected = extensions.length == 1 ? "a " + extensions[0]
                : "a " + String.join(" or ", Arrays.stream(extensions).toList());
        throw BadInputException.of(option, file + ": expected " + expected + " file name (the extension names the format"
                + " written)");
    }
}
