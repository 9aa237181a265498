package dev.otto.flows.interpolation;

import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * A coupling of two finite batches: a probability matrix pi (m x m, row i a noise row, column j a
 * data row, entries non-negative and summing to 1) as produced by a {@link Coupling} on a coupling
 * batch (MATH.md section 1, transport plans; section 5, the coupling of (Z, X_1) that the
 * interpolant's regression averages over; seed paper 3 and Tong et al., "Improving and generalizing
 * flow-based generative models with minibatch optimal transport", Algorithm 2, which draws the
 * training pairs (i, j) ~ pi).
 *
 * <p>{@link #draw} turns the plan into n training pairs, with replacement (n independent draws of
 * (i, j) with probability pi_ij, by inverse transform on the row-major cumulative sums) or without
 * replacement (n distinct entries, successively drawn with probability proportional to pi_ij among
 * those left, by the exponential-key method of Efraimidis and Spirakis: keep the n entries of
 * largest log(u_ij) / pi_ij). Both consume the generator in a fixed order, so pairs are a function
 * of the plan and the generator state only.
 */
public final class CouplingPlan {

    /** The drawn pairs: noise row {@code noise[k]} goes with data row {@code data[k]}. */
    public record Pairs(int[] noise, int[] data) {
    }

    private final int size;
    private final double[] mass;

    private CouplingPlan(int size, double[] mass) {
        this.size = size;
        this.mass = mass;
    }

    /**
     * The plan with these row-major entries (m x m), normalised to total mass 1.
     *
     * @throws IllegalArgumentException if an entry is negative or not finite, or the total is not positive
     */
    public static CouplingPlan of(int m, double[] rowMajor) {
        if (m <= 0 || rowMajor == null || rowMajor.length != (long) m * m) {
            throw new IllegalArgumentException("plan: expected " + m + " x " + m + " entries, got "
                    + (rowMajor == null ? "null" : rowMajor.length));
        }
        double total = 0;
        for (int k = 0; k < rowMajor.length; k++) {
            if (!(rowMajor[k] >= 0) || !Double.isFinite(rowMajor[k])) {
                throw new IllegalArgumentException("plan: expected finite non-negative entries, got " + rowMajor[k]
                        + " at (" + k / m + ", " + k % m + ")");
            }
            total += rowMajor[k];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("plan: expected a positive total mass, got " + total);
        }
        double[] p = new double[rowMajor.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = rowMajor[k] / total;
        }
        return new CouplingPlan(m, p);
    }

    /** The coupling batch size m. */
    public int size() {
        return size;
    }

    /** pi_ij. */
    public double probability(int i, int j) {
        return mass[i * size + j];
    }

    /** The number of entries with positive mass (the most pairs a draw without replacement can give). */
    public int support() {
        int s = 0;
        for (double v : mass) {
            s += v > 0 ? 1 : 0;
        }
        return s;
    }

    /** sum_ij pi_ij c_ij for a row-major m x m cost. */
    public double expectedCost(double[] cost) {
        double s = 0;
        for (int k = 0; k < mass.length; k++) {
            s += mass[k] * cost[k];
        }
        return s;
    }

    /**
     * n pairs drawn from the plan (see the class documentation).
     *
     * @throws IllegalArgumentException if n is not positive, or exceeds {@link #support()} without replacement
     */
    public Pairs draw(int n, boolean replacement, RandomGenerator rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: expected a positive number of pairs, got " + n);
        }
        return replacement ? withReplacement(n, rng) : withoutReplacement(n, rng);
    }

    private Pairs withReplacement(int n, RandomGenerator rng) {
        double[] cumulative = new double[mass.length];
        double s = 0;
        for (int k = 0; k < mass.length; k++) {
            s += mass[k];
            cumulative[k] = s;
        }
        int[] noise = new int[n];
        int[] data = new int[n];
        int lastPositive = mass.length - 1;
        while (mass[lastPositive] == 0) {
            lastPositive--;
        }
        for (int r = 0; r < n; r++) {
            int k = firstAbove(cumulative, rng.nextDouble() * s);
            k = Math.min(k, lastPositive); // u rounded up to the total: the last entry with mass
            noise[r] = k / size;
            data[r] = k % size;
        }
        return new Pairs(noise, data);
    }

    /**
     * The smallest k with cumulative[k] &gt; u (cumulative.length if none); an entry of mass 0 has
     * cumulative[k] = cumulative[k - 1] and is never returned.
     */
    private static int firstAbove(double[] cumulative, double u) {
        int lo = 0;
        int hi = cumulative.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private Pairs withoutReplacement(int n, RandomGenerator rng) {
        int support = support();
        if (n > support) {
            throw new IllegalArgumentException("n: a draw without replacement can give at most the plan's " + support
                    + " positive entries, asked for " + n + " (use replacement or a larger coupling batch)");
        }
        // min-heap on the key log(u)/pi: the n largest keys are kept
        PriorityQueue<double[]> heap = new PriorityQueue<>(n, (a, b) -> Double.compare(a[0], b[0]));
        for (int k = 0; k < mass.length; k++) {
            if (mass[k] > 0) {
                double key = Math.log(1 - rng.nextDouble()) / mass[k];
                if (heap.size() < n) {
                    heap.add(new double[] {key, k});
                } else if (key > heap.peek()[0]) {
                    heap.poll();
                    heap.add(new double[] {key, k});
                }
            }
        }
        int[] entries = heap.stream().mapToInt(e -> (int) e[1]).sorted().toArray();
        int[] noise = new int[n];
        int[] data = new int[n];
        for (int r = 0; r < n; r++) {
            noise[r] = entries[r] / size;
            data[r] = entries[r] % size;
        }
        return new Pairs(noise, data);
    }
}
