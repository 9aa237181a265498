package dev.otto.flows.jko;

/**
 * What the trainer measured on one block after training it (kept with the model's training
 * result). Every figure names its definition (MATH.md section 7):
 *
 * @param block            the block index k (from 0)
 * @param stepSize         h_k
 * @param potential        E|x(1)|^2 / 2 over the last minibatch (the V term of the loss)
 * @param negativeLogDet   -E integral div f (the entropy term)
 * @param transport        E|x(1) - x(0)|^2 / (2 h_k) (the W2 proximal term)
 * @param w2SquaredToNoise W2^2(p_k, q), p_k the data pushed through blocks 1..k, by exact OT between
 *                         {@code diagnosticSamples} pushed samples and as many fresh N(0, I) samples
 *                         (uniform weights, cost |x - y|^2); a finite-sample estimate, with a floor
 *                         of its own even when p_k = q
 * @param meanSquaredMove  E|T_k(x) - x|^2 over the pushed data
 * @param inversionError   E|S_k(T_k(x)) - x|^2 with T_k and its inverse S_k integrated by the
 *                         evaluation integrator (Dormand-Prince by default), over the diagnostic samples
 * @param fieldLipschitz   the product of the block MLP's spectral norms, a bound on Lip(f_k)
 * @param seconds          wall time spent training the block (all its trainings)
 * @param rkSteps          S_k, the RK4 steps of the block's training map (more than the configuration's
 *                         if the block was retrained, see {@link MapAgreement})
 * @param mapDisagreement  D_k = E|T_k^{RK4}(x) - T_k^{sampling}(x)|^2 on held-out samples of p_k
 * @param retrainings      how many times the block was retrained for the agreement of its maps
 */
public record BlockDiagnostics(int block, double stepSize, double potential, double negativeLogDet, double transport,
                               double w2SquaredToNoise, double meanSquaredMove, double inversionError,
                               double fieldLipschitz, double seconds, int rkSteps, double mapDisagreement,
                               int retrainings) {
}
