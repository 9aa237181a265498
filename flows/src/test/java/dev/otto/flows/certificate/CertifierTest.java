package dev.otto.flows.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Activation;
import dev.otto.autodiff.nn.Linear;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.flows.data.GaussianMixture;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.interpolation.InterpolationTrainer;
import dev.otto.flows.interpolation.Pairing;
import dev.otto.flows.interpolation.Schedule;
import dev.otto.flows.io.ModelConfig;
import dev.otto.flows.jko.JkoConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.jko.JkoTrainer;
import dev.otto.flows.proximal.ProximalConfig;
import dev.otto.flows.proximal.ProximalFlow;
import dev.otto.flows.proximal.ProximalTrainer;
import dev.otto.ode.Integration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small model of each family trained well on a correlated Gaussian passes every check of its
 * certificate; the same model with a planted defect (a JKO block scaled to a stiff field, an
 * interpolation velocity with a huge weight, a proximal potential with a large gradient, a JKO
 * block whose field is zero) fails the check that guards against that defect.
 */
class CertifierTest {

    /** No training record: the JKO and interpolation checks read none. */
    private static final ModelConfig NO_RECORD = new ModelConfig("test", Map.of());

    private static final GaussianMixture DATA = GaussianMixture.single(new double[] {1.5, -1.0},
            new double[][] {{0.6, 0.2}, {0.2, 0.4}});

    private static Tensor heldOut;

    @BeforeAll
    static void heldOutData() {
        heldOut = DATA.sample(400, new SplittableRandom(77));
    }

    private static void assertAllHold(Certificate c) {
        assertTrue(c.passed(), c::table);
        assertTrue(c.checks().stream().filter(k -> k.verdict() == Verdict.PASS).count() >= 3, c::table);
    }

    private static Check check(Certificate c, String id) {
        return c.checks().stream().filter(k -> k.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id + " in\n" + c.table()));
    }

    /** Multiplies the weight of layer {@code layer} of the given layers by {@code factor}. */
    private static void scale(List<Linear> layers, int layer, double factor) {
        Parameter w = layers.get(layer).weight();
        w.set(w.value().scale(factor));
    }

    @Test
    void jkoFlowPassesAndAStiffBlockFailsItsLipschitzCheck() {
        JkoConfig config = JkoConfig.reference().withSteps(new double[] {0.5, 0.7})
                .withNetwork(new int[] {32, 32}, "softplus(20.0)", false).withTraining(256, 150, 5e-3)
                .withDiagnosticSamples(200).withSeed(3);
        JkoFlow flow = new JkoTrainer(config).train(DATA.sample(2000, new SplittableRandom(1))).flow();
        Certificate good = Certifiers.certify(flow, NO_RECORD, heldOut, 5);
        assertAllHold(good);
        assertEquals(2, good.checks("jko.w2-decay").size());
        // the RK4 stability limit of the 3-step training map is 2.785 x 3 = 8.4; the trained field is far below
        assertTrue(check(good, "jko.block-lipschitz[0]").value() < 3, good::table);

        List<Linear> layers = flow.blocks().get(0).network().layers();
        scale(layers, layers.size() - 1, 30);
        Certificate stiff = Certifiers.certify(flow, NO_RECORD, heldOut, 5);
        assertEquals(Verdict.FAIL, check(stiff, "jko.block-lipschitz[0]").verdict(), stiff::table);
        assertFalse(stiff.passed());

        scale(layers, layers.size() - 1, 1.0 / 30);
        List<Linear> last = flow.blocks().get(1).network().layers();
        scale(last, last.size() - 1, 0);
        Parameter bias = last.get(last.size() - 1).bias();
        bias.set(bias.value().scale(0));
        Certificate dead = Certifiers.certify(flow, NO_RECORD, heldOut, 5);
        assertEquals(Verdict.FAIL, check(dead, "jko.first-order[1]").verdict(), dead::table);
        assertEquals(Verdict.PASS, check(dead, "jko.first-order[0]").verdict(), dead::table);
    }

    @Test
    void interpolationFlowPassesAndAHugeWeightFailsTheVelocityLipschitzCheck() {
        InterpolationFlow flow = InterpolationFlow.create(2, new int[] {32, 32}, Activation.softplus(),
                Schedule.linear(), Integration.adaptive(1e-5), new SplittableRandom(2));
        InterpolationTrainer.train(flow, DATA, new InterpolationTrainer.Config(1500, 128, 3e-3, Pairing.INDEPENDENT, 0,
                4), null);
        Certificate good = Certifiers.certify(flow, NO_RECORD, heldOut, 5);
        assertAllHold(good);

        scale(flow.network().layers(), 1, 1e4);
        DataScale scale = DataScale.of(heldOut);
        Check lipschitz = InterpolationCertifier.velocityLipschitz(flow, heldOut, scale, new SplittableRandom(5));
        assertEquals(Verdict.FAIL, lipschitz.verdict(), lipschitz::summary);
    }

    @Test
    void proximalFlowPassesAndALargePotentialGradientFailsTheRadiusCheck() {
        ProximalConfig config = ProximalConfig.forDimension(2).withIterations(200).withSeed(1);
        ProximalFlow flow = new ProximalTrainer(config).train(DATA, null).flow();
        ProximalCertifier.TrainingRecord record = new ProximalCertifier.TrainingRecord(config.effectiveLambda(), 0.1,
                ProximalTrainer.DEFAULT_OBJECTIVE_CEILING);
        Certificate good = ProximalCertifier.certify(flow, record, heldOut, new SplittableRandom(5));
        assertAllHold(good);
        assertEquals(Verdict.NOT_RESOLVABLE, check(good, "flow.inversion").verdict());

        ProximalFlow steep = new ProximalFlow(flow.potentialNetwork(), 1e3 * flow.potentialScale(),
                flow.generator().horizon(), flow.generator().steps());
        Certificate bad = ProximalCertifier.certify(steep, record, heldOut, new SplittableRandom(5));
        assertEquals(Verdict.FAIL, check(bad, "samples.radius").verdict(), bad::table);

        ProximalCertifier.TrainingRecord runaway = new ProximalCertifier.TrainingRecord(record.lambda(), 96.4,
                ProximalTrainer.DEFAULT_OBJECTIVE_CEILING);
        Certificate diverged = ProximalCertifier.certify(flow, runaway, heldOut, new SplittableRandom(5));
        assertEquals("prox.objective-ceiling", diverged.firstFailure().orElseThrow().id(), diverged::table);
    }
}
