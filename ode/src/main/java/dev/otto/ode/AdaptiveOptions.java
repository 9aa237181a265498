package dev.otto.ode;

/**
 * Options of {@link AdaptiveIntegrator} (MATH.md section 3): relative and absolute tolerances of
 * the error per step (on the primary state), the embedded tableau, the step-size controller, an
 * optional first step (0 = Hairer-Norsett-Wanner's automatic choice), a minimum step size and a
 * maximum number of step attempts. Immutable; the {@code with...} methods return modified copies.
 *
 * <pre>{@code
 * AdaptiveOptions o = AdaptiveOptions.tolerances(1e-5, 1e-5).withMaxSteps(20_000);
 * }</pre>
 *
 * @param rtol       relative tolerance, &gt; 0
 * @param atol       absolute tolerance, &gt; 0
 * @param tableau    an embedded pair (default Dormand-Prince 5(4))
 * @param controller the step-size controller (default {@link PiController#standard()})
 * @param firstStep  magnitude of the first step, or 0 for the automatic choice
 * @param minStep    the smallest step magnitude allowed before failing (0: only the resolution of
 *                   double-precision time limits it)
 * @param maxSteps   maximum number of attempted (accepted + rejected) steps
 */
public record AdaptiveOptions(double rtol, double atol, ButcherTableau tableau, PiController controller,
                              double firstStep, double minStep, int maxSteps) {

    /** Default maximum number of step attempts. */
    public static final int DEFAULT_MAX_STEPS = 10_000;

    public AdaptiveOptions {
        if (!(rtol > 0) || !Double.isFinite(rtol)) {
            throw new IllegalArgumentException("rtol: expected a finite tolerance > 0, got " + rtol);
        }
        if (!(atol > 0) || !Double.isFinite(atol)) {
            throw new IllegalArgumentException("atol: expected a finite tolerance > 0, got " + atol);
        }
        if (tableau == null || !tableau.hasEmbedded()) {
            throw new IllegalArgumentException("tableau: expected an embedded pair for error control, got "
                    + (tableau == null ? "null" : tableau.name()));
        }
        if (controller == null) {
            throw new IllegalArgumentException("controller: expected a step-size controller, got null");
        }
        if (!(firstStep >= 0) || !Double.isFinite(firstStep)) {
            throw new IllegalArgumentException("firstStep: expected a finite value >= 0 (0 = automatic), got " + firstStep);
        }
        if (!(minStep >= 0) || !Double.isFinite(minStep)) {
            throw new IllegalArgumentException("minStep: expected a finite value >= 0, got " + minStep);
        }
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps: expected a positive number of steps, got " + maxSteps);
        }
    }

    /** Dormand-Prince 5(4) with the standard PI controller, automatic first step, no minimum step. */
    public static AdaptiveOptions tolerances(double rtol, double atol) {
        return new AdaptiveOptions(rtol, atol, ButcherTableau.DORMAND_PRINCE_54, PiController.standard(), 0.0, 0.0,
                DEFAULT_MAX_STEPS);
    }

    public AdaptiveOptions withTableau(ButcherTableau t) {
        return new AdaptiveOptions(rtol, atol, t, controller, firstStep, minStep, maxSteps);
    }

    public AdaptiveOptions withController(PiController c) {
        return new AdaptiveOptions(rtol, atol, tableau, c, firstStep, minStep, maxSteps);
    }

    public AdaptiveOptions withFirstStep(double h) {
        return new AdaptiveOptions(rtol, atol, tableau, controller, h, minStep, maxSteps);
    }

    public AdaptiveOptions withMinStep(double h) {
        return new AdaptiveOptions(rtol, atol, tableau, controller, firstStep, h, maxSteps);
    }

    public AdaptiveOptions withMaxSteps(int n) {
        return new AdaptiveOptions(rtol, atol, tableau, controller, firstStep, minStep, n);
    }
}
