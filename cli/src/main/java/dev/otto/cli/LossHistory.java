package dev.otto.cli;

import dev.otto.flows.Retraining;
import dev.otto.flows.Rollback;
import dev.otto.flows.TrainingListener;
import dev.otto.flows.TrainingProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the loss parts of about {@code pointsPerStage} evenly spaced iterations of each stage
 * (and its last one) for the report's loss curves. The x coordinate is the global iteration (stages
 * laid end to end), so the blocks of a JKO flow appear one after another.
 */
public final class LossHistory implements TrainingListener {

    private final int pointsPerStage;
    private final List<Double> x = new ArrayList<>();
    private final Map<String, List<Double>> series = new LinkedHashMap<>();

    public LossHistory(int pointsPerStage) {
        if (pointsPerStage < 1) {
            throw new IllegalArgumentException("pointsPerStage: expected >= 1, got " + pointsPerStage);
        }
        this.pointsPerStage = pointsPerStage;
    }

    @Override
    public void onProgress(TrainingProgress p) {
        int every = Math.max(1, p.iterations() / pointsPerStage);
        if (p.iteration() % every != 0 && p.iteration() != p.iterations() - 1) {
            return;
        }
        x.add((double) p.stage() * p.iterations() + p.iteration());
        int n = x.size();
        p.lossParts().forEach((k, v) -> {
            List<Double> s = series.computeIfAbsent(k, key -> new ArrayList<>());
            while (s.size() < n - 1) {
                s.add(Double.NaN);
            }
            s.add(v);
        });
    }

    /** The recorded iterations. */
    public double[] iterations() {
        return x.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Each loss part, aligned with {@link #iterations()} (NaN where a part was not reported). */
    public Map<String, double[]> series() {
        Map<String, double[]> out = new LinkedHashMap<>();
        series.forEach((k, v) -> {
            double[] a = new double[x.size()];
            java.util.Arrays.fill(a, Double.NaN);
            for (int i = 0; i < v.size(); i++) {
                a[i] = v.get(i);
            }
            out.put(k, a);
        });
        return out;
    }

    /** Both listeners, in order (progress, rollbacks and retrainings alike). */
    public static TrainingListener both(TrainingListener a, TrainingListener b) {
        return new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                a.onProgress(p);
                b.onProgress(p);
            }

            @Override
            public void onRollback(Rollback r) {
                a.onRollback(r);
                b.onRollback(r);
            }

            @Override
            public void onRetraining(Retraining r) {
                a.onRetraining(r);
                b.onRetraining(r);
            }
        };
    }
}
