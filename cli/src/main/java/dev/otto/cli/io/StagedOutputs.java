package dev.otto.cli.io;

import dev.otto.cli.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * All-or-nothing output of a command. Each output (a file or a report folder) is first written
 * under a hidden sibling name ({@code .partial-k3x9.name.npy}); {@link #commit()} moves them to their
 * real names once everything is written, and {@link #close()} without a commit deletes them. So a
 * command that fails half-way (bad input found late, a diverged run, an exception, Ctrl-C) leaves
 * none of its outputs behind, and a previous file of the same name survives untouched. An output
 * folder may lie in folders that do not exist yet ({@code -o runs/2026/demo}): they are created, and
 * removed again if the command fails. An output file's folder must exist (a typo there is caught
 * before any work) Two outputs on one path ({@code --f g.npy --g g.npy}) are refused: only one of them
 * could survive.
 *
 * <pre>{@code
 * try (StagedOutputs out = new StagedOutputs()) {
 *     Path samples = out.file("--out", Path.of("samples.npy"));   // validated now, before any work
 *     MatrixFiles.write("--out", samples, x);
 *     out.commit();
 * }
 * }</pre>
 */
public final class StagedOutputs implements AutoCloseable {

    private record Staged(Path staging, Path target, boolean directory) {
    }

    /** Open instances, closed by {@link #closeAllOpen()} when the JVM is interrupted (Ctrl-C). */
    private static final Set<StagedOutputs> OPEN = ConcurrentHashMap.newKeySet();

    private final List<Staged> staged = new ArrayList<>();
    /** The option that reserved each target (absolute, normalised), to refuse two outputs on one path. */
    private final Map<Path, String> reserved = new HashMap<>();
    /** Topmost folders created for output folders' parents, removed again unless committed. */
    private final List<Path> createdParents = new ArrayList<>();
    private boolean committed;

    public StagedOutputs() {
        OPEN.add(this);
    }

    /** Deletes the staged outputs of every instance not yet closed: the launcher's shutdown hook. */
    public static void closeAllOpen() {
        for (StagedOutputs s : OPEN) {
            s.close();
        }
    }

    /**
     * Reserves the output file {@code target}: checks that its folder exists and that it is not a
     * folder itself, and returns the staging path to write instead.
     *
     * @throws BadInputException naming {@code option} if the target cannot be written there
     */
    public synchronized Path file(String option, Path target) {
        reserve(option, target);
        checkTarget(option, target, false);
        Path staging = sibling(target);
        staged.add(new Staged(staging, target, false));
        return staging;
    }

    /**
     * Reserves the output folder {@code target} (an existing folder of that name is replaced on
     * commit) and returns a fresh, empty staging folder to fill instead.
     */
    public synchronized Path directory(String option, Path target) {
        reserve(option, target);
        createMissingParents(option, target);
        checkTarget(option, target, true);
        Path staging = sibling(target);
        try {
            Files.createDirectory(staging);
        } catch (IOException e) {
            throw BadInputException.of(option, target + ": cannot create a folder beside it (" + e.getMessage() + ")");
        }
        staged.add(new Staged(staging, target, true));
        return staging;
    }

    /** Records that {@code option} writes {@code target}, refusing a target another option already writes. */
    private void reserve(String option, Path target) {
        String other = reserved.putIfAbsent(target.toAbsolutePath().normalize(), option);
        if (other != null) {
            throw BadInputException.of(option, target + ": is also the file of " + other
                    + "; two outputs cannot share a path");
        }
    }

    /** Moves every staged output to its real name (replacing what was there). */
    public synchronized void commit() throws IOException {
        for (Staged s : staged) {
            if (s.directory() && Files.exists(s.target())) {
                Path old = sibling(s.target());
                Files.move(s.target(), old);
                Files.move(s.staging(), s.target());
                deleteTree(old);
            } else {
                move(s.staging(), s.target());
            }
        }
        committed = true;
    }

    /** Deletes whatever was staged and not committed. */
    @Override
    public synchronized void close() {
        OPEN.remove(this);
        if (committed) {
            return;
        }
        for (Staged s : staged) {
            try {
                deleteTree(s.staging());
            } catch (IOException | UncheckedIOException e) {
                // best effort: the staging names are hidden and unique, they never shadow a real output
            }
        }
        for (Path created : createdParents) {
            try {
                deleteTree(created);
            } catch (IOException | UncheckedIOException e) {
                // best effort, as above: these folders held only staging output
            }
        }
    }

    private void createMissingParents(String option, Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || Files.exists(parent)) {
            return;
        }
        Path topmost = parent;
        while (topmost.getParent() != null && !Files.exists(topmost.getParent())) {
            topmost = topmost.getParent();
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw BadInputException.of(option, target + ": cannot create folder " + parent + " (" + e + ")");
        }
        createdParents.add(topmost);
    }

    /**
     * Checks that a file can be created at {@code target} (its folder exists and is writable, it is
     * not a folder) without reserving it: for files written outside the staging, such as checkpoints.
     */
    public static void checkWritableFile(String option, Path target) {
        checkTarget(option, target, false);
    }

    private static void checkTarget(String option, Path target, boolean directory) {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw BadInputException.of(option, target + ": folder " + parent + " does not exist");
        }
        if (!Files.isWritable(parent)) {
            throw BadInputException.of(option, target + ": folder " + parent + " is not writable");
        }
        if (!directory && Files.isDirectory(abs)) {
            throw BadInputException.of(option, target + ": is a folder, expected a file name");
        }
        if (directory && Files.exists(abs) && !Files.isDirectory(abs)) {
            throw BadInputException.of(option, target + ": is a file, expected a folder name");
        }
    }

    private static Path sibling(Path target) {
        Path abs = target.toAbsolutePath();
        // a hidden prefix keeps the extension, which decides the format of what is written there
        String name = ".partial-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "." + abs.getFileName();
        return abs.resolveSibling(name);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
