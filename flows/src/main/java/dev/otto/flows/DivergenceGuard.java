package dev.otto.flows;

import dev.otto.autodiff.Tensor;
import dev.otto.autodiff.nn.Parameter;
import dev.otto.autodiff.optim.Adam;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a {@link DivergencePolicy} inside a training loop: it remembers the last good state
 * of the watched parameters and their Adam optimisers, judges each step's loss and gradients, and
 * on a bad step restores that state, lowers the learning rates, reports a {@link Rollback} to the
 * listener, and throws {@link TrainingDivergedException} once the retries are used up (after
 * restoring, so the caller's model is the last good one).
 *
 * <p>A state is good once its own loss and gradients have passed the checks, so it is remembered
 * just before the optimiser moves away from it. Remembering after the step instead would keep the
 * very parameters a too-large step produced: their explosion only shows in the next step's loss,
 * and rolling back to them would change nothing.
 *
 * <pre>{@code
 * DivergenceGuard guard = new DivergenceGuard(policy, listener).watch(params, adam);
 * for (int it = 0; it < n; it++) {
 *     ... loss, grads ...
 *     String bad = guard.check(loss, grads);
 *     if (bad != null) { guard.rollBack(0, it, bad); it--; continue; }   // retried on a fresh minibatch
 *     guard.remember();
 *     adam.step(params, grads);
 *     bad = guard.checkParameters();
 *     if (bad != null) { guard.rollBack(0, it, bad); it--; }
 * }
 * }</pre>
 */
public final class DivergenceGuard {

    private final DivergencePolicy policy;
    private final TrainingListener listener;
    private final List<List<Parameter>> params = new ArrayList<>();
    private final List<Adam> optimisers = new ArrayList<>();
    private final List<Rollback> rollbacks = new ArrayList<>();
    private final List<List<Tensor>> goodValues = new ArrayList<>();
    private final List<Adam.State> goodStates = new ArrayList<>();
    private double firstLoss = Double.NaN;
    private int priorRollbacks;

    public DivergenceGuard(DivergencePolicy policy, TrainingListener listener) {
        if (policy == null) {
            throw new IllegalArgumentException("policy: expected a DivergencePolicy, got null");
        }
        this.policy = policy;
        this.listener = listener == null ? TrainingListener.none() : listener;
    }

    /**
     * Watches {@code ps} and the optimiser that steps them ({@code adam} may be null for parameters
     * no optimiser steps, such as a weight average), and remembers their current state as good.
     */
    public DivergenceGuard watch(List<Parameter> ps, Adam adam) {
        params.add(List.copyOf(ps));
        optimisers.add(adam);
        goodValues.add(null);
        goodStates.add(null);
        remember(params.size() - 1);
        return this;
    }

    /** Counts {@code n} rollbacks made before a resume against the retry budget. */
    public DivergenceGuard afterRollbacks(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: expected >= 0 earlier rollbacks, got " + n);
        }
        priorRollbacks = n;
        return this;
    }

    /** Sets the reference loss L_0 of the explosion test (otherwise the first loss checked). */
    public DivergenceGuard withFirstLoss(double loss) {
        firstLoss = loss;
        return this;
    }

    /** Remembers the current state of everything watched as the last good one. */
    public void remember() {
        for (int g = 0; g < params.size(); g++) {
            remember(g);
        }
    }

    private void remember(int g) {
        List<Tensor> values = new ArrayList<>(params.get(g).size());
        for (Parameter p : params.get(g)) {
            values.add(p.value());
        }
        goodValues.set(g, values);
        Adam adam = optimisers.get(g);
        goodStates.set(g, adam == null ? null : adam.state(params.get(g)));
    }

    /**
     * What is wrong with a step of loss {@code loss} and gradients {@code grads} (null: nothing):
     * a non-finite loss, a loss past the policy's ceiling, or a non-finite gradient.
     */
    public String check(double loss, List<Tensor> grads) {
        if (!Double.isFinite(loss)) {
            return "non-finite loss " + loss;
        }
        if (Double.isNaN(firstLoss)) {
            firstLoss = loss;
        }
        if (policy.exploded(loss, firstLoss)) {
            return "loss " + loss + " above the ceiling " + policy.explosionFactor() + " x max(1, |" + firstLoss
                    + "|) set by the first loss";
        }
        for (int i = 0; grads != null && i < grads.size(); i++) {
            if (!grads.get(i).isFinite()) {
                return "non-finite gradient (entry " + i + " of " + grads.size() + ")";
            }
        }
        return null;
    }

    /** What is wrong with the watched parameters after a step (null: all finite). */
    public String checkParameters() {
        for (List<Parameter> group : params) {
            for (Parameter p : group) {
                if (!p.value().isFinite()) {
                    return "non-finite parameter " + p.name() + " after the step";
                }
            }
        }
        return null;
    }

    /**
     * Undoes everything since the last {@link #remember}, lowers every watched optimiser's learning
     * rate by the policy's factor, and reports the rollback.
     *
     * @throws TrainingDivergedException when the policy's retries are used up (the state is restored first)
     */
    public void rollBack(int stage, int iteration, String reason) {
        for (int g = 0; g < params.size(); g++) {
            List<Parameter> group = params.get(g);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).set(goodValues.get(g).get(i));
            }
            Adam adam = optimisers.get(g);
            if (adam != null) {
                adam.restore(group, goodStates.get(g));
            }
        }
        int used = priorRollbacks + rollbacks.size();
        if (used >= policy.maxRetries()) {
            throw new TrainingDivergedException("diverged at iteration " + iteration + ": " + reason
                    + (used == 0 ? "" : " (after " + used + " rollback" + (used == 1 ? "" : "s") + ")"),
                    rollbacks, null);
        }
        double scale = 1.0;
        for (Adam adam : optimisers) {
            if (adam != null) {
                adam.scaleLearningRate(policy.learningRateFactor());
                scale = adam.learningRateScale();
            }
        }
        Rollback r = new Rollback(stage, iteration, used + 1, reason, scale);
        rollbacks.add(r);
        listener.onRollback(r);
    }

    /** The rollbacks of this run so far, oldest first (without those before a resume). */
    public List<Rollback> rollbacks() {
        return List.copyOf(rollbacks);
    }

    /** Rollbacks counted against the budget: those before a resume and those since. */
    public int rollbackCount() {
        return priorRollbacks + rollbacks.size();
    }
}
