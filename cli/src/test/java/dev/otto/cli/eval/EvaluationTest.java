package dev.otto.cli.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Mlp;
import dev.otto.autodiff.random.SplitMix64;
import dev.otto.cli.io.DataSource;
import dev.otto.cli.io.Reading;
import dev.otto.flows.io.Csv;
import dev.otto.flows.metrics.Measurement;
import dev.otto.flows.proximal.ProximalFlow;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The figures of a forward-only proximal generator, whose log-density inverts each Euler step
 * x' = x - dt grad phi(x, t) by Newton's method (MATH.md section 6, "Density of the generator"): a
 * bijection where I - dt Hess phi stays positive definite. A steep potential (scale 300, dt = 0.2,
 * so dt Hess phi has eigenvalues far beyond 1 of both signs for a random tanh network: the step
 * folds, and some data points have no preimage Newton's line search can reach) must leave NLL and
 * KL as NaN naming why, and keep the sample figures; a flat one (scale 0.01) must give finite ones.
 */
class EvaluationTest {

    private static final DataSource GAUSSIANS = DataSource.parse("--data", "8gaussians",
            new Reading(Csv.Header.AUTO, null));

    private static ProximalFlow potentialScaledBy(double scale) {
        Mlp phi = Mlp.builder(2).hidden(16, 16).output(1).activation(Activation.tanh()).timeInput(true)
                .name("phi").build(new SplitMix64(3));
        return new ProximalFlow(phi, scale, 1.0, 5);
    }

    private static List<Measurement> figures(ProximalFlow flow) {
        SplittableRandom rng = new SplittableRandom(5);
        Tensor x = GAUSSIANS.samples(200, rng);
        Tensor y = GAUSSIANS.samples(200, rng);
        return new Evaluation(200, 200, 5).of(flow, GAUSSIANS, x, y);
    }

    private static Measurement named(List<Measurement> figures, String metric) {
        return figures.stream().filter(m -> m.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " in " + figures));
    }

    @Test
    void aStepThatCannotBeInvertedLeavesTheLikelihoodNotComputableAndKeepsTheSampleFigures() {
        List<Measurement> f = figures(potentialScaledBy(300));
        for (String metric : List.of("NLL", "KL")) {
            Measurement m = named(f, metric);
            assertTrue(Double.isNaN(m.value()), metric + " " + m);
            assertTrue(m.definition().contains("not computable") && m.definition().contains("could not be inverted"),
                    m.definition());
        }
        assertTrue(Double.isFinite(named(f, "W2").value()));
        assertTrue(Double.isFinite(named(f, "MMD^2").value()));
    }

    @Test
    void aContractingStepGivesFiniteLikelihoodFigures() {
        List<Measurement> f = figures(potentialScaledBy(0.01));
        assertTrue(Double.isFinite(named(f, "NLL").value()));
        assertTrue(Double.isFinite(named(f, "KL").value()));
        assertEquals(List.of("MMD^2", "W2", "Sinkhorn divergence", "NLL", "KL"), f.stream().map(Measurement::metric).toList());
    }
}
