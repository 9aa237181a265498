package dev.otto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages of the ot module form no cycle: the graph "package p names a class of package q"
 * over the main sources (imports and fully qualified names, comments excluded, so Javadoc links do
 * not count) is acyclic, and {@code dev.otto.ot.internal} depends on no other ot package.
 */
class PackageCycleTest {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.otto\\.ot(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void otPackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> uses = dependencies(Path.of("src/main/java/dev/otto/ot"));
        assertTrue(uses.containsKey("dev.otto.ot.sinkhorn"), "sources not found: " + uses.keySet());
        List<String> cycle = findCycle(uses);
        assertEquals(List.of(), cycle, "package cycle in ot; dependencies: " + uses);
        assertEquals(Set.of(), uses.get("dev.otto.ot.internal"), "internal must depend on no other ot package");
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", Set.of("b"));
        g.put("b", Set.of("c"));
        g.put("c", Set.of("a"));
        g.put("d", Set.of("a"));
        assertEquals(List.of("a", "b", "c", "a"), findCycle(g));
        g.put("c", Set.of());
        assertEquals(List.of(), findCycle(g));
    }

    /** For each package of the tree, the other ot packages its sources name. */
    static Map<String, Set<String>> dependencies(Path root) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path f : files) {
            String code = COMMENT.matcher(Files.readString(f)).replaceAll(" ");
            Matcher pm = PACKAGE.matcher(code);
            if (!pm.find()) {
                continue;
            }
            String pkg = pm.group(1);
            Set<String> out = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher rm = REFERENCE.matcher(code);
            while (rm.find()) {
                String q = rm.group(1);
                if (!q.equals(pkg)) {
                    out.add(q);
                }
            }
        }
        return uses;
    }

    /** A cycle of the graph as a closed path (first node repeated at the end), or an empty list. */
    static List<String> findCycle(Map<String, Set<String>> g) {
        Map<String, Integer> state = new TreeMap<>();
        for (String start : g.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> c = visit(start, g, state, path);
            if (!c.isEmpty()) {
                return c;
            }
        }
        return List.of();
    }

    /** Depth-first search; state 1 = on the current path, 2 = finished. */
    private static List<String> visit(String v, Map<String, Set<String>> g, Map<String, Integer> state,
                                      List<String> path) {
        Integer s = state.get(v);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> c = new ArrayList<>(path.subList(path.indexOf(v), path.size()));
            c.add(v);
            return c;
        }
        state.put(v, 1);
        path.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            List<String> c = visit(w, g, state, path);
            if (!c.isEmpty()) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        state.put(v, 2);
        return List.of();
    }
}
