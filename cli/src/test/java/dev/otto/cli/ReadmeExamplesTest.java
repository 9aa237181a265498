package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of README.md and docs/library.md compile and run: each fenced {@code java}
 * block becomes the body of a static method (with the imports below), compiled by javac against
 * the test classpath and invoked; a block that throws fails the test.
 */
class ReadmeExamplesTest {

    private static final List<String> IMPORTS = List.of("dev.otto.autodiff.*", "dev.otto.autodiff.nn.*",
            "dev.otto.autodiff.optim.*", "dev.otto.ode.*", "dev.otto.ot.*", "dev.otto.ot.cost.*",
            "dev.otto.ot.sinkhorn.*", "dev.otto.flows.*", "dev.otto.flows.data.*", "dev.otto.flows.interpolation.*",
            "dev.otto.flows.io.*", "dev.otto.flows.loss.*", "java.util.*", "java.nio.file.*");

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    /** The fenced java blocks of a file of the repository (paths relative to its root). */
    static List<String> javaBlocks(String relative) throws IOException {
        Path file = Path.of(System.getProperty("user.dir")).getParent().resolve(relative);
        Matcher m = JAVA_BLOCK.matcher(Files.readString(file));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private void compileAndRun(String name, String body) throws Exception {
        StringBuilder src = new StringBuilder();
        for (String i : IMPORTS) {
            src.append("import ").append(i).append(";\n");
        }
        src.append("public class ").append(name).append(" {\n    public static void run() throws Exception {\n")
                .append(body).append("\n    }\n}\n");
        Path java = dir.resolve(name + ".java");
        Files.writeString(java, src);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, null, List.of("-classpath", classpath, "-d", dir.toString(),
                "-proc:none", "-Xlint:none"), null, javac.getStandardFileManager(null, null, null)
                .getJavaFileObjects(java)).call();
        assertTrue(ok, name + " does not compile:\n" + log + "\n" + src);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass(name).getMethod("run");
            run.invoke(null);
        }
    }

    @Test
    void readmeJavaBlocksCompileAndRun() throws Exception {
        List<String> blocks = javaBlocks("README.md");
        assertFalse(blocks.isEmpty(), "README.md has no java block");
        for (int i = 0; i < blocks.size(); i++) {
            compileAndRun("Readme" + i, blocks.get(i));
        }
    }

    @Test
    void libraryGuideBlocksCompileAndRun() throws Exception {
        List<String> blocks = javaBlocks("docs/library.md");
        assertEquals(5, blocks.size(), "one block per module of docs/library.md, and the transport loss");
        for (int i = 0; i < blocks.size(); i++) {
            compileAndRun("Library" + i, blocks.get(i));
        }
    }
}
