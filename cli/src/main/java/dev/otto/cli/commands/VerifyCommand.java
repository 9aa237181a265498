package dev.otto.cli.commands;

import dev.otto.cli.BadInputException;
import dev.otto.cli.RunFailedException;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.cli.report.JsonWriter;
import dev.otto.cli.report.LedgerReport;
import dev.otto.flows.io.AtomicFiles;
import dev.otto.theory.verify.Catalog;
import dev.otto.theory.verify.TheoremCheck;
import dev.otto.theory.verify.Verdict;
import dev.otto.theory.verify.VerdictTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code otto verify}: checks every statement of docs/MATH.md on generated cases (the theorem
 * catalog of the tests module, {@link Catalog}, with any statements users put on the class path) and
 * prints the ledger: per statement pass/fail, its words, what was measured against which bound, and
 * the worst case with its margin ({@link VerdictTable#ledger}); {@code --brief} prints one line per
 * statement instead, {@code --report DIR} also writes an HTML page with a chart per statement
 * ({@link LedgerReport}). Exit status 1 if any statement does not hold.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the statements of docs/MATH.md on generated cases and print the ledger: per statement "
                + "whether it holds, the statement, what was measured against which bound, and the worst case with its margin.",
            "Statements of your own: implementations of dev.otto.theory.verify.TheoremCheck listed in "
                + "META-INF/services/dev.otto.theory.verify.TheoremCheck of a jar on the class path "
                + "(java -cp otto.jar:mine.jar dev.otto.cli.Otto verify)."})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--budget", defaultValue = "20",
            description = "Generated cases per statement (default ${DEFAULT-VALUE}; 200 for a thorough run).")
    int budget;

    @Option(names = "--only", paramLabel = "IDS",
            description = "Statements to check: ids, modules or MATH.md section numbers, comma separated "
                    + "(e.g. ot.duality or ot,4).")
    String only;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the generated cases (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the verdicts as JSON.")
    Path json;

    @Option(names = "--list", description = "List the statements and exit.")
    boolean list;

    @Option(names = "--brief", description = "One line per statement (id | measured | bound | margin | worst case | holds) "
            + "instead of the ledger.")
    boolean brief;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write an HTML ledger with a chart per statement (DIR/index.html).")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (budget < 1) {
            throw BadInputException.of("--budget", "expected at least 1 case per statement, got " + budget);
        }
        List<TheoremCheck> checks;
        try {
            checks = only == null ? Catalog.all() : Catalog.select(only);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--only", e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (TheoremCheck c : checks) {
                out.println(c.statement().id() + "  (section " + c.statement().section() + ")  " + c.statement().text());
            }
            return 0;
        }
        List<Verdict> verdicts;
        try (StagedOutputs staged = new StagedOutputs()) {
            Path jsonFile = json == null ? null : staged.file("--json", json);
            Path reportDir = report == null ? null : staged.directory("--report", report);
            PrintWriter err = spec.commandLine().getErr();
            int[] done = {0};
            verdicts = Catalog.run(checks, budget, seed, v -> {
                done[0]++;
                err.printf(Locale.ROOT, "verify  %d/%d  %s  %s%n", done[0], checks.size(), v.statement().id(),
                        v.holds() ? "holds" : "DOES NOT HOLD");
                err.flush();
            });
            out.print(brief ? VerdictTable.format(verdicts) : VerdictTable.ledger(verdicts));
            if (reportDir != null) {
                LedgerReport.write(reportDir, checks, verdicts, budget, seed);
            }
            if (jsonFile != null) {
                AtomicFiles.write(jsonFile, ByteBuffer.wrap(JsonWriter.write(json(verdicts)).getBytes(StandardCharsets.UTF_8)));
            }
            staged.commit();
        }
        long failed = verdicts.stream().filter(v -> !v.holds()).count();
        out.printf(Locale.ROOT, "(budget %d cases per statement, seed %d%s)%n", budget, seed,
                report == null ? "" : "; the HTML ledger is " + report.resolve("index.html"));
        if (failed > 0) {
            throw new RunFailedException(failed + " statement(s) did not hold; see the table");
        }
        return 0;
    }

    private Map<String, Object> json(List<Verdict> verdicts) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("budget", budget);
        root.put("seed", seed);
        List<Object> rows = new ArrayList<>();
        for (Verdict v : verdicts) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", v.statement().id());
            r.put("section", v.statement().section());
            r.put("statement", v.statement().text());
            r.put("reference", v.statement().reference());
            r.put("measured", v.measured());
            r.put("relation", v.relation());
            r.put("bound", v.bound());
            r.put("margin", v.slack());
            r.put("worst_case", v.worstCase());
            r.put("holds", v.holds());
            r.put("cases", v.cases());
            r.put("definition", v.definition());
            r.put("seconds", v.seconds());
            rows.add(r);
        }
        root.put("verdicts", rows);
        return root;
    }
}
