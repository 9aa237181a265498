package dev.otto.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.WeakHashMap;

/**
 * Functional reverse-mode gradients (MATH.md section 2): {@code grad(outputs, inputs, gradOutputs,
 * createGraph)} returns sum_k gradOutputs_k^T d outputs_k / d input for every input, and never
 * accumulates into parameters.
 *
 * <p>The backward pass is one reverse loop over the tape between the earliest input and the latest
 * output; only operations that depend on a requested input do any work, and an operation's rule is
 * asked only for the input gradients that lead somewhere. With {@code createGraph} the rules run as
 * recorded operations on the same tape, so the returned gradients can be differentiated again
 * (Hessian-vector products, gradients of divergences and of gradient penalties).
 *
 * <p>Conventions:
 * <ul>
 *   <li>An input that an output does not depend on gets a zero gradient of the input's shape
 *       (PyTorch would return None or raise; zeros compose with the optimisers without checks).</li>
 *   <li>Derivatives are total: with inputs x and h = f(x), the gradient in x includes the paths
 *       through h.</li>
 *   <li>A null {@code gradOutputs} (or a null entry) means ones of the output's shape.</li>
 *   <li>Calling it outside any recording scope, for outputs that were not recorded, is an error
 *       (an {@link IllegalStateException} telling to open {@link Tape#record()}).</li>
 * </ul>
 *
 * <p>Memory. A first-order pass gives the buffers of its own intermediate gradients back to the
 * thread's {@link BufferPool} as soon as it is done with them: it counts, per buffer, the gradient
 * slots (operations' and leaves' accumulated gradients) that hold it, and once an operation's
 * backward rule has run and its results are accumulated, every buffer that the pass allocated and
 * no slot holds any more is given back. Seeds, forward values and the returned gradients are never
 * given back; a pass that records its backward ({@code createGraph}) gives back nothing.
 */
public final class Gradients {

    private Gradients() {
    }

    /** Gradient of a scalar (or summed) output in each input, first order. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs) {
        return grad(List.of(output), inputs, null, false);
    }

    /** Gradient of a scalar (or summed) output in one input, first order. */
    public static Tensor grad(Tensor output, Tensor input) {
        return grad(List.of(output), List.of(input), null, false).get(0);
    }

    /** Gradient of one output with a given output gradient (a vector-Jacobian product). */
    public static Tensor grad(Tensor output, Tensor input, Tensor gradOutput, boolean createGraph) {
        // a null gradOutput means ones, as in the general form (List.of would reject the null)
        return grad(List.of(output), List.of(input), gradOutput == null ? null : List.of(gradOutput), createGraph)
                .get(0);
    }

