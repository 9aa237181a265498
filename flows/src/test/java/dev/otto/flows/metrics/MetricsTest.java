package dev.otto.flows.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.data.GaussianMixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void mmdOfTwoPointSamplesByHand() {
        // x = {0, 1}, y = {0, 2} on the line, s = 1: k(0,1) = e^-1/2, k(0,2) = e^-2, k(1,2) = e^-1/2
        Tensor x = Tensor.of(2, 1, 0, 1);
        Tensor y = Tensor.of(2, 1, 0, 2);
        double kxx = Math.exp(-0.5);
        double kyy = Math.exp(-2);
        double kxy = (1 + Math.exp(-2) + Math.exp(-0.5) + Math.exp(-0.5)) / 4;
        assertEquals(kxx + kyy - 2 * kxy, MmdSquared.withBandwidth(1).value(x, y), 1e-15);
        Measurement m = MmdSquared.withMedianHeuristic().evaluate(x, y);
        assertTrue(m.definition().contains("median heuristic") && m.definition().endsWith("= 1.0"), m.definition());
    }

    @Test
    void badInputNamesTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MmdSquared.withBandwidth(1).value(Tensor.zeros(3, 2), Tensor.zeros(3, 1)));
        assertEquals("y: expected n x 2 (the dimension of x), got 3x1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MmdSquared.withBandwidth(0));
        assertTrue(e.getMessage().startsWith("s: expected a positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Straightness.of(List.of(Tensor.zeros(2, 2), Tensor.zeros(3, 2))));
        assertTrue(e.getMessage().startsWith("states[1]: expected 2x2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KineticEnergy.of(List.of(Tensor.zeros(2, 2), Tensor.zeros(2, 2)), new double[] {1, 1}));
        assertTrue(e.getMessage().startsWith("times: expected strictly increasing"), e.getMessage());
    }

    @Test
    void pathMetricsOnAQuarterCircle() {
        // x(t) = (cos t, sin t), t in [0, pi/2], sampled at K+1 points: chord sqrt 2, polygon length -> pi/2
        int k = 64;
        List<Tensor> states = new java.util.ArrayList<>();
        for (int i = 0; i <= k; i++) {
            double t = Math.PI / 2 * i / k;
            states.add(Tensor.of(1, 2, Math.cos(t), Math.sin(t)));
        }
        double chordOverLength = Math.sqrt(2) / (2 * k * Math.sin(Math.PI / 4 / k));
        assertEquals(chordOverLength, Straightness.of(states).value(), 1e-14);
        // each step has length 2 sin(pi/(4k)) and duration 1/k on [0, 1]: KE = k * (2 sin)^2 / (2/k)
        double step = 2 * Math.sin(Math.PI / 4 / k);
        assertEquals(k * step * step * k / 2, KineticEnergy.of(states, 1.0).value(), 1e-12);
    }

    @Test
    void klOfAMixtureAgainstItselfIsExactlyZeroAndNllUsesTheChangeOfVariables() {
        GaussianMixture p = GaussianMixture.single(new double[] {1, 2}, new double[][] {{2, 0.3}, {0.3, 1}});
        Tensor x = p.sample(100, 1L);
        Measurement kl = KlDivergence.estimate(p::logDensity, p::logDensity, x);
        assertEquals(0.0, kl.value());
        assertEquals(KlDivergence.DEFINITION, kl.definition());
        // the identity map on N(0, I) data: NLL = E|x|^2/2 + log(2 pi)
        Tensor z = Tensor.of(2, 2, 1, 0, 0, 2);
        assertEquals((0.5 + 2) / 2 + Math.log(2 * Math.PI),
                NegativeLogLikelihood.fromTransport(z, Tensor.zeros(2, 1)).value(), 1e-15);
        assertEquals(2.5, InversionError.of(Tensor.zeros(2, 2), z).value(), 1e-15);
    }
}
