package dev.otto.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A Wengert list: the operations executed inside a recording scope, appended in execution order,
 * so that the backward pass is a plain reverse loop (no recursion, no topological re-sort).
 *
 * <p>Recording is thread-confined and scoped. Each thread keeps a stack of frames:
 * <pre>{@code
 * try (Scope s = Tape.record()) {        // operations on this thread are recorded
 *     Tensor loss = model.loss(batch);
 *     List<Tensor> g = Gradients.grad(loss, params);
 * }                                       // the tape is released here
 *
 * try (Scope s = Tape.noGrad()) {        // nothing is recorded, the raw kernels run
 *     Tensor samples = flow.sample(1000, rng);
 * }
 * }</pre>
 * {@link #record()} inside a recording scope is re-entrant: it joins the tape already open, so
 * library code (for example an exact divergence) can ask for recording without cutting the caller's
 * graph. Inside a no-grad scope it opens a fresh tape of its own. Closing the scope that opened a
 * tape releases every node; tensors that were produced on it behave as constants afterwards, except
 * the intermediates a library computation declared private ({@link #markPrivate}), which nobody
 * else can reach and whose buffers go back to the thread's {@link BufferPool}.
 */
public final class Tape {

    private static final ThreadLocal<ArrayDeque<Frame>> FRAMES = ThreadLocal.withInitial(ArrayDeque::new);

    private final List<Node> nodes = new ArrayList<>();
    private final Thread owner = Thread.currentThread();
    private boolean closed;
    private int epoch;

    private Tape() {
    }

    /** Opens (or joins) a recording scope on the calling thread. */
    public static Scope record() {
        ArrayDeque<Frame> frames = FRAMES.get();
        Frame top = frames.peek();
        Frame frame = top != null && top.tape != null ? new Frame(top.tape, false) : new Frame(new Tape(), true);
        frames.push(frame);
        return new Scope(frame);
    }

    /** Opens a scope in which nothing is recorded on the calling thread. */
    public static Scope noGrad() {
        Frame frame = new Frame(null, false);
        FRAMES.get().push(frame);
        return new Scope(frame);
    }

    /** True when operations executed now on this thread are recorded. */
    public static boolean isRecording() {
        Frame top = FRAMES.get().peek();
        return top != null && top.tape != null;
    }

    /** The tape operations are recorded on now, or {@code null}. */
    static Tape current() {
        Frame top = FRAMES.get().peek();
        return top == null ? null : top.tape;
    }

    /** Opens a scope that records on {@code tape} (used by a graph-creating backward pass). */
    static Scope resume(Tape tape) {
        Frame frame = new Frame(tape, false);
        FRAMES.get().push(frame);
        return new Scope(frame);
    }

    /** Number of operations recorded so far on the tape of the current scope (0 when not recording). */
    public static int currentSize() {
        Tape tape = current();
        return tape == null ? 0 : tape.nodes.size();
    }

    /**
     * Declares the operations recorded on the current tape since {@code from} (a {@link #currentSize()}
     * read before they ran) private to the calling computation, except the {@code results} it hands
     * out: when the tape closes their output buffers go back to the thread's {@link BufferPool}.
     * The caller guarantees that no tensor recorded since {@code from} other than the results (and
     * tensors sharing their buffers) can be reached once it returns: it neither stores nor returns
     * them. Does nothing when nothing is recorded.
     */
    public static void markPrivate(int from, Tensor... results) {
        Tape tape = current();
        if (tape == null) {
            return;
        }
        if (from < 0 || from > tape.nodes.size()) {
            throw new IllegalArgumentException("from: expected a tape position in [0, " + tape.nodes.size()
                    + "], got " + from);
        }
        for (int i = from; i < tape.nodes.size(); i++) {
            Node node = tape.nodes.get(i);
            node.privateOutput = !sharesBuffer(node.output, results);
        }
    }

    private static boolean sharesBuffer(Tensor t, Tensor[] results) {
        for (Tensor r : results) {
            if (r.data == t.data) {
                return true;
            }
        }
        return false;
    }

    Node append(String op, Tensor[] inputs, BackwardRule rule) {
        if (closed) {
            throw new IllegalStateException("tape is closed");
        }
        Node node = new Node(this, nodes.size(), op, inputs, rule);
        nodes.add(node);
        return node;
    }

    Node node(int index) {
        return nodes.get(index);
    }

    int size() {
        return nodes.size();
    }

    boolean isOpen() {
        return !closed && Thread.currentThread() == owner;
    }

    int nextEpoch() {
        return ++epoch;
    }

    private void release() {
        closed = true;
        Set<double[]> given = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes) {
            n.grad = null;
            if (n.privateOutput && given.add(n.output.data)) {
                BufferPool.release(n.output.data);
            }
            n.privateOutput = false;
        }
        nodes.clear();
    }

    private static final class Frame {
        final Tape tape;
        final boolean owns;

        Frame(Tape tape, boolean owns) {
            this.tape = tape;
            this.owns = owns;
        }
    }

    /** A recording or no-grad scope; close it (try-with-resources) on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final Frame frame;
        private boolean closed;

        private Scope(Frame frame) {
            this.frame = frame;
        }

        /** True for a recording scope, false for a no-grad scope. */
        public boolean isRecording() {
            return frame.tape != null;
        }

        /** True when this scope joined a tape that an enclosing scope had opened. */
        public boolean joinedCallerTape() {
            return frame.tape != null && !frame.owns;
        }

        /** Number of operations on this scope's tape so far (0 for a no-grad scope). */
        public int size() {
            return frame.tape == null ? 0 : frame.tape.size();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            ArrayDeque<Frame> frames = FRAMES.get();
            if (frames.peek() != frame) {
                throw new IllegalStateException("scopes must be closed in reverse order of opening, on the thread that opened them");
            }
            frames.pop();
            closed = true;
            if (frame.owns) {
                frame.tape.release();
            }
        }
    }
}
