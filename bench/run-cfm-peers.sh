#!/usr/bin/env bash
# TorchCFM's 2-D protocol (Tong et al. 2024, Table 2) run by Otto and by a plain-PyTorch peer on the
# same data, one (seed, task) at a time with the sides alternating (Otto first on even steps, the
# peer first on odd ones) so that load from elsewhere hits both alike; seeds in the outer loop, so an
# interrupted run still holds every task for the seeds it finished. Then scores every model with
# the same exact-OT W2 and prints the table (dev.otto.bench.interpolation.cfm.CfmTable).
#   bench/run-cfm-peers.sh [iterations] [seeds] [tasks] [out]
#   defaults: 500  42,43,44,45,46  all  bench/target/cfm
# Otto's path noise is SIGMA (default 0.1, the protocol's sigma_min; SIGMA=0 is the plain linear
# interpolant, as the first table in bench/README.md was taken). The peer runs on TORCH_THREADS threads (default 1: under load from other jobs PyTorch on 2 threads
# fell from 100-150 to 4.5 iterations/s on this machine); Otto on its default pool.
set -euo pipefail
cd "$(dirname "$0")/.."
iters=${1:-500}
seeds=${2:-42,43,44,45,46}
tasks=${3:-all}
out=${4:-bench/target/cfm}
PY=/usr/bin/python3   # Debian's interpreter, which sees python3-torch and python3-pot
[ -f bench/target/benchmarks.jar ] || mvn -q -B -pl bench -am package -DskipTests
J=(java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar)
[ -e "$out" ] && { echo "out: $out exists; remove it or name another folder" >&2; exit 2; }
"${J[@]}" dev.otto.bench.interpolation.cfm.CfmData "$out/data" "$tasks" "$seeds" 2>/dev/null
[ "$tasks" = all ] && tasks=moons,8gaussians,scurve,moons-8gaussians
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/peers/blas_kernel.py
echo "# iterations $iters, Otto sigma ${SIGMA:-0.1}, seeds $seeds, tasks $tasks, torch threads ${TORCH_THREADS:-1}, start $(date -u +%H:%M:%S) UTC"
otto() { "${J[@]}" dev.otto.bench.interpolation.cfm.CfmOttoRun "$out/data" "$out" "$1" "$2" "$iters" "${SIGMA:-0.1}" 2>/dev/null; }
peer() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OTTO_TORCH_THREADS="${TORCH_THREADS:-1}" \
    "$PY" bench/peers/cfm_torch.py "$out/data" "$out" "$1" "$2" "$iters"
}
step=0
for seed in ${seeds//,/ }; do
  for task in ${tasks//,/ }; do
    echo "# $task seed $seed, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%S) UTC"
    if (( step % 2 == 0 )); then otto "$task" "$seed"; peer "$task" "$seed"; else peer "$task" "$seed"; otto "$task" "$seed"; fi
    step=$((step + 1))
  done
done
echo "# end $(date -u +%H:%M:%S) UTC"
"${J[@]}" dev.otto.bench.interpolation.cfm.CfmTable "$out/data" "$out" 2>/dev/null