    /**
     * The general form.
     *
     * @param outputs     tensors computed inside a recording scope
     * @param inputs      tensors to differentiate in (leaves such as parameters, or intermediates)
     * @param gradOutputs one per output, of the output's shape; null for all ones
     * @param createGraph record the backward pass so that the result is differentiable again
     * @return one gradient per input, of the input's shape
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean createGraph) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("outputs: expected at least one output, got none");
        }
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("gradOutputs: expected " + outputs.size() + " entries (one per output), got "
                    + gradOutputs.size());
        }
        Tape tape = commonTape(outputs);
        if (tape == null && Tape.current() == null) {
            throw new IllegalStateException("grad: no output was recorded; compute the outputs inside "
                    + "try (Tape.Scope s = Tape.record()) { ... }");
        }
        List<Tensor> seeds = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
            Tensor out = outputs.get(k);
            Tensor seed = gradOutputs == null ? null : gradOutputs.get(k);
            if (seed == null) {
                seed = Tensor.ones(out.rows, out.cols);
            } else if (!seed.sameShape(out)) {
                throw new IllegalArgumentException("gradOutputs: entry " + k + " has shape " + seed.shape()
                        + " but output " + k + " has shape " + out.shape());
            }
            seeds.add(seed);
        }
        if (tape == null) {
            return constantOutputs(outputs, inputs, seeds, createGraph);
        }
        if (createGraph) {
            try (Tape.Scope mode = Tape.resume(tape)) {
                return new Pass(tape, inputs, false).run(outputs, seeds);
            }
        }
        WeakHashMap<double[], Boolean> outerLog = BufferPool.beginPassLog();
        try (Tape.Scope mode = Tape.noGrad()) {
            return new Pass(tape, inputs, true).run(outputs, seeds);
        } finally {
            BufferPool.endPassLog(outerLog);
        }
    }

    private static Tape commonTape(List<Tensor> outputs) {
        Tape tape = null;
        for (Tensor out : outputs) {
            if (out.isRecorded()) {
                if (tape != null && tape != out.node.tape) {
                    throw new IllegalArgumentException("outputs: recorded on different tapes");
                }
                tape = out.node.tape;
            }
        }
        return tape;
    }

    /** No output was recorded: only an output that is itself an input has a nonzero gradient. */
    private static List<Tensor> constantOutputs(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> seeds,
                                                boolean createGraph) {
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            Tensor g = null;
            for (int k = 0; k < outputs.size(); k++) {
                if (outputs.get(k) == in) {
                    g = g == null ? seeds.get(k) : g.add(seeds.get(k));
                }
            }
            result.add(g == null ? Tensor.zeros(in.rows, in.cols) : g);
        }
        return result;
    }

    /** One backward pass over a tape. */
    private static final class Pass {
        private final Tape tape;
        private final List<Tensor> inputs;
        private final int epoch;
        private final IdentityHashMap<Tensor, Tensor> leafGrads = new IdentityHashMap<>();
        /** Per buffer, how many gradient slots hold it; null when nothing is given back. */
        private final IdentityHashMap<double[], int[]> holders;
        /** Buffers that may have lost their last holder during the current operation's backward. */
        private final List<Tensor> dropped = new ArrayList<>();
        private int minIndex = Integer.MAX_VALUE;

        Pass(Tape tape, List<Tensor> inputs, boolean recycle) {
            this.tape = tape;
            this.inputs = inputs;
            this.holders = recycle ? new IdentityHashMap<>() : null;
            this.epoch = tape.nextEpoch();
            for (Tensor in : inputs) {
                if (onTape(in)) {
                    in.node.dependsStamp = epoch;
                    minIndex = Math.min(minIndex, in.node.index);
                } else {
                    leafGrads.put(in, null);
                    minIndex = 0;
                }
            }
        }

        private boolean onTape(Tensor t) {
            return t.node != null && t.node.tape == tape;
        }

        private boolean needsGrad(Tensor t) {
            return onTape(t) ? t.node.dependsStamp == epoch : leafGrads.containsKey(t);
        }

        List<Tensor> run(List<Tensor> outputs, List<Tensor> seeds) {
            int maxIndex = -1;
            for (Tensor out : outputs) {
                if (onTape(out)) {
                    maxIndex = Math.max(maxIndex, out.node.index);
                }
            }
            markDependents(maxIndex);
            for (int k = 0; k < outputs.size(); k++) {
                accumulate(outputs.get(k), seeds.get(k));
            }
            for (int i = maxIndex; i >= minIndex && i >= 0; i--) {
                Node node = tape.node(i);
                if (node.gradStamp != epoch || node.dependsStamp != epoch) {
                    continue;
                }
                backward(node);
            }
            List<Tensor> result = new ArrayList<>(inputs.size());
            for (Tensor in : inputs) {
                Tensor g = onTape(in) ? (in.node.gradStamp == epoch ? in.node.grad : null) : leafGrads.get(in);
                result.add(g == null ? Tensor.zeros(in.rows, in.cols) : g);
            }
            for (Tensor in : inputs) {
                if (onTape(in)) {
                    in.node.grad = null;
                }
            }
            return result;
        }

        /** Forward sweep: an operation depends on the inputs when one of its operands does. */
        private void markDependents(int maxIndex) {
            boolean anyLeaf = !leafGrads.isEmpty();
            for (int i = Math.max(minIndex, 0); i <= maxIndex; i++) {
                Node node = tape.node(i);
                if (node.dependsStamp == epoch) {
                    continue;
                }
                for (Tensor operand : node.inputs) {
                    if (onTape(operand) ? operand.node.dependsStamp == epoch
                            : anyLeaf && leafGrads.containsKey(operand)) {
                        node.dependsStamp = epoch;
                        break;
                    }
                }
            }
        }

        private void backward(Node node) {
            Tensor[] operands = node.inputs;
            boolean[] needs = new boolean[operands.length];
            boolean any = false;
            for (int k = 0; k < operands.length; k++) {
                needs[k] = needsGrad(operands[k]);
                any |= needs[k];
            }
            Tensor g = node.grad;
            if (!isRequestedInput(node)) {
                node.grad = null;
                unhold(g);
            }
            if (any) {
                Tensor[] grads = node.rule.apply(g, needs);
                for (int k = 0; k < operands.length; k++) {
                    if (!needs[k] || grads[k] == null) {
                        continue;
                    }
                    if (!grads[k].sameShape(operands[k])) {
                        throw new IllegalStateException("backward rule of '" + node.op + "' returned a gradient of shape "
                                + grads[k].shape() + " for an operand of shape " + operands[k].shape());
                    }
                    accumulate(operands[k], grads[k]);
                }
            }
            giveBackUnheld();
        }

        /** A gradient slot takes {@code t}. */
        private void hold(Tensor t) {
            if (holders != null) {
                holders.computeIfAbsent(t.data, k -> new int[1])[0]++;
            }
        }

        /** A gradient slot lets go of {@code t}; its buffer may be given back after the current rule. */
        private void unhold(Tensor t) {
            if (holders == null) {
                return;
            }
            int[] count = holders.get(t.data);
            if (count != null && --count[0] == 0) {
                holders.remove(t.data);
            }
            mayGiveBack(t);
        }

        /** Gives back the buffers let go of or left unstored in this step that the pass allocated and nobody holds. */
        private void giveBackUnheld() {
            if (holders == null) {
                return;
            }
            for (Tensor t : dropped) {
                if (!holders.containsKey(t.data) && BufferPool.fromPassLog(t.data)) {
                    BufferPool.releaseFromPassLog(t.data);
                }
            }
            dropped.clear();
        }

        private boolean isRequestedInput(Node node) {
            for (Tensor in : inputs) {
                if (in.node == node) {
                    return true;
                }
            }
            return false;
        }

        private void accumulate(Tensor target, Tensor g) {
            if (onTape(target)) {
                Node n = target.node;
                if (n.dependsStamp != epoch) {
                    mayGiveBack(g);
                    return;
                }
                if (n.gradStamp == epoch && n.grad != null) {
                    Tensor prev = n.grad;
                    n.grad = prev.add(g);
                    hold(n.grad);
                    unhold(prev);
                    mayGiveBack(g);
                } else {
                    n.grad = g;
                    n.gradStamp = epoch;
                    hold(g);
                }
            } else if (leafGrads.containsKey(target)) {
                Tensor prev = leafGrads.get(target);
                Tensor sum = prev == null ? g : prev.add(g);
                leafGrads.put(target, sum);
                hold(sum);
                if (prev != null) {
                    unhold(prev);
                    mayGiveBack(g);
                }
            } else {
                mayGiveBack(g);
            }
        }

        /** {@code t} was not stored, or was only added into a slot: its buffer may be given back after the current rule. */
        private void mayGiveBack(Tensor t) {
            if (holders != null) {
                dropped.add(t);
            }
        }
    }
}
