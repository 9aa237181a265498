package dev.otto.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.otto.autodiff.GradientCheck;
import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The recorded Lipschitz bound (spectral-norm regularisation): its value is the EJML bound, and its
 * gradient in each weight, u v^T from the top singular pair, matches finite differences.
 */
class LipschitzBoundTest {

    @Test
    void theRecordedBoundEqualsTheBoundWithAndWithoutATimeInput() {
        for (boolean time : new boolean[] {false, true}) {
            Mlp f = Mlp.builder(3).hidden(7, 5).output(3).activation(Activation.softplus()).timeInput(time)
                    .build(new SplittableRandom(4));
            try (Tape.Scope s = Tape.record()) {
                assertEquals(f.lipschitzBound(), f.lipschitzBoundRecorded().item(), 1e-12 * f.lipschitzBound());
            }
        }
    }

    /**
     * Central differences with h = 1e-6 on sigma(W): sigma is smooth where the top singular value is
     * simple (true for a random Gaussian matrix with probability 1), so the error is O(h^2) plus
     * rounding of order 1e-16 / h; 1e-6 relative leaves a margin of 100 over both.
     */
    @Test
    void theGradientOfTheSpectralNormIsTheTopSingularPairsOuterProduct() {
        Tensor w = Tensor.randn(6, 4, new SplittableRandom(8));
        GradientCheck.Report r = GradientCheck.check(Mlp::spectralNormRecorded, w, 1e-6);
        assertTrue(r.passes(1e-6), r.toString());
        assertEquals(Mlp.spectralNorm(w), Mlp.spectralNormRecorded(w).item(), 1e-12);
    }
}
