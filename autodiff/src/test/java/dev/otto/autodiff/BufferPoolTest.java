package dev.otto.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.nn.MlpTangents;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The buffer pool must be invisible: results are the same bits with the pool on and off, and no
 * tensor a caller can reach (a loss, a gradient, a returned value, a detached copy, a seed) ever
 * has its buffer handed to another operation.
 */
class BufferPoolTest {

    /** Batch x width = 4096 entries: the hidden layers' buffers are at the pool's minimum length. */
    private static final int BATCH = 128;
    private static final int WIDTH = 32;

    @AfterEach
    void restoreDefaultCapacity() {
        BufferPool.setThreadCapacityBytes(512L << 20);
    }

    private static Mlp field() {
        return Mlp.builder(2).hidden(WIDTH, WIDTH).output(2).activation(Activation.softplus(20.0))
                .build(new SplittableRandom(5));
    }

    /** What one training step of a divergence loss hands the caller. */
    private record StepResult(Tensor value, Tensor divergence, Tensor loss, List<Tensor> grads) {
    }

    /** loss = mean |v|^2 / 2 - mean div v, by forward-mode tangents, exact or Hutchinson. */
    private static StepResult step(Mlp f, Tensor x, Tensor probe) {
        List<Tensor> params = f.parameters().stream().map(Parameter::value).toList();
        try (Tape.Scope s = Tape.record()) {
            Divergence.Result r = probe == null ? MlpTangents.exactDivergence(f, x, 0.0)
                    : MlpTangents.hutchinson(f, x, 0.0, probe);
            Tensor loss = r.value().square().rowSums().scale(0.5).mean().sub(r.divergence().mean());
            return new StepResult(r.value(), r.divergence(), loss, Gradients.grad(loss, params));
        }
    }

