package dev.otto.theory.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ledger is complete in both directions: every statement of the catalogue has its block in
 * docs/MATH.md; every jqwik property (and example) of the theory suite carries the id of the
 * statement it checks ({@code @Tag("jko.contraction")}, on the method or its class) and that id is
 * defined in docs/MATH.md; and every id of docs/MATH.md, except those reserved for properties
 * being written, has at least one property. The package {@code dev.otto.theory.verify} is exempt:
 * its properties check the ledger's machinery, not a statement.
 */
class LedgerCoverageTest {

    private static final String EXEMPT = LedgerCoverageTest.class.getPackageName() + ".";

    @Test
    void everyIdHasAPropertyAndEveryPropertyAnId() throws Exception {
        MathDocument math = MathDocument.load();
        Map<String, Set<String>> tagged = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Method m : properties()) {
            String name = m.getDeclaringClass().getSimpleName() + "." + m.getName();
            Set<String> ids = new TreeSet<>();
            for (Tag t : m.getDeclaringClass().getAnnotationsByType(Tag.class)) {
                ids.add(t.value());
            }
            for (Tag t : m.getAnnotationsByType(Tag.class)) {
                ids.add(t.value());
            }
            if (ids.isEmpty()) {
                problems.add(name + " carries no statement id (@Tag(\"<id>\") with an id of docs/MATH.md)");
            }
            for (String id : ids) {
                if (!math.ids.contains(id)) {
                    problems.add(name + " is tagged " + id + ", which docs/MATH.md does not define");
                }
                tagged.computeIfAbsent(id, k -> new TreeSet<>()).add(name);
            }
        }
        for (String id : Catalog.ids()) {
            if (!math.ids.contains(id)) {
                problems.add("catalogue statement " + id + " has no block in docs/MATH.md");
            }
        }
        for (String id : math.ids) {
            if (!math.reserved.contains(id) && !tagged.containsKey(id)) {
                problems.add(id + " (docs/MATH.md) has no property tagged with it");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(tagged.size() >= Catalog.ids().size(), "the scan found the properties: " + tagged.keySet());
    }

    /** The @Property and @Example methods of the compiled test classes outside the exempt package. */
    private static List<Method> properties() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(LedgerCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Method> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path f : files) {
            String name = classes.relativize(f).toString().replace('\\', '/').replace('/', '.');
            name = name.substring(0, name.length() - ".class".length());
            if (name.startsWith(EXEMPT)) {
                continue;
            }
            Class<?> c = Class.forName(name, false, LedgerCoverageTest.class.getClassLoader());
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Property.class) || m.isAnnotationPresent(Example.class)) {
                    out.add(m);
                }
            }
        }
        return out;
    }
}
