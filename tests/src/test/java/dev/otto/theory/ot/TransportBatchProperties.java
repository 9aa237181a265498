package dev.otto.theory.ot;

import dev.otto.ot.TransportBatch;
import dev.otto.ot.Wasserstein;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TransportBatch}: a batch of independent OT problems (MATH.md section 1) returns, in input
 * order, exactly (bitwise) the one-by-one values, on a pool of one thread and of two; a failing
 * problem is named by its index. No tolerance: the batch runs the same deterministic solver on
 * the same inputs, so any difference is a bug (a mixed-up order or shared state).
 */
@Tag("ot.batch")
class TransportBatchProperties {

    @Provide
    Arbitrary<List<OtProblem>> batches() {
        return OtProblems.problems(8, false).map(OtProblem::probability).list().ofMinSize(0).ofMaxSize(24);
    }

    private static List<TransportBatch.Problem> asBatch(List<OtProblem> ps) {
        List<TransportBatch.Problem> out = new ArrayList<>();
        for (OtProblem p : ps) {
            out.add(new TransportBatch.Problem(p.x, p.a, p.y, p.b));
        }
        return out;
    }

    @Property(tries = 40)
    void batchEqualsOneByOneOnOneThreadOrTwo(@ForAll("batches") List<OtProblem> ps) throws Exception {
        List<TransportBatch.Problem> batch = asBatch(ps);
        double[] loop = new double[ps.size()];
        for (int k = 0; k < ps.size(); k++) {
            OtProblem p = ps.get(k);
            loop[k] = Wasserstein.wpp(p.x, p.a, p.y, p.b, 2);
        }
        for (int threads = 1; threads <= 2; threads++) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                double[] got = pool.submit(() -> TransportBatch.wpp(batch, 2)).get();
                assertArrayEquals(loop, got, 0.0, "batch on " + threads + " thread(s) differs from the loop");
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aFailingProblemIsNamedByItsIndex() {
        double[][] x = {{0}, {1}};
        List<TransportBatch.Problem> batch = List.of(TransportBatch.Problem.uniform(x, x),
                new TransportBatch.Problem(x, new double[] {1, -1}, x, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransportBatch.wpp(batch, 2));
        assertTrue(e.getMessage().startsWith("problems[1]: a:"), e.getMessage());
    }
}
