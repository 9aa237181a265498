package dev.otto.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Runs the otto command in-process and captures what it prints. */
final class Cli {

    record Result(int code, String out, String err) {
        /** The non-empty lines of standard error. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Otto.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Runs {@code head} followed by each case's arguments and asserts a bad-input exit with one error
     * line naming the case's last entry (the option as typed), and that {@code output} was not written.
     */
    static void assertEachRefused(String[] head, Path output, String[][] cases) {
        for (String[] c : cases) {
            String[] args = new String[head.length + c.length - 1];
            System.arraycopy(head, 0, args, 0, head.length);
            System.arraycopy(c, 0, args, head.length, c.length - 1);
            Result r = run(args);
            org.junit.jupiter.api.Assertions.assertEquals(Otto.EXIT_BAD_INPUT, r.code(), r.toString());
            org.junit.jupiter.api.Assertions.assertEquals(1, r.errLines().size(), r.toString());
            org.junit.jupiter.api.Assertions.assertTrue(r.errLines().get(0).contains(c[c.length - 1]), r.toString());
            org.junit.jupiter.api.Assertions.assertFalse(Files.exists(output), output::toString);
        }
    }

    /** Every file and folder under {@code dir}, relative, sorted (hidden staging names included). */
    static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
