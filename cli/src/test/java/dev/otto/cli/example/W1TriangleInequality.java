package dev.otto.cli.example;

import dev.otto.ot.Wasserstein;
import dev.otto.theory.verify.Draw;
import dev.otto.theory.verify.Outcome;
import dev.otto.theory.verify.Statement;
import dev.otto.theory.verify.TheoremCheck;
import java.util.SplittableRandom;

/**
 * The example of a user's statement in docs/MATH.md, "Adding a statement": the triangle inequality
 * of W_1 between three uniform point clouds. Listed in this module's test resources under
 * META-INF/services, so that {@code otto verify} finds it on the class path.
 */
public final class W1TriangleInequality implements TheoremCheck {

    private static final Statement STATEMENT = new Statement("example.w1-triangle", "1",
            "W_1(x, z) <= W_1(x, y) + W_1(y, z) between point clouds with uniform weights",
            "Villani, Optimal Transport: Old and New, chapter 6");

    @Override
    public Statement statement() {
        return STATEMENT;
    }

    @Override
    public String definition() {
        return "measured: W_1(x, z); bound: W_1(x, y) + W_1(y, z), plus 1e-12 of it for rounding";
    }

    @Override
    public Outcome check(int index, SplittableRandom rng) {
        double scale = Draw.logScale(index, rng, -3, 3);
        double[][] x = cloud(6, scale, rng);
        double[][] y = cloud(6, scale, rng);
        double[][] z = cloud(6, scale, rng);
        double bound = Wasserstein.w1(x, y) + Wasserstein.w1(y, z);
        return Outcome.atMost(Wasserstein.w1(x, z), bound * (1 + 1e-12));
    }

    private static double[][] cloud(int n, double scale, SplittableRandom rng) {
        double[][] c = new double[n][2];
        for (double[] p : c) {
            p[0] = scale * rng.nextGaussian();
            p[1] = scale * rng.nextGaussian();
        }
        return c;
    }
}