    /** The losses and every gradient entry of a few Adam steps, as raw bits. */
    private static List<Long> trainingBits(Tensor probe) {
        Mlp f = field();
        Adam adam = new Adam(1e-2);
        Tensor x = Tensor.randn(BATCH, 2, new SplittableRandom(6));
        List<Long> bits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StepResult r = step(f, x, probe);
            bits.add(Double.doubleToRawLongBits(r.loss().item()));
            for (Tensor g : r.grads()) {
                for (double v : g.toArray()) {
                    bits.add(Double.doubleToRawLongBits(v));
                }
            }
            adam.step(f.parameters(), r.grads());
        }
        return bits;
    }

    @Test
    void trainingGivesTheSameBitsWithThePoolOnAndOff() {
        Tensor probe = Tensor.rademacher(BATCH, 2, new SplittableRandom(7));
        for (Tensor p : new Tensor[] {null, probe}) {
            BufferPool.setThreadCapacityBytes(0);
            List<Long> off = trainingBits(p);
            BufferPool.setThreadCapacityBytes(512L << 20);
            List<Long> on = trainingBits(p);
            assertEquals(off, on, p == null ? "exact divergence" : "Hutchinson");
        }
    }

    @Test
    void nothingTheCallerHoldsIsRecycled() {
        Mlp f = field();
        // 2048 x 2 outputs: the returned value is as long as the pooled buffers
        Tensor x = Tensor.randn(BufferPool.MIN_LENGTH / 2, 2, new SplittableRandom(8));
        BufferPool.setThreadCapacityBytes(0);
        BufferPool.setThreadCapacityBytes(512L << 20);
        StepResult first = step(f, x, null);
        // the tape is closed: the layers' buffers are back in the pool (the test would prove nothing otherwise)
        assertTrue(BufferPool.threadHeldBytes() >= 8L * BATCH * WIDTH, "held " + BufferPool.threadHeldBytes());
        Tensor detached = first.value().detach();
        List<double[]> held = new ArrayList<>();
        List<Tensor> reachable = new ArrayList<>(List.of(first.value(), first.divergence(), first.loss(), detached));
        reachable.addAll(first.grads());
        for (Tensor t : reachable) {
            held.add(t.toArray());
        }
        // more steps take the pooled buffers and overwrite them
        for (int i = 0; i < 3; i++) {
            step(f, x.scale(1.0 + i), null);
        }
        for (int i = 0; i < reachable.size(); i++) {
            assertArrayEquals(held.get(i), reachable.get(i).toArray(), "tensor " + i + " changed after its tape closed");
        }
    }

    @Test
    void privateMarkingKeepsTheResultsAndTheirSharedBuffers() {
        Tensor a = Tensor.randn(BATCH, WIDTH, new SplittableRandom(9));
        Tensor inner;
        Tensor result;
        try (Tape.Scope s = Tape.record()) {
            Tensor w = Tensor.randn(WIDTH, WIDTH, new SplittableRandom(10));
            int start = Tape.currentSize();
            inner = a.mul(a);
            // sumTo to its own shape returns the same tensor: the result shares the intermediate's buffer
            result = inner.sumTo(BATCH, WIDTH).matmul(w);
            Tensor alias = inner.sumTo(BATCH, WIDTH);
            assertSame(inner, alias);
            Tape.markPrivate(start, inner, result);
        }
        double[] innerValues = inner.toArray();
        double[] resultValues = result.toArray();
        for (int i = 0; i < 3; i++) {
            try (Tape.Scope s = Tape.record()) {
                int start = Tape.currentSize();
                Tensor t = a.scale(i).mul(a).add(a);
                Tape.markPrivate(start, t.sum());
            }
        }
        assertArrayEquals(innerValues, inner.toArray());
        assertArrayEquals(resultValues, result.toArray());
    }

    @Test
    void aSeedPassedThroughUnchangedIsNeverRecycled() {
        Tensor a = Tensor.randn(BATCH, WIDTH, new SplittableRandom(11));
        Tensor b = Tensor.randn(BATCH, WIDTH, new SplittableRandom(12));
        Tensor seed = Tensor.randn(BATCH, WIDTH, new SplittableRandom(13));
        double[] seedValues = seed.toArray();
        List<Tensor> grads;
        try (Tape.Scope s = Tape.record()) {
            // add hands the seed itself to both operands; h's rule drops it again
            Tensor h = a.add(b);
            Tensor y = h.addScalar(1.0).add(h);
            grads = Gradients.grad(List.of(y), List.of(a, b), List.of(seed), false);
        }
        double[] ga = grads.get(0).toArray();
        for (int i = 0; i < 3; i++) {
            try (Tape.Scope s = Tape.record()) {
                Tensor y = a.mul(b).add(a).scale(2.0);
                Gradients.grad(y.sum(), List.of(a, b));
            }
        }
        assertArrayEquals(seedValues, seed.toArray());
        assertArrayEquals(ga, grads.get(0).toArray());
        assertArrayEquals(ga, grads.get(1).toArray());
        for (int i = 0; i < ga.length; i++) {
            assertEquals(2 * seedValues[i], ga[i], 0.0);
        }
    }

    @Test
    void aRecycledBufferIsZeroedForAccumulatingKernels() {
        BufferPool.setThreadCapacityBytes(512L << 20);
        double[] dirty = new double[BufferPool.MIN_LENGTH];
        java.util.Arrays.fill(dirty, Double.NaN);
        BufferPool.release(dirty);
        double[] again = BufferPool.acquireZeroed(BufferPool.MIN_LENGTH);
        assertTrue(dirty == again, "the buffer given back is reused");
        for (double v : again) {
            assertEquals(0.0, v, 0.0);
        }
        double[] small = BufferPool.acquire(BufferPool.MIN_LENGTH - 1);
        BufferPool.release(small);
        assertTrue(small != BufferPool.acquire(BufferPool.MIN_LENGTH - 1), "short buffers are not pooled");
    }

    @Test
    void whenFullTheLengthAskedForLongestAgoMakesRoom() {
        BufferPool.setThreadCapacityBytes(0);
        int old = BufferPool.MIN_LENGTH;
        int current = 2 * BufferPool.MIN_LENGTH;
        BufferPool.setThreadCapacityBytes(4L * 8 * old);
        double[] a = BufferPool.acquire(old);
        double[] b = BufferPool.acquire(old);
        BufferPool.release(a);
        BufferPool.release(b);
        double[] c = BufferPool.acquire(current);
        assertEquals(2L * 8 * old, BufferPool.threadHeldBytes(), "the two old buffers are kept while there is room");
        BufferPool.release(c);
        double[] d = new double[current];
        BufferPool.release(d);
        // the second buffer of the current length needed the old length's room: those are dropped
        assertEquals(2L * 8 * current, BufferPool.threadHeldBytes());
        assertTrue(d == BufferPool.acquire(current), "the last buffer given back comes first");
        assertTrue(c == BufferPool.acquire(current), "then the one before");
        assertTrue(a != BufferPool.acquire(old), "the old length's buffers were dropped");
    }

    @Test
    void thePoolKeepsNoMoreThanItsCapacity() {
        BufferPool.setThreadCapacityBytes(0);
        int n = BufferPool.MIN_LENGTH;
        BufferPool.setThreadCapacityBytes(3L * 8 * n);
        for (int i = 0; i < 10; i++) {
            BufferPool.release(new double[n]);
        }
        assertEquals(3L * 8 * n, BufferPool.threadHeldBytes());
    }
}
