#!/usr/bin/env bash
# One JKO training step (reference architecture, batch 2000, S = 3 RK4) in Otto and PyTorch, side
# by side, alternating `rounds` times; prints a markdown table of medians and ratios.
#   bench/run-jko-peers.sh [rounds] [reps]
# TORCH_THREADS=1 for a single-threaded peer (2 by default; under load a 2-thread pool can stall).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
reps=${2:-10}
threads=${TORCH_THREADS:-2}
PY=/usr/bin/python3
[ -f bench/target/benchmarks.jar ] || mvn -q -B -pl bench -am package -DskipTests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/peers/blas_kernel.py
for r in $(seq "$rounds"); do
  java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.otto.bench.jko.JkoStepWork "$reps" 2>/dev/null >> "$tmp/otto"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" "$PY" bench/peers/jko_torch.py "$reps" "$threads" >> "$tmp/torch"
done
"$PY" - "$tmp/otto" "$tmp/torch" <<'PYEOF'
import sys, statistics
def load(p):
    rows = [l.split() for l in open(p)]
    return [float(r[1]) for r in rows], [float(r[2]) for r in rows]
(oe, oh), (te, th) = load(sys.argv[1]), load(sys.argv[2])
print("| JKO step (2-128-128-128-2, batch 2000, S=3 RK4) | Otto ms | PyTorch ms | ratio Otto/PyTorch | Otto rounds | PyTorch rounds |")
print("|---|---|---|---|---|---|")
for name, o, t in (("exact divergence", oe, te), ("Hutchinson (1 Rademacher probe)", oh, th)):
    om, tm = statistics.median(o), statistics.median(t)
    rounds = lambda v: " ".join(f"{x:.0f}" for x in v)
    print(f"| {name} | {om:.1f} | {tm:.1f} | {om/tm:.2f} | {rounds(o)} | {rounds(t)} |")
PYEOF
