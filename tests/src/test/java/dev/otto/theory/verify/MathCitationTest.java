package dev.otto.theory.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every citation of MATH.md in the repository's code and docs resolves in docs/MATH.md: section
 * numbers ("MATH.md section 4", "sections 4-7", "sections 3, 6 and 7", "MATH.md 5"), statement ids
 * (or the certificate check ids of its section "Certificates of trained models") named on a
 * line that speaks of MATH.md, a statement or {@code --only}, in {@code @Tag("...")},
 * {@code StatementCases.assertHolds("...")} and {@code Catalog.get("...")}, and the tokens of
 * {@code --only} examples outside the test sources (ids, modules or section numbers). Other
 * engineers' Javadoc cites "MATH.md section N" for sections 1-7: those numbers stay valid.
 */
class MathCitationTest {

    private static final Pattern SECTIONS = Pattern.compile(
            "MATH\\.md,?\\s+(?:sections?\\s+)?(\\d+(?:\\s*(?:-|,|, and|and|or)\\s*\\d+)*)");
    private static final Pattern NUMBER_OR_RANGE = Pattern.compile("(\\d+)(?:\\s*-\\s*(\\d+))?");
    private static final Pattern ID = Pattern.compile(
            "(?<![\\w.$/-])((?:ot|autodiff|ode|jko|interpolation|proximal|metrics|contracts)\\.(?!(?:json|java|png|npy|csv|html|md|safetensors)\\b)[a-z][a-z0-9-]*)(?![\\w.-])");
    private static final Pattern CODE_ID = Pattern.compile(
            "(?:@Tag|assertHolds|Catalog\\.get)\\(\"([^\"]+)\"");
    private static final Pattern ONLY = Pattern.compile("--only[ =]+\"?([a-z0-9.,-]+)");
    /** The module of the user statement in docs/MATH.md, "Adding a statement": not a MATH.md id by design. */
    private static final String USER_EXAMPLE = "example";
    private static final Set<String> SCANNED = Set.of(".java", ".md", ".sh", ".xml", ".properties", ".txt");

    @Test
    void everyCitationResolves() throws IOException {
        MathDocument math = MathDocument.load();
        List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(math.root)) {
            for (Path f : (Iterable<Path>) files.filter(MathCitationTest::scanned)::iterator) {
                String rel = math.root.relativize(f).toString();
                String[] lines = Files.readString(f).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    for (String problem : problems(lines[i], math, rel.contains("src/test/"))) {
                        broken.add(rel + ":" + (i + 1) + ": " + problem);
                    }
                }
            }
        }
        assertTrue(broken.isEmpty(), broken.size() + " citations of MATH.md do not resolve in docs/MATH.md:\n"
                + String.join("\n", broken));
    }

    @Test
    void theScannerFindsPlantedBadCitations() {
        MathDocument math = MathDocument.load();
        assertEquals(List.of(), problems("see MATH.md section 4, sections 3, 6 and 7; statement `jko.contraction`", math, false));
        assertEquals(List.of(), problems("(MATH.md sections 4-7) and otto verify --only ot,4,jko.contraction", math, false));
        assertEquals(1, problems("see MATH.md section 12", math, false).size());
        assertEquals(3, problems("MATH.md sections 6-11", math, false).size(), "sections 9, 10 and 11 do not exist");
        assertEquals(1, problems("the statement jko.contractoin", math, false).size());
        assertEquals(1, problems("@Tag(\"ot.dualty\")", math, true).size());
        assertEquals(1, problems("./otto verify --only ot,44", math, false).size());
        assertEquals(List.of(), problems("writes metrics.json (MATH.md section 7)", math, false), "file names are not ids");
        assertEquals(List.of(), problems("new Check(\"jko.w2-decay[\" + k + \"]\", \"MATH.md 4\")", math, false),
                "certificate check ids and the short form \"MATH.md 4\" resolve");
        assertEquals(1, problems("Check.atMost(\"jko.w2-decay-typo\", \"MATH.md 4\")", math, false).size());
        assertEquals(1, problems("\"MATH.md 12 regularity\"", math, false).size(), "the short form is checked too");
    }

    /** The citations on one line that do not resolve. */
    static List<String> problems(String line, MathDocument math, boolean testSource) {
        List<String> out = new ArrayList<>();
        Matcher s = SECTIONS.matcher(line);
        while (s.find()) {
            Matcher n = NUMBER_OR_RANGE.matcher(s.group(1));
            while (n.find()) {
                int lo = Integer.parseInt(n.group(1));
                int hi = n.group(2) == null ? lo : Integer.parseInt(n.group(2));
                for (int k = lo; k <= hi; k++) {
                    if (!math.sections.contains(Integer.toString(k))) {
                        out.add("section " + k + " (in \"" + s.group() + "\")");
                    }
                }
            }
        }
        if (line.contains("MATH.md") || line.toLowerCase().contains("statement") || line.contains("--only")) {
            Matcher m = ID.matcher(line);
            while (m.find()) {
                if (!math.resolves(m.group(1))) {
                    out.add("id " + m.group(1));
                }
            }
        }
        Matcher c = CODE_ID.matcher(line);
        while (c.find()) {
            if (!math.ids.contains(c.group(1))) {
                out.add("id " + c.group(1) + " (in \"" + c.group() + "\")");
            }
        }
        if (!testSource) {
            Matcher o = ONLY.matcher(line);
            while (o.find()) {
                for (String token : o.group(1).split(",")) {
                    if (!token.isEmpty() && !math.ids.contains(token) && !math.sections.contains(token)
                            && !MathDocument.MODULES.contains(token) && !token.startsWith(USER_EXAMPLE)) {
                        out.add("--only token " + token);
                    }
                }
            }
        }
        return out;
    }

    private static boolean scanned(Path f) {
        String s = f.toString().replace('\\', '/');
        if (s.contains("/target/") || s.contains("/.git/") || s.contains("/otto-demo/") || !Files.isRegularFile(f)
                || s.endsWith("/MathCitationTest.java")) { // its own planted bad citations
            return false;
        }
        for (String ext : SCANNED) {
            if (s.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }
}
