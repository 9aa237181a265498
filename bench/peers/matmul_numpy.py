"""numpy/OpenBLAS side of the matrix-product benchmark: GFLOP/s of C = A B in float64 (2 n k m
flops), the shapes and statistic of dev.otto.bench.autodiff.MatMulThroughput (median of reps
calls after a warm-up). Prints which BLAS kernel ran (threadpoolctl) as a comment line, then one
"n k m gflops" line per shape.
Run with Debian's interpreter, OpenBLAS left to pick its own kernel:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peers/matmul_numpy.py [reps]
"""
import sys
import time

import numpy as np

from blas_kernel import describe

SHAPES = ((128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
          (200, 128, 128), (2000, 128, 128), (2, 128, 128))


def median_ms(f, reps):
    start = time.perf_counter()
    i = 0
    while i < 10 or time.perf_counter() - start < 3:
        f()
        i += 1
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times[reps // 2]


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    print("# BLAS: " + describe(), flush=True)
    rng = np.random.default_rng(1)
    for n, k, m in SHAPES:
        a = rng.standard_normal((n, k))
        b = rng.standard_normal((k, m))
        r = max(3, reps // 3) if n * k * m >= 1 << 30 else reps
        ms = median_ms(lambda: a @ b, r)
        print(f"{n} {k} {m} {2.0 * n * k * m / (ms * 1e6):.2f}", flush=True)


if __name__ == "__main__":
    main()
