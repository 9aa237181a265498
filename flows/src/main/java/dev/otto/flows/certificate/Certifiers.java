package dev.otto.flows.certificate;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.Flow;
import dev.otto.flows.interpolation.InterpolationFlow;
import dev.otto.flows.io.ModelConfig;
import dev.otto.flows.jko.JkoFlow;
import dev.otto.flows.proximal.ProximalFlow;
import java.util.SplittableRandom;

/**
 * The certificate of a model of any family: dispatches to {@link JkoCertifier},
 * {@link InterpolationCertifier} or {@link ProximalCertifier}. Deterministic: the same model,
 * held-out data and seed give the same certificate.
 */
public final class Certifiers {

    private Certifiers() {
    }

    /**
     * The certificate of {@code flow} measured on held-out data (n x d, finite), with the model
     * file's configuration (what training recorded, see {@link ProximalCertifier.TrainingRecord}).
     *
     * @throws IllegalArgumentException if the data's dimension differs from the model's, or the
     *     flow is of no known family
     */
    public static Certificate certify(Flow flow, ModelConfig modelConfig, Tensor heldOut, long seed) {
        if (heldOut.cols() != flow.dimension()) {
            throw new IllegalArgumentException("data: dimension " + heldOut.cols() + ", the model has " + flow.dimension());
        }
        if (heldOut.rows() < 2) {
            throw new IllegalArgumentException("data: expected at least 2 held-out samples, got " + heldOut.rows());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        if (flow instanceof JkoFlow jko) {
            return JkoCertifier.certify(jko, heldOut, rng);
        }
        if (flow instanceof InterpolationFlow interp) {
            return InterpolationCertifier.certify(interp, heldOut, rng);
        }
        if (flow instanceof ProximalFlow prox) {
            return ProximalCertifier.certify(prox, ProximalCertifier.TrainingRecord.fromConfig(modelConfig), heldOut,
                    rng);
        }
        throw new IllegalArgumentException("flow: no certifier for " + flow.getClass().getName());
    }
}
