package dev.otto.cli.commands;

import dev.otto.cli.io.Reading;
import dev.otto.flows.io.Csv;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --header} / {@code --no-header}: whether the first line of a .csv input names its columns. */
public final class HeaderOption {

    @Option(names = "--header", negatable = true,
            description = "The first line of a .csv input names the columns (--header) or is data (--no-header);"
                    + " default: a header only when none of its fields is a number.")
    Boolean header;

    /** How the command reads its matrices, with conversion notes printed to {@code err}. */
    Reading reading(PrintWriter err) {
        Csv.Header rule = header == null ? Csv.Header.AUTO : header ? Csv.Header.PRESENT : Csv.Header.ABSENT;
        return new Reading(rule, err);
    }
}
