package dev.otto.theory.verify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The theorem catalog behind {@code otto verify}: one check per checkable statement of MATH.md, in
 * MATH.md order (sections 1-7), each checked on generated cases at a chosen budget, followed by the
 * statements users add on the class path.
 *
 * <p>Reproducibility: a statement's verdict depends only on its id, the budget and the seed (each
 * check draws from its own random source, derived from the seed and the id), so running a
 * selection gives the same verdicts as running the whole catalog.
 */
public final class Catalog {

    private static final List<TheoremCheck> ALL = build();

    private Catalog() {
    }

    private static List<TheoremCheck> build() {
        List<TheoremCheck> all = new ArrayList<>();
        all.addAll(OptimalTransportChecks.all());
        all.addAll(DifferentiationChecks.all());
        all.addAll(IntegratorChecks.all());
        all.addAll(JkoChecks.all());
        all.addAll(InterpolationChecks.all());
        all.addAll(ProximalChecks.all());
        all.addAll(MetricChecks.all());
        for (TheoremCheck c : ServiceLoader.load(TheoremCheck.class)) {
            all.add(c);
        }
        Set<String> ids = new TreeSet<>();
        for (TheoremCheck c : all) {
            if (!ids.add(c.statement().id())) {
                throw new IllegalStateException("duplicate statement id " + c.statement().id() + " (a statement on the class "
                        + "path, listed in META-INF/services/" + TheoremCheck.class.getName() + ", reuses an id)");
            }
        }
        return List.copyOf(all);
    }

    /**
     * Every check: the built-in statements in MATH.md order, then those found on the class path by
     * {@link ServiceLoader} (implementations of {@link TheoremCheck} listed in
     * {@code META-INF/services/dev.otto.theory.verify.TheoremCheck}, each with a public no-argument
     * constructor), in class-path order.
     */
    public static List<TheoremCheck> all() {
        return ALL;
    }

    /**
     * The check of statement {@code id}.
     *
     * @throws IllegalArgumentException if no statement has that id
     */
    public static TheoremCheck get(String id) {
        for (TheoremCheck c : ALL) {
            if (c.statement().id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("id: no statement " + id + "; known ids " + ids());
    }

    /**
     * The checks named by a filter: ids ("ot.duality"), module prefixes ("ot", "ode") or section
     * numbers ("4"), separated by commas or spaces; a blank filter selects everything. The result
     * keeps MATH.md order and has no duplicates.
     *
     * @throws IllegalArgumentException naming every token that matches no statement
     */
    public static List<TheoremCheck> select(String filter) {
        if (filter == null || filter.isBlank()) {
            return ALL;
        }
        Set<TheoremCheck> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (String token : filter.trim().split("[,\\s]+")) {
            tokens.add(token);
        }
        for (String token : tokens) {
            boolean any = false;
            for (TheoremCheck c : ALL) {
                if (matches(c.statement(), token)) {
                    any = true;
                }
            }
            if (!any) {
                unknown.add(token);
            }
        }
        if (!unknown.isEmpty()) {
            Set<String> modules = new TreeSet<>();
            Set<String> sections = new TreeSet<>();
            for (TheoremCheck c : ALL) {
                modules.add(module(c.statement()));
                sections.add(c.statement().section());
            }
            throw new IllegalArgumentException("filter: unknown statement id, module or section " + unknown
                    + "; known sections " + sections + ", modules " + modules + ", ids " + ids());
        }
        for (TheoremCheck c : ALL) {
            for (String token : tokens) {
                if (matches(c.statement(), token)) {
                    chosen.add(c);
                }
            }
        }
        return List.copyOf(chosen);
    }

    private static boolean matches(Statement s, String token) {
        return s.id().equals(token) || s.section().equals(token) || module(s).equals(token);
    }

    private static String module(Statement s) {
        return s.id().substring(0, s.id().indexOf('.'));
    }

    /** Every statement id, in MATH.md order. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (TheoremCheck c : ALL) {
            ids.add(c.statement().id());
        }
        return ids;
    }

    /**
     * Runs the checks at {@code budget} cases each with the given seed, calling {@code onEach} (if
     * not null) as each verdict is ready. A check that throws gives a verdict with holds = false,
     * measured and bound NaN and the exception in the definition, and the run goes on, so that
     * one broken statement cannot hide the others.
     */
    public static List<Verdict> run(List<TheoremCheck> checks, int budget, long seed, Consumer<Verdict> onEach) {
        if (checks == null) {
            throw new IllegalArgumentException("checks: expected a list of checks, got null");
        }
        if (budget < 1) {
            throw new IllegalArgumentException("budget: expected at least one case per statement, got " + budget);
        }
        List<Verdict> out = new ArrayList<>();
        for (TheoremCheck check : checks) {
            Verdict v = runOne(check, budget, seed);
            out.add(v);
            if (onEach != null) {
                onEach.accept(v);
            }
        }
        return out;
    }

    private static Verdict runOne(TheoremCheck check, int budget, long seed) {
        long start = System.nanoTime();
        try {
            Verdict v = check.run(budget, new SplittableRandom(seedFor(seed, check.statement().id())));
            if (v == null) {
                throw new IllegalStateException("the check returned no verdict");
            }
            return v;
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw e;
            }
            return Verdict.threw(check.statement(), budget, e, (System.nanoTime() - start) * 1e-9);
        }
    }

    /** The seed of one statement's random source: the run's seed mixed with the id (SplitMix64 finaliser). */
    public static long seedFor(long seed, String id) {
        long z = seed ^ (id.hashCode() * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
