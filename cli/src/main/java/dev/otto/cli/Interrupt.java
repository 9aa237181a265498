package dev.otto.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during training. The launcher's shutdown hook calls {@link #request()}; trainers poll
 * {@link #requested()} after every iteration, write their checkpoint and return; the hook waits (a
 * bounded time) for the command to {@link #settle()} before the JVM exits, so the checkpoint on disk
 * is complete and a later {@code --resume} continues from it.
 */
public final class Interrupt {

    private static volatile boolean requested;
    private static volatile boolean cooperative;
    private static final CountDownLatch SETTLED = new CountDownLatch(1);

    private Interrupt() {
    }

    /** Asks running work to stop at its next safe point. */
    public static void request() {
        requested = true;
    }

    /** Whether a stop was asked for. */
    public static boolean requested() {
        return requested;
    }

    /**
     * Declares that the running work polls {@link #requested()}: only then does the shutdown hook
     * wait for it (work that cannot stop early is not waited for).
     */
    public static void expectCooperation() {
        cooperative = true;
    }

    /** Called by a command once it has written what it must (or when it ends anyway). */
    public static void settle() {
        SETTLED.countDown();
    }

    /** Waits at most {@code seconds} for {@link #settle()}. */
    static void awaitSettled(long seconds) {
        if (!cooperative) {
            return;
        }
        try {
            SETTLED.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
