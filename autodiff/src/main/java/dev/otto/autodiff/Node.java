package dev.otto.autodiff;

/**
 * One entry of the Wengert list: the operation that produced {@link #output} from {@link #inputs}.
 * The scratch fields are used by one gradient computation at a time (the tape is thread-confined).
 */
final class Node {
    final Tape tape;
    final int index;
    final String op;
    final Tensor[] inputs;
    final BackwardRule rule;
    Tensor output;
    /** The output is private to a library computation (Tape#markPrivate): its buffer is reused after the tape closes. */
    boolean privateOutput;

    // scratch state of the running gradient computation, valid when the stamp equals its epoch
    int dependsStamp = -1;
    int gradStamp = -1;
    Tensor grad;

    Node(Tape tape, int index, String op, Tensor[] inputs, BackwardRule rule) {
        this.tape = tape;
        this.index = index;
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }
}
