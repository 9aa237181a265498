package dev.otto.bench;

import java.util.List;

/**
 * Starts a peer (a Python reference implementation) the fair way: with OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE removed from its environment, so that OpenBLAS (under Debian's numpy and
 * PyTorch) picks its own kernel for this CPU instead of the older one those variables pin on this
 * machine kind (numpy's dgemm: 95 GFLOP/s pinned, 156 free at n = 1024). Only the peer's own
 * process is affected; nothing else in the build or the tests reads them.
 */
public final class PeerProcess {

    /** The variables that hold OpenBLAS to an older kernel. */
    static final List<String> PINNING = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    private PeerProcess() {
    }

    /** A process builder for {@code command}, stderr inherited, the pinning variables removed. */
    public static ProcessBuilder of(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        PINNING.forEach(pb.environment()::remove);
        return pb;
    }
}
