#!/usr/bin/env bash
# Side-by-side timing of the autodiff benchmark work in Otto and PyTorch, on the same machine in one
# run, alternating the two sides `rounds` times so that load from elsewhere hits both alike.
# Prints a markdown table of medians and ratios (Otto / PyTorch: below 1 means Otto is faster).
#   bench/run-autodiff-peers.sh [rounds] [reps]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
reps=${2:-30}
PY=/usr/bin/python3   # Debian's interpreter, which sees python3-torch
[ -f bench/target/benchmarks.jar ] || mvn -q -B -pl bench -am package -DskipTests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/peers/blas_kernel.py
for r in $(seq "$rounds"); do
  java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.otto.bench.autodiff.VelocityMlpWork "$reps" >> "$tmp/otto"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=2 "$PY" bench/peers/autodiff_torch.py "$reps" >> "$tmp/torch"
done
"$PY" - "$tmp/otto" "$tmp/torch" <<'PYEOF'
import sys, statistics, collections
def load(path):
    d = collections.defaultdict(lambda: ([], []))
    for line in open(path):
        w, b, a, j = line.split()
        d[(int(w), int(b))][0].append(float(a)); d[(int(w), int(b))][1].append(float(j))
    return d
o, t = load(sys.argv[1]), load(sys.argv[2])
print("| width | batch | step | Otto ms | PyTorch ms | ratio Otto/PyTorch |")
print("|---|---|---|---|---|---|")
for key in sorted(o):
    for i, name in enumerate(("(a) fwd+bwd+Adam", "(b) exact-divergence loss, double backward")):
        om, tm = statistics.median(o[key][i]), statistics.median(t[key][i])
        print(f"| {key[0]} | {key[1]} | {name} | {om:.2f} | {tm:.2f} | {om/tm:.2f} |")
PYEOF
