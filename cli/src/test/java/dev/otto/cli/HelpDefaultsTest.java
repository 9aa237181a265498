package dev.otto.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option that takes a value and is not required says its default in its help line, so a
 * user never has to read the source to know what an omitted option means. ({@code verify}'s
 * options are left to that command's own tests.)
 */
class HelpDefaultsTest {

    private static void collect(CommandLine cl, List<String> missing) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.name().equals("verify")) {
            return;
        }
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp() || o.required() || o.arity().max() == 0) {
                continue;
            }
            String help = String.join(" ", o.description()).toLowerCase(Locale.ROOT);
            if (!help.contains("default")) {
                missing.add(spec.qualifiedName() + " " + o.longestName());
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, missing);
        }
    }

    @Test
    void everyOptionalValueOptionNamesItsDefault() {
        List<String> missing = new ArrayList<>();
        collect(new CommandLine(new Otto()), missing);
        assertEquals(List.of(), missing);
    }

    @Test
    void trainingBudgetsShowTheFamiliesValues() {
        Cli.Result r = Cli.run("train", "interp", "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("interp 3000") && r.out().contains("jko 512"), r.out());
    }
}
