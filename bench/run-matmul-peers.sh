#!/usr/bin/env bash
# GFLOP/s of the float64 matrix product in Otto and numpy/OpenBLAS, on the same machine in one run,
# alternating the two sides `rounds` times so that load from elsewhere hits both alike. The peer runs
# with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset in its own command, so that OpenBLAS picks its
# own kernel for this CPU (printed). Prints a markdown table of medians over the rounds and the
# ratio Otto/numpy of GFLOP/s (above 1 means Otto is faster).
#   bench/run-matmul-peers.sh [rounds] [reps]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
reps=${2:-9}
PY=/usr/bin/python3   # Debian's interpreter, which sees python3-numpy
[ -f bench/target/benchmarks.jar ] || mvn -q -B -pl bench -am package -DskipTests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$rounds"); do
  java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.otto.bench.autodiff.MatMulThroughput "$reps" >> "$tmp/otto"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" bench/peers/matmul_numpy.py "$reps" >> "$tmp/numpy"
done
grep -m1 '^#' "$tmp/numpy" || true
"$PY" - "$tmp/otto" "$tmp/numpy" <<'PYEOF'
import sys, statistics, collections
def load(path):
    d = collections.defaultdict(list)
    for line in open(path):
        if line.startswith("#"):
            continue
        n, k, m, g = line.split()
        d[(int(n), int(k), int(m))].append(float(g))
    return d
o, p = load(sys.argv[1]), load(sys.argv[2])
print("| n x k x m | Otto GFLOP/s | numpy GFLOP/s | ratio Otto/numpy | Otto rounds | numpy rounds |")
print("|---|---|---|---|---|---|")
for key in o:
    og, pg = statistics.median(o[key]), statistics.median(p[key])
    print(f"| {key[0]} x {key[1]} x {key[2]} | {og:.1f} | {pg:.1f} | {og/pg:.2f} | "
          f"{' '.join(f'{v:.0f}' for v in o[key])} | {' '.join(f'{v:.0f}' for v in p[key])} |")
PYEOF
