package dev.otto.flows.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file replacement (DESIGN.md, io: "writes are atomic"): the bytes go to a temporary file in
 * the target's directory, are forced to the device, and the temporary file is then renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}. A reader sees either the old file or the
 * complete new one, never a torn write, even if the process dies half-way; a failed write leaves
 * the old file untouched and removes the temporary file. The file gets the permissions of any new
 * file of the process (0666 less the umask), like a file written by {@code cp} or NumPy, not the
 * owner-only 0600 of {@link Files#createTempFile}.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes the buffers, in order, to {@code target} atomically.
     *
     * @throws IOException naming the target if any step fails (the target is then unchanged)
     */
    public static void write(Path target, ByteBuffer... buffers) throws IOException {
        if (target == null) {
            throw new IllegalArgumentException("target: expected a path, got null");
        }
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException(target + ": directory " + dir + " does not exist");
        }
        Path tmp = createHidden(abs);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (ByteBuffer b : buffers) {
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": the file system cannot rename atomically in " + dir, e);
            }
            moved = true;
            syncDirectory(dir);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(target.toString())) {
                throw e;
            }
            throw new IOException(target + ": write failed: " + e, e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A new empty file beside {@code target} under a hidden unique name, created with the default
     * permissions (so the umask applies).
     */
    private static Path createHidden(Path target) throws IOException {
        while (true) {
            String unique = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            try {
                return Files.createFile(target.resolveSibling("." + target.getFileName() + "." + unique + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    /** Makes the rename durable where the platform allows it (Linux); elsewhere a no-op. */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory; the rename itself is already atomic
        }
    }
}
