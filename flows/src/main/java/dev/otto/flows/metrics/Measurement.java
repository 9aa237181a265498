package dev.otto.flows.metrics;

/**
 * One reported figure with the definition it was computed by (MATH.md section 7: "every reported
 * figure names its definition").
 *
 * @param metric short name, e.g. "MMD^2"
 * @param value the estimate
 * @param standardError its Monte Carlo standard error where the metric is a sample mean (sample
 *     standard deviation / sqrt(n)), NaN where none is defined
 * @param definition the formula, with every convention (bandwidth, factors of 1/2, averaging) spelled out
 */
public record Measurement(String metric, double value, double standardError, String definition) {

    @Override
    public String toString() {
        return metric + " = " + value + (Double.isNaN(standardError) ? "" : " +- " + standardError)
                + "  [" + definition + "]";
    }

    /** The mean of the values and its standard error s / sqrt(n) (NaN for n = 1). */
    static Measurement mean(String metric, double[] values, String definition) {
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN;
        return new Measurement(metric, mean, se, definition);
    }
}
