package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code otto} launcher drops the JVM's "WARNING: Using incubator modules: jdk.incubator.vector"
 * line and nothing else: standard output, the rest of standard error and the exit status are the
 * program's. The launcher is copied beside a stand-in jar ({@link LauncherProbe}, reached through
 * the jar's Class-Path), so the test neither builds nor runs the real command.
 */
class LauncherTest {

    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    private static final Path BASH = Path.of("/bin/bash");

    @TempDir
    Path root;

    @Test
    void theIncubatorWarningIsDroppedAndEverythingElseKept() throws Exception {
        Run r = launch("3");
        assertEquals(3, r.status);
        assertEquals("probe output\n", r.out);
        assertEquals("probe diagnostic\n", r.err);
        assertFalse(r.err.contains(WARNING), r.err);
    }

    @Test
    void linesTheJvmPrintsBeforeTheWarningAreKept() throws Exception {
        Run r = launch("0", "JAVA_TOOL_OPTIONS", "-Xss2m");
        assertEquals(0, r.status);
        assertEquals("Picked up JAVA_TOOL_OPTIONS: -Xss2m\nprobe diagnostic\n", r.err);
    }

    @Test
    void theParallelCollectorIsTheDefaultAndOttoJavaOptsReplacesIt() throws Exception {
        Run parallel = launch(new String[] {"0", "gc"});
        assertTrue(parallel.out.startsWith("probe output\n") && parallel.out.contains("PS Scavenge"), parallel.out);
        Run g1 = launch(new String[] {"0", "gc"}, "OTTO_JAVA_OPTS", "-XX:+UseG1GC -Xss2m");
        assertTrue(g1.out.contains("G1 ") && !g1.out.contains("PS "), g1.out);
        Run none = launch(new String[] {"0", "gc"}, "OTTO_JAVA_OPTS", "");
        assertEquals(0, none.status, none.err);
    }

    private record Run(int status, String out, String err) {
    }

    private Run launch(String status, String... env) throws IOException, InterruptedException {
        return launch(new String[] {status}, env);
    }

    private Run launch(String[] args, String... env) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(BASH), "skipped: the launcher is a bash script and /bin/bash is missing");
        Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("otto");
        Files.copy(launcher, root.resolve("otto"), StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        Path target = Files.createDirectories(root.resolve("cli/target"));
        writeProbeJar(target.resolve("otto.jar"));
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        List<String> command = new ArrayList<>(List.of(BASH.toString(), root.resolve("otto").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("OTTO_JAVA_OPTS");
        for (int k = 0; k < env.length; k += 2) {
            pb.environment().put(env[k], env[k + 1]);
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A jar whose manifest runs LauncherProbe from this module's test classes. */
    private static void writeProbeJar(Path jar) throws IOException {
        Path classes = Path.of(LauncherProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, mf)) {
            j.flush();
        }
    }
}
