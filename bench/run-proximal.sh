#!/bin/sh
# W1/W2 proximal flows: experiments and the PyTorch comparison, from the project root.
#   bench/run-proximal.sh pinwheel [key=value ...]   pinwheel in R^2, R^7, R^12, all four cases (default budget)
#   bench/run-proximal.sh pinwheel iterations=25000  the authors' full length
#     more keys: dims=2,7,12 cases=w1w2,w1,w2,none track=2500 (S_eps during training) ema=0.999
#     (generator averaging) phiScale=S pinwheel=1.4 (the data's scale) ceiling=88.72 seed=0
#     energy=path|detached (the authors' stop-gradient kinetic energy) init=glorot|uniform (default glorot, the authors'; uniform: PyTorch's)
#   bench/run-proximal.sh digits [iterations=2000]   W1+W2 on the 8x8 digits, writes a PNG grid
#   bench/run-proximal.sh peers [rounds] [reps]      one training iteration, Otto vs PyTorch (float64, 2 threads;
#                                                    TORCH_THREADS=1 for a single-threaded peer)
# Results: bench/results/proximal.md. Models and images: target/proximal-experiments/.
set -e
cd "$(dirname "$0")/.."
what=${1:-pinwheel}
[ $# -gt 0 ] && shift
mvn -q -B -pl bench -am package -DskipTests
# one thread: at batch 200 the thread pool costs more than it gives (2-D default budget, same bits:
# 2 min 27 s single-threaded against 5 min 24 s with the pool)
JAVA="java -XX:+UseParallelGC -Dotto.threads=1 --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar"
case "$what" in
  pinwheel) exec $JAVA dev.otto.bench.proximal.PinwheelExperiment "$@" ;;
  digits) exec $JAVA dev.otto.bench.proximal.DigitsExperiment "$@" ;;
  peers) exec java -XX:+UseParallelGC --add-modules jdk.incubator.vector -Dotto.torchThreads="${TORCH_THREADS:-2}" \
           -cp bench/target/benchmarks.jar dev.otto.bench.proximal.ProximalPeerComparison "$@" ;;
  *) echo "usage: bench/run-proximal.sh pinwheel|digits|peers [args]" >&2; exit 2 ;;
esac
