package dev.otto.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * A stand-in for cli/target/otto.jar in {@link LauncherTest}: one line on standard output, a line
 * on standard error written in two pieces, and the exit status given as its first argument; with a
 * second argument "gc", the names of the JVM's garbage collectors on one more output line.
 */
public final class LauncherProbe {

    private LauncherProbe() {
    }

    public static void main(String[] args) {
        System.out.println("probe output");
        if (args.length > 1 && args[1].equals("gc")) {
            StringBuilder names = new StringBuilder();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                names.append(names.length() == 0 ? "" : ", ").append(gc.getName());
            }
            System.out.println(names);
        }
        System.err.print("probe ");
        System.err.flush();
        System.err.println("diagnostic");
        System.exit(Integer.parseInt(args[0]));
    }
}
