package dev.otto.theory.ot;

import dev.otto.ot.cost.CostMatrix;

/**
 * The brute-force oracle of exact OT, MATH.md section 1: for uniform weights and n = m the optimal
 * vertices of the transportation polytope are permutation matrices (Birkhoff-von Neumann), so
 * OT(a, b, C) = min over permutations s of (1/n) sum_i C_{i s(i)}. Enumerates all n! permutations
 * (lexicographic successor), so it is meant for n &lt;= 8. Shared by the property suite and the
 * theorem catalog: the one place the oracle is written.
 */
public final class BruteForceAssignment {

    /** Largest size enumerated: 8! = 40320 permutations. */
    public static final int MAX_SIZE = 8;

    private final double cost;
    private final int[] assignment;

    private BruteForceAssignment(double cost, int[] assignment) {
        this.cost = cost;
        this.assignment = assignment;
    }

    /** The optimal assignment of the square cost matrix {@code c} with uniform weights 1/n. */
    public static BruteForceAssignment solve(CostMatrix c) {
        int n = c.rows();
        if (n != c.cols() || n < 1 || n > MAX_SIZE) {
            throw new IllegalArgumentException("c: expected a square cost matrix of size 1.." + MAX_SIZE + ", got "
                    + c.rows() + " x " + c.cols());
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        double best = Double.POSITIVE_INFINITY;
        int[] bestP = p.clone();
        do {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += c.get(i, p[i]);
            }
            if (s < best) {
                best = s;
                bestP = p.clone();
            }
        } while (nextPermutation(p));
        return new BruteForceAssignment(best / n, bestP);
    }

    /** OT(a, b, C) with a = b = 1/n: the smallest mean cost of an assignment. */
    public double cost() {
        return cost;
    }

    /** An optimal permutation: row i goes to column {@code assignment()[i]}. */
    public int[] assignment() {
        return assignment.clone();
    }

    /** Advances p to its lexicographic successor; false when p was the last permutation. */
    private static boolean nextPermutation(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = p.length - 1;
        while (p[j] <= p[i]) {
            j--;
        }
        swap(p, i, j);
        for (int l = i + 1, r = p.length - 1; l < r; l++, r--) {
            swap(p, l, r);
        }
        return true;
    }

    private static void swap(int[] p, int i, int j) {
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}
