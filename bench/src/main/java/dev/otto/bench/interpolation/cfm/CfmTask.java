package dev.otto.bench.interpolation.cfm;

import dev.otto.flows.data.Datasets;
import dev.otto.flows.data.Sampler;
import java.util.List;

/**
 * One problem of TorchCFM's 2-D table (Tong et al. 2024, Table 2): transport a source to a target.
 * The source is N(0, I) unless {@link #source()} names a data set (moons -&gt; 8gaussians), in which
 * case only methods that accept any source (I-CFM, OT-CFM, reflow) apply and no likelihood is
 * defined (the source has no density).
 *
 * @param name   the task's name in files and tables
 * @param source the source sampler, or null for N(0, I)
 * @param target the target sampler
 */
record CfmTask(String name, Sampler source, Sampler target) {

    /** The four tasks, in the order of the table. */
    static List<CfmTask> all() {
        return List.of(new CfmTask("moons", null, Datasets.moons()),
                new CfmTask("8gaussians", null, Datasets.eightGaussians()),
                new CfmTask("scurve", null, new SCurve()),
                new CfmTask("moons-8gaussians", Datasets.moons(), Datasets.eightGaussians()));
    }

    /** The task called {@code name}. */
    static CfmTask byName(String name) {
        return all().stream().filter(t -> t.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("task: expected one of " + all().stream().map(CfmTask::name).toList()
                        + ", got '" + name + "'"));
    }

    boolean gaussianSource() {
        return source == null;
    }
}
