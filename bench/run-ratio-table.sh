#!/usr/bin/env bash
# Re-takes every ratio of bench/README.md against the peers in one run, one comparison after the
# other, each with its own alternating rounds, and keeps each comparison's output with the time and
# the load average it ran under (the machine may be shared: the ratios count only from a quiet run).
#   bench/run-ratio-table.sh [out]      (default bench/target/ratios-<UTC time>)
# Every peer runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its own environment (the
# scripts below do it), PyTorch at its best here: one thread for the JKO and proximal steps, whose
# two-thread runs are 1.8-2x slower on this machine kind (bench/README.md, "All of it together").
# Takes about 25 minutes on a quiet 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench/target/ratios-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$out"
mvn -q -B -pl bench -am package -DskipTests
J=(java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar)
run() {
  local name=$1
  shift
  { echo "# $name: $*"; echo "# start $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"; } | tee "$out/$name.md"
  "$@" 2>&1 | tee -a "$out/$name.md"
  echo "# end $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/$name.md"
}
run matmul bench/run-matmul-peers.sh 3 9
run autodiff bench/run-autodiff-peers.sh 3 30
run jko env TORCH_THREADS=1 bench/run-jko-peers.sh 3 3
run proximal env TORCH_THREADS=1 bench/run-proximal.sh peers 3 15
run interpolation bench/run-interpolation-peers.sh 3 1000
run ot "${J[@]}" -Xmx10g dev.otto.bench.ot.OtPeerComparison \
  "emd:1000:2:3,emd:1000:10:3,emd:2000:2:3,emd:2000:10:3,emd:5000:2:1,sinkhorn:1000:2:3,sinkhorn:1000:10:3,sinkhorn:2000:2:3,sinkhorn:2000:10:3,sinkhorn_log:1000:2:3,sinkhorn_log:1000:10:3,sinkhorn_log:2000:2:1,sinkhorn_log:2000:10:1"
run ot-toolkit "${J[@]}" -Xmx4g dev.otto.bench.ot.ToolkitPeerComparison \
  "sliced:10000:3:5,sliced:1000:10:5,unbalanced:1000:2:3,unbalanced:2000:10:3,unbalanced_log:1000:2:3,partial:400:2:1,entropic_barycenter:1000:2:3:2,entropic_barycenter:2000:2:3:2,barycenter:500:2:3,batch:50:2:3"
echo "all outputs in $out"
