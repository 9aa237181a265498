package dev.otto.flows.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a valid instance of its format (truncated, corrupt header, unsupported dtype
 * or version). The message names the file and the problem, e.g.
 * {@code "model.safetensors: truncated: tensor 'w' needs bytes up to 808 of the data buffer, which has 800"}.
 */
public final class CorruptFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The file (or source description) and what is wrong with it. */
    public CorruptFileException(String source, String problem) {
        super(source + ": " + problem);
    }

    /** Same, with the underlying cause. */
    public CorruptFileException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }

    static String name(Path p) {
        return p == null ? "<bytes>" : p.toString();
    }
}
