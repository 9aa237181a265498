#!/usr/bin/env bash
# Training throughput of the interpolation flow in Otto and PyTorch, on the same machine in
# one run, alternating the two sides `rounds` times so that load from elsewhere hits both alike.
# Prints a markdown row of median iterations/s and the ratio Otto/PyTorch (above 1: Otto faster).
#   bench/run-interpolation-peers.sh [rounds] [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
iters=${2:-1000}
PY=/usr/bin/python3   # Debian's interpreter, which sees python3-torch
[ -f bench/target/benchmarks.jar ] || mvn -q -B -pl bench -am package -DskipTests
o=(); t=()
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/peers/blas_kernel.py
for r in $(seq "$rounds"); do
  o+=("$(java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.otto.bench.interpolation.TrainingThroughput "$iters" 2>/dev/null)")
  t+=("$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=2 "$PY" bench/peers/interpolation_torch.py "$iters")")
done
"$PY" - "${o[*]}" "${t[*]}" <<'PYEOF'
import sys, statistics
o = [float(v) for v in sys.argv[1].split()]
t = [float(v) for v in sys.argv[2].split()]
print("Otto it/s per round:", o)
print("PyTorch it/s per round:", t)
print("| batch | MLP | Otto it/s (median) | PyTorch it/s (median) | ratio Otto/PyTorch |")
print("|---|---|---|---|---|")
mo, mt = statistics.median(o), statistics.median(t)
print(f"| 256 | [x,t] -> 3 x 64 softplus -> 2, float64 | {mo:.1f} | {mt:.1f} | {mo/mt:.2f} |")
PYEOF
