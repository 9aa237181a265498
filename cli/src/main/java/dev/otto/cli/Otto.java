package dev.otto.cli;

import dev.otto.cli.commands.CertifyCommand;
import dev.otto.cli.commands.DemoCommand;
import dev.otto.cli.commands.EvalCommand;
import dev.otto.cli.commands.ExportCommand;
import dev.otto.cli.commands.OtCommand;
import dev.otto.cli.commands.SampleCommand;
import dev.otto.cli.commands.TrainCommand;
import dev.otto.cli.commands.VerifyCommand;
import dev.otto.cli.io.StagedOutputs;
import dev.otto.flows.io.CorruptFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code otto} command: the main job of the project from a terminal. Subcommands train the three
 * families of flows, sample and evaluate saved models, solve transport problems between point
 * clouds, check the theorems of MATH.md, and run a demonstration that writes an HTML report.
 *
 * <p>Exit codes: 0 success; 1 the run failed on valid input (a diverged training run, a theorem
 * check that did not hold); 2 bad input (an unknown option, a missing or corrupt file, a wrong
 * dimension), reported in one line naming the option or file; 3 an internal error (a bug: the
 * stack trace follows when {@code OTTO_DEBUG=1}).
 */
@Command(name = "otto", mixinStandardHelpOptions = true, version = "otto 0.1.0",
        description = "Flow-based generative models on optimal transport: train, sample, evaluate, certify, export, transport, verify.",
        subcommands = {DemoCommand.class, TrainCommand.class, SampleCommand.class, EvalCommand.class, CertifyCommand.class,
            ExportCommand.class, OtCommand.class, VerifyCommand.class, CommandLine.HelpCommand.class})
public final class Otto implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "expected a command: demo, train, sample, eval, certify, export, ot, verify (otto --help lists them)");
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Interrupt.request();
            Interrupt.awaitSettled(30);
            StagedOutputs.closeAllOpen();
        }, "otto-cleanup"));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(args, out, err);
        Interrupt.settle();
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line {@code args} in-process, writing to {@code out} and {@code err}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Otto());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage()
                    + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> report(e, c.getCommandSpec().qualifiedName(), err));
        return cl.execute(args);
    }

    /** One line for the user, and the exit code of the exception's kind. */
    static int report(Exception e, String command, PrintWriter err) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof RunFailedException) {
            err.println(command + ": " + t.getMessage());
            return EXIT_FAILED;
        }
        if (t instanceof BadInputException || t instanceof CorruptFileException || t instanceof IllegalArgumentException) {
            err.println(command + ": " + oneLine(t.getMessage()));
            return EXIT_BAD_INPUT;
        }
        if (t instanceof IOException) {
            err.println(command + ": " + oneLine(t.getClass().getSimpleName() + ": " + t.getMessage()));
            return EXIT_BAD_INPUT;
        }
        err.println(command + ": internal error: " + oneLine(String.valueOf(t))
                + (debug() ? "" : " (set OTTO_DEBUG=1 for the stack trace)"));
        if (debug()) {
            t.printStackTrace(err);
        }
        return EXIT_INTERNAL;
    }

    private static boolean debug() {
        return "1".equals(System.getenv("OTTO_DEBUG"));
    }

    private static String oneLine(String s) {
        return s == null ? "(no message)" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
