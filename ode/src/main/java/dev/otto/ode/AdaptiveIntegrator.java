package dev.otto.ode;

import dev.otto.autodiff.Tape;
import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive explicit Runge-Kutta integration with an embedded pair, by default Dormand-Prince 5(4)
 * (MATH.md section 3). Each attempted step of size h gives the propagated solution and the error
 * estimate h sum (b_i - bHat_i) k_i; its {@linkplain ErrorNorm scaled norm} on the primary state
 * only decides acceptance (err &lt;= 1) and the next step through the {@link PiController}. The
 * first step follows Hairer, Norsett and Wanner (Solving ODEs I, section II.4, "starting step
 * size"). Steps are shortened to land exactly on t1 and on {@link SaveAt#times} (no dense output).
 *
 * <p>Guards: more than {@code maxSteps} attempts raises {@link TooManyStepsException}; a step below
 * {@code minStep} (or below four ulps of t) raises {@link StepSizeTooSmallException}, or
 * {@link NonFiniteStateException} when the shrinking was caused by NaN or infinite trial states
 * (a non-finite trial step is rejected and retried with the smallest factor first).
 *
 * <p>Gradients: inside {@code Tape.record()} the accepted steps form a differentiable graph
 * (discretise-then-optimise: the step sizes are treated as constants, the exact gradient of the
 * discrete solve). Rejected attempts stay on the tape unused. The initial-step heuristic runs
 * without recording. Inside {@code Tape.noGrad()} nothing is recorded.
 */
public final class AdaptiveIntegrator {

    private final AdaptiveOptions options;

    public AdaptiveIntegrator(AdaptiveOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: expected adaptive options, got null");
        }
        this.options = options;
    }

    public AdaptiveOptions options() {
        return options;
    }

    /** Integrates {@code system} from y0 at t0 to t1 (t1 &lt; t0 integrates backward in time). */
    public Solution integrate(OdeSystem system, List<Tensor> y0, double t0, double t1, SaveAt saveAt) {
        if (system == null) {
            throw new IllegalArgumentException("system: expected an ODE system, got null");
        }
        if (saveAt == null) {
            throw new IllegalArgumentException("saveAt: expected an output choice, got null");
        }
        States.checkTime("t0", t0);
        States.checkTime("t1", t1);
        States.checkInitial(y0);
        saveAt.checkWithin(t0, t1);

        double[] saveTimes = saveAt.kind() == SaveAt.Kind.TIMES ? saveAt.requestedTimes() : new double[0];
        List<Double> times = new ArrayList<>();
        List<List<Tensor>> saved = new ArrayList<>();
        int saveIndex = 0;
        while (saveIndex < saveTimes.length && saveTimes[saveIndex] == t0) {
            times.add(t0);
            saved.add(List.copyOf(y0));
            saveIndex++;
        }
        if (saveAt.kind() == SaveAt.Kind.STEPS) {
            times.add(t0);
            saved.add(List.copyOf(y0));
        }
        if (t0 == t1) {
            return finish(y0, t1, times, saved, saveAt, 0, 0, 0);
        }

        ButcherTableau tableau = options.tableau();
        RungeKuttaStepper stepper = new RungeKuttaStepper(tableau);
        PiController controller = options.controller();
        double dir = Math.signum(t1 - t0);
        double span = Math.abs(t1 - t0);

        List<Tensor> k1 = system.derivative(t0, y0);
        int evaluations = 1;
        double h;
        if (options.firstStep() > 0) {
            h = Math.min(options.firstStep(), span);
        } else {
            h = initialStep(system, t0, y0, k1, dir, span, tableau.order());
            evaluations++;
        }

        List<Tensor> y = y0;
        double t = t0;
        int accepted = 0;
        int rejected = 0;
        double errPrev = PiController.INITIAL_ERROR;
        boolean lastRejectNonFinite = false;
        while (true) {
            if (accepted + rejected >= options.maxSteps()) {
                throw new TooManyStepsException(accepted, t, options.maxSteps(), t1);
            }
            double target = saveIndex < saveTimes.length ? saveTimes[saveIndex] : t1;
            double hTry = h;
            boolean landing = false;
            // stretch by 1% rather than leave a sliver of a last step (Hairer's DOPRI5 rule)
            if ((t + dir * 1.01 * hTry - target) * dir >= 0) {
                hTry = Math.abs(target - t);
                landing = true;
            }
            if (!landing && (hTry < options.minStep() || hTry < 4 * Math.ulp(t))) {
                if (lastRejectNonFinite) {
                    throw new NonFiniteStateException(accepted, t, t + dir * hTry, 0);
                }
                throw new StepSizeTooSmallException(accepted, t, hTry, Math.max(options.minStep(), 4 * Math.ulp(t)));
            }
            RungeKuttaStepper.Step step = stepper.step(system, t, dir * hTry, y, k1);
            evaluations += step.evaluations();
            List<Tensor> yNew = step.state();
            boolean finite = States.firstNonFinite(yNew) < 0;
            double err = finite
                    ? ErrorNorm.ofStep(tableau, step, dir * hTry, y.get(0), yNew.get(0), options.rtol(),
                            options.atol())
                    : Double.NaN;
            boolean ok = err <= 1.0;
            double factor = controller.factor(err, errPrev, ok, tableau.embeddedOrder());
            if (ok) {
                accepted++;
                lastRejectNonFinite = false;
                t = landing ? target : t + dir * hTry;
                y = yNew;
                k1 = step.lastDerivative(tableau);
                errPrev = err;
                if (landing && saveIndex < saveTimes.length && target == saveTimes[saveIndex]) {
                    times.add(t);
                    saved.add(y);
                    saveIndex++;
                }
                if (saveAt.kind() == SaveAt.Kind.STEPS) {
                    times.add(t);
                    saved.add(y);
                }
                if (landing && target == t1 && saveIndex >= saveTimes.length) {
                    break;
                }
                // a step shortened to land on a save time says little about the step the
                // solution allows: keep the controller's earlier proposal if it was larger
                h = landing ? Math.max(hTry * factor, h) : hTry * factor;
            } else {
                rejected++;
                lastRejectNonFinite = !finite;
                h = hTry * factor;
            }
        }
        return finish(y, t1, times, saved, saveAt, evaluations, accepted, rejected);
    }

    /**
     * Hairer-Norsett-Wanner's starting step (Solving ODEs I, II.4): from d0 = |y0|, d1 = |f0| (scaled
     * norms) a first guess h0 = 0.01 d0 / d1; one explicit Euler step estimates the second derivative
     * d2 = |f1 - f0| / h0; then h = min(100 h0, (0.01 / max(d1, d2))^(1/(p+1))). Run without
     * recording: it only chooses a number.
     */
    private double initialStep(OdeSystem system, double t0, List<Tensor> y0, List<Tensor> f0, double dir,
                               double span, int order) {
        try (Tape.Scope s = Tape.noGrad()) {
            Tensor x0 = y0.get(0);
            int rows = x0.rows();
            int cols = x0.cols();
            double[] y = x0.toArray();
            double[] f = f0.get(0).toArray();
            double rtol = options.rtol();
            double atol = options.atol();
            double d0 = ErrorNorm.scaledMaxRms(y, y, y, rows, cols, rtol, atol);
            double d1 = ErrorNorm.scaledMaxRms(f, y, y, rows, cols, rtol, atol);
            double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
            h0 = Math.min(h0, span);
            List<Tensor> y1 = new ArrayList<>(y0.size());
            for (int comp = 0; comp < y0.size(); comp++) {
                y1.add(y0.get(comp).addScaled(f0.get(comp), dir * h0));
            }
            double[] f1 = system.derivative(t0 + dir * h0, y1).get(0).toArray();
            double[] diff = new double[f1.length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = f1[i] - f[i];
            }
            double d2 = ErrorNorm.scaledMaxRms(diff, y, y, rows, cols, rtol, atol) / h0;
            double dmax = Math.max(d1, d2);
            double h1 = dmax <= 1e-15 || !Double.isFinite(dmax)
                    ? Math.max(1e-6, h0 * 1e-3)
                    : Math.pow(0.01 / dmax, 1.0 / (order + 1));
            return Math.min(Math.min(100 * h0, h1), span);
        }
    }

    private static Solution finish(List<Tensor> y, double t1, List<Double> times, List<List<Tensor>> saved,
                                   SaveAt saveAt, int evaluations, int accepted, int rejected) {
        if (saveAt.kind() == SaveAt.Kind.END) {
            times.clear();
            saved.clear();
            times.add(t1);
            saved.add(List.copyOf(y));
        }
        double[] ts = new double[times.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = times.get(i);
        }
        return new Solution(y, ts, saved, evaluations, accepted, rejected);
    }
}
