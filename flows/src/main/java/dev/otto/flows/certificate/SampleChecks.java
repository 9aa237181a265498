package dev.otto.flows.certificate;

import dev.otto.autodiff.Tensor;
import dev.otto.flows.Flow;
import dev.otto.flows.metrics.InversionError;
import dev.otto.ode.IntegrationException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The checks every family passes (MATH.md sections 3 and 7): its samples are finite and lie within
 * the data-scaled radius of {@link DataScale#sampleRadius()}, and, for an invertible flow, the
 * inversion error E|S(T(x)) - x|^2 on held-out data, with the very integrator the model samples and
 * evaluates densities with, is within {@link DataScale#meanSquareTolerance()}.
 */
public final class SampleChecks {

    static final String FINITE = "samples.finite";
    static final String RADIUS = "samples.radius";
    private static final String FINITE_STATEMENT = "MATH.md conventions (samples are points of R^d)";
    private static final String RADIUS_STATEMENT = "data scale: 2 max|x| + sqrt(d) + 5";

    private SampleChecks() {
    }

    /**
     * samples.finite and samples.radius for n samples drawn by {@code sampler}; a sampler that
     * cannot finish (its integration meets a non-finite state or a vanishing step) fails both.
     */
    public static List<Check> of(Supplier<Tensor> sampler, int n, DataScale scale) {
        Tensor y;
        try {
            y = sampler.get();
        } catch (IntegrationException | ArithmeticException e) {
            String why = "sampling did not finish: " + e.getMessage();
            return List.of(new Check(FINITE, FINITE_STATEMENT, n, Check.AT_MOST, 0, Double.NaN, Verdict.FAIL, why),
                    new Check(RADIUS, RADIUS_STATEMENT, Double.NaN, Check.AT_MOST, scale.sampleRadius(), Double.NaN,
                            Verdict.FAIL, why));
        }
        return of(y, scale);
    }

    /**
     * True when the sample checks say the model diverged (its samples are not all finite): the
     * certifiers then stop, since every further check would integrate the same diverged field.
     */
    public static boolean diverged(List<Check> checks) {
        return checks.stream().anyMatch(c -> c.id().equals(FINITE) && c.failed());
    }

    /** samples.finite and samples.radius for the generated samples y (n x d). */
    public static List<Check> of(Tensor y, DataScale scale) {
        int n = y.rows();
        int nonFinite = 0;
        double max = 0;
        for (double[] r : y.toRows()) {
            double s = 0;
            for (double v : r) {
                s += v * v;
            }
            if (!Double.isFinite(s)) {
                nonFinite++;
            } else {
                max = Math.max(max, Math.sqrt(s));
            }
        }
        double radius = scale.sampleRadius();
        Check finite = Check.atMost(FINITE, FINITE_STATEMENT, nonFinite, 0,
                nonFinite + " of " + n + " generated samples have a coordinate that is not a finite number (or a square that"
                        + " overflows); any is a diverged model");
        Check inside = Check.atMost(RADIUS, RADIUS_STATEMENT,
                nonFinite == n ? Double.NaN : max, radius,
                String.format(Locale.ROOT, "the largest |sample| of %d, against 2 x %.4g (held-out max |x|) + sqrt(%d)"
                        + " + 5 (the noise's reach); a sample beyond is near neither the data nor the noise",
                        n, scale.maxNorm(), scale.dimension()));
        return List.of(finite, inside);
    }

    /**
     * flow.inversion: E|S(T(x)) - x|^2 of the flow as it is (its own integrator) on held-out x
     * (MATH.md section 3, "Inversion error"; seed paper 1, Prop. 5.4).
     */
    public static Check inversion(Flow flow, Tensor heldOut, DataScale scale, String integrator) {
        double e = Measure.orNaN(() -> InversionError.of(flow, heldOut).value());
        return Check.atMost("flow.inversion", "MATH.md 3 inversion error; seed paper 1, Prop. 5.4", e,
                scale.meanSquareTolerance(), "E|S(T(x)) - x|^2 over " + heldOut.rows() + " held-out points with "
                        + integrator + " (the sampler's own integrator), against 1e-4 E|x|^2 (1% RMS of the data)");
    }
}
