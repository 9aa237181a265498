package dev.otto.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.cli.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All-or-nothing outputs: nothing appears before commit, nothing is left after a failure. */
class StagedOutputsTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailureHalfWayLeavesNothingAndKeepsTheOldFile() throws IOException {
        Files.writeString(dir.resolve("a.npy"), "old");
        try (StagedOutputs out = new StagedOutputs()) {
            Files.writeString(out.file("--a", dir.resolve("a.npy")), "new");
            Path report = out.directory("--r", dir.resolve("report"));
            Files.writeString(report.resolve("index.html"), "x");
            // no commit: as if the command failed here
        }
        assertEquals(List.of("a.npy"), names());
        assertEquals("old", Files.readString(dir.resolve("a.npy")));
    }

    @Test
    void commitMovesEverythingInPlaceAndReplacesAnOldReport() throws IOException {
        Files.createDirectory(dir.resolve("report"));
        Files.writeString(dir.resolve("report/stale.png"), "old");
        try (StagedOutputs out = new StagedOutputs()) {
            Path file = out.file("--a", dir.resolve("a.csv"));
            assertTrue(file.getFileName().toString().endsWith(".a.csv"), "the staging name keeps the extension: " + file);
            Files.writeString(file, "new");
            Files.writeString(out.directory("--r", dir.resolve("report")).resolve("index.html"), "x");
            out.commit();
        }
        assertEquals(List.of("a.csv", "report"), names());
        assertTrue(Files.exists(dir.resolve("report/index.html")));
        assertFalse(Files.exists(dir.resolve("report/stale.png")));
    }

    @Test
    void targetsAreCheckedBeforeAnyWork() throws IOException {
        Files.createDirectory(dir.resolve("folder"));
        try (StagedOutputs out = new StagedOutputs()) {
            assertThrows(BadInputException.class, () -> out.file("--out", dir.resolve("folder")));
            assertThrows(BadInputException.class, () -> out.file("--out", dir.resolve("missing/x.npy")));
            Files.writeString(dir.resolve("plain"), "");
            assertThrows(BadInputException.class, () -> out.directory("--report", dir.resolve("plain")));
        }
    }

    @Test
    void anOutputFolderGetsItsMissingParentsWhichAFailureRemovesAgain() throws IOException {
        try (StagedOutputs out = new StagedOutputs()) {
            Files.writeString(out.directory("--r", dir.resolve("runs/a/report")).resolve("index.html"), "x");
        }
        assertEquals(List.of(), names(), "a failed command leaves no folder it created");
        try (StagedOutputs out = new StagedOutputs()) {
            Files.writeString(out.directory("--r", dir.resolve("runs/a/report")).resolve("index.html"), "x");
            out.commit();
        }
        assertTrue(Files.exists(dir.resolve("runs/a/report/index.html")));
    }

    @Test
    void aFileInTheWayOfTheParentsIsReported() throws IOException {
        Files.writeString(dir.resolve("plain"), "");
        try (StagedOutputs out = new StagedOutputs()) {
            assertThrows(BadInputException.class, () -> out.directory("--r", dir.resolve("plain/sub/report")));
        }
        assertEquals(List.of("plain"), names());
    }
}
