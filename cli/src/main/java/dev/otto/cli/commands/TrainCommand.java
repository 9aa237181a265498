package dev.otto.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code otto train jko|interp|prox}: trains one family and writes a model file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a flow: jko (JKO flow), interp (Gaussian interpolation flow), prox (W1/W2 proximal flow).",
        subcommands = {TrainJko.class, TrainInterp.class, TrainProx.class})
public final class TrainCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a family: jko, interp or prox");
    }
}
