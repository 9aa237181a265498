package dev.otto.cli;

/**
 * A stand-in for cli/target/otto.jar in {@link LauncherTest}: one line on standard output, a line
 * on standard error written in two pieces, and the exit status given as its argument.
 */
public final class LauncherProbe {

    private LauncherProbe() {
    }

    public static void main(String[] args) {
        System.out.println("probe output");
        System.err.print("probe ");
        System.err.flush();
        System.err.println("diagnostic");
        System.exit(Integer.parseInt(args[0]));
    }
}
