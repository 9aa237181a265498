package dev.otto.autodiff;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A per-thread free list of the large {@code double[]} buffers that operations write their results
 * into, keyed by length. A training step of a network allocates the same few shapes over and over
 * (a JKO step on the reference block: about 1.5 GB of 2000 x 128 arrays, 2 MB each); handing a
 * buffer that nobody can reach any more to the next operation of the same length spares the
 * collector the copying of a live tape and the first touch of fresh memory. The arithmetic does
 * not change: a recycled buffer is either overwritten entry by entry ({@link #acquire}) or cleared
 * ({@link #acquireZeroed}) for kernels that accumulate into it, so results are the same bits with
 * the pool on or off.
 *
 * <p>Buffers come back at two moments only, each where no user can still hold them:
 * <ul>
 *   <li>when the tape that recorded an operation is closed, for the outputs of operations that
 *       the library declared private to one of its computations ({@link Tape#markPrivate}: the
 *       layers and tangents inside a divergence, never the tensors it returns);</li>
 *   <li>during a first-order backward pass ({@link Gradients}), for an intermediate gradient that
 *       the pass itself allocated once no slot of the pass holds it any more (the pass counts its
 *       holders; seeds, results and forward values are never given back).</li>
 * </ul>
 * Only buffers of at least {@link #MIN_LENGTH} entries are pooled (smaller ones are cheap to
 * allocate), and a thread holds at most {@link #threadCapacityBytes()} bytes of free buffers
 * (default 512 MB, {@code -Dotto.bufferPoolMB}, at most an eighth of the heap; 0 turns the pool
 * off); when it is full, the lengths asked for longest ago make room, and a buffer that still does
 * not fit is left to the collector. The lists are per thread because a tape is:
 * only threads that close tapes or run backward passes hold any.
 */
public final class BufferPool {

    /** Buffers shorter than this are allocated fresh and never pooled. */
    static final int MIN_LENGTH = 4096;

    /** 512 MB ({@code -Dotto.bufferPoolMB}), but never more than an eighth of the heap. */
    private static final long DEFAULT_CAPACITY = Math.min(Math.max(0L, Long.getLong("otto.bufferPoolMB", 512L)) << 20,
            Runtime.getRuntime().maxMemory() / 8);
    /** Lengths whose last request is remembered beyond those with free buffers (shapes that vary a lot). */
    private static final int MAX_LENGTHS_REMEMBERED = 1024;
    private static final ThreadLocal<BufferPool> POOLS = ThreadLocal.withInitial(BufferPool::new);

    private final Map<Integer, ArrayDeque<double[]>> free = new HashMap<>();
    /** Per length, the {@link #clock} of its last request: the lengths asked for longest ago go first. */
    private final Map<Integer, Long> lastAsked = new HashMap<>();
    private long clock;
    private long capacityBytes = DEFAULT_CAPACITY;
    private long heldBytes;
    /** Buffers handed out while a backward pass runs on this thread (null when none runs). */
    private WeakHashMap<double[], Boolean> passLog;

    private BufferPool() {
    }

    /** A buffer of {@code length} entries with arbitrary contents: the caller writes every entry. */
    static double[] acquire(int length) {
        if (length < MIN_LENGTH) {
            return new double[length];
        }
        return POOLS.get().take(length, false);
    }

    /** A buffer of {@code length} zeros, for kernels that accumulate into their output. */
    static double[] acquireZeroed(int length) {
        if (length < MIN_LENGTH) {
            return new double[length];
        }
        return POOLS.get().take(length, true);
    }

    /**
     * Gives a buffer back to the calling thread's free list. The caller guarantees that nothing can
     * read or write it any more and that it is given back once.
     */
    static void release(double[] buffer) {
        if (buffer.length >= MIN_LENGTH) {
            POOLS.get().put(buffer);
        }
    }

    /**
     * Starts logging the buffers handed out on this thread, for a backward pass that gives back
     * its own intermediates; returns the log it replaces (restore it with {@link #endPassLog}).
     */
    static WeakHashMap<double[], Boolean> beginPassLog() {
        BufferPool pool = POOLS.get();
        WeakHashMap<double[], Boolean> previous = pool.passLog;
        pool.passLog = new WeakHashMap<>();
        return previous;
    }

    /** True when {@code buffer} was handed out since the current pass log began. */
    static boolean fromPassLog(double[] buffer) {
        WeakHashMap<double[], Boolean> log = POOLS.get().passLog;
        return log != null && log.containsKey(buffer);
    }

    /** Gives back a buffer of the current pass log, and forgets it there (so it cannot come back twice). */
    static void releaseFromPassLog(double[] buffer) {
        BufferPool pool = POOLS.get();
        if (pool.passLog != null && pool.passLog.remove(buffer) != null) {
            pool.put(buffer);
        }
    }

    static void endPassLog(WeakHashMap<double[], Boolean> previous) {
        POOLS.get().passLog = previous;
    }

    /** The most bytes of free buffers the calling thread keeps. */
    public static long threadCapacityBytes() {
        return POOLS.get().capacityBytes;
    }

    /**
     * Sets the most bytes of free buffers the calling thread keeps (0 turns pooling off for the
     * thread) and drops what it holds beyond that.
     */
    public static void setThreadCapacityBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: expected a capacity of at least 0, got " + bytes);
        }
        BufferPool pool = POOLS.get();
        pool.capacityBytes = bytes;
        if (pool.heldBytes > bytes) {
            pool.free.clear();
            pool.heldBytes = 0;
        }
    }

    /** Bytes of free buffers the calling thread holds now. */
    public static long threadHeldBytes() {
        return POOLS.get().heldBytes;
    }

    private double[] take(int length, boolean zeroed) {
        if (lastAsked.size() > MAX_LENGTHS_REMEMBERED) {
            lastAsked.keySet().retainAll(free.keySet());
        }
        lastAsked.put(length, ++clock);
        ArrayDeque<double[]> list = free.get(length);
        double[] buffer = list == null ? null : list.pollLast();
        if (buffer == null) {
            buffer = new double[length];
        } else {
            heldBytes -= 8L * length;
            if (zeroed) {
                java.util.Arrays.fill(buffer, 0.0);
            }
        }
        if (passLog != null) {
            passLog.put(buffer, Boolean.TRUE);
        }
        return buffer;
    }

    /**
     * Keeps a buffer within the capacity. When full, the buffers of lengths asked for less recently
     * than this one make room (a program that moves on to other shapes, such as the demo going from
     * one family to the next, does not keep the old shapes' buffers); otherwise the buffer is left
     * to the collector.
     */
    private void put(double[] buffer) {
        long bytes = 8L * buffer.length;
        if (bytes > capacityBytes) {
            return;
        }
        long asked = lastAsked.getOrDefault(buffer.length, 0L);
        while (heldBytes + bytes > capacityBytes) {
            if (!evictOneOlderThan(asked)) {
                return;
            }
        }
        free.computeIfAbsent(buffer.length, k -> new ArrayDeque<>()).addLast(buffer);
        heldBytes += bytes;
    }

    /** Drops the free buffers of the length asked for longest ago, if before {@code asked}. */
    private boolean evictOneOlderThan(long asked) {
        Integer oldest = null;
        long oldestAsked = asked;
        for (Map.Entry<Integer, ArrayDeque<double[]>> e : free.entrySet()) {
            long at = lastAsked.getOrDefault(e.getKey(), 0L);
            if (!e.getValue().isEmpty() && at < oldestAsked) {
                oldest = e.getKey();
                oldestAsked = at;
            }
        }
        if (oldest == null) {
            return false;
        }
        ArrayDeque<double[]> dropped = free.remove(oldest);
        heldBytes -= 8L * oldest * dropped.size();
        return true;
    }
}
