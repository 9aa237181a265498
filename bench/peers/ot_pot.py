#!/usr/bin/python3
"""POT 0.8.2 peer for Otto's ot benchmarks. Run with the Debian python: /usr/bin/python3.

usage: ot_pot.py DIR CASE...   where CASE = solver:n:d:reps, solver in emd, sinkhorn, sinkhorn_log,
small_sinkhorn, small_sinkhorn_log (eps = 1e-3 mean(M), at most 1000 iterations, one run; these
lines add the L1 marginal error and POT's warnings)
Reads DIR/x_{n}_{d}.npy and DIR/y_{n}_{d}.npy (written by dev.otto.bench.ot.OtPeerComparison),
uses uniform weights and M = ot.dist(x, y) (squared Euclidean), eps = 0.05 * mean(M) for Sinkhorn
(stopThr 1e-9, numItermax 10000), and prints one line per case:
  solver n d median_seconds value iterations
where value is <G, M>. Times exclude building M (Otto's times exclude building C too).
"""
import sys
import time
import warnings

import numpy as np
import ot


def main():
    folder = sys.argv[1]
    for case in sys.argv[2:]:
        solver, n, d, reps = case.split(":")
        n, d, reps = int(n), int(d), int(reps)
        x = np.load(f"{folder}/x_{n}_{d}.npy")
        y = np.load(f"{folder}/y_{n}_{d}.npy")
        a = np.full(n, 1.0 / n)
        b = np.full(n, 1.0 / n)
        M = ot.dist(x, y)
        eps = 0.05 * M.mean()
        times = []
        value = float("nan")
        iters = -1
        for _ in range(reps):
            t0 = time.perf_counter()
            if solver == "emd":
                G, log = ot.emd(a, b, M, numItermax=10**8, log=True)
                iters = -1
            elif solver == "sinkhorn":
                G, log = ot.sinkhorn(a, b, M, eps, method="sinkhorn", stopThr=1e-9, numItermax=10000, log=True)
                iters = log.get("niter", len(log["err"]) * 10)
            elif solver == "sinkhorn_log":
                G, log = ot.sinkhorn(a, b, M, eps, method="sinkhorn_log", stopThr=1e-9, numItermax=10000, log=True)
                iters = log.get("niter", len(log["err"]) * 10)
            else:
                # small eps (1e-3 mean(M)): POT's two solvers at most 1000 iterations; report what
                # they return (NaN, or the L1 marginal error when they stop)
                method = "sinkhorn" if solver == "small_sinkhorn" else "sinkhorn_log"
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    with np.errstate(all="ignore"):
                        G, log = ot.sinkhorn(a, b, M, 1e-3 * M.mean(), method=method, stopThr=1e-9,
                                             numItermax=1000, log=True)
                iters = log.get("niter", -1)
                l1 = float(np.abs(G.sum(1) - a).sum() + np.abs(G.sum(0) - b).sum())
                note = ";".join(sorted(set(str(w.message).split(".")[0].replace(" ", "_") for w in caught))) or "none"
                times.append(time.perf_counter() - t0)
                value = float(np.sum(G * M))
                print(solver, n, d, float(np.median(times)), repr(value), iters, repr(l1), note, flush=True)
                break
            times.append(time.perf_counter() - t0)
            value = float(np.sum(G * M))
        if not solver.startswith("small_"):
            print(solver, n, d, float(np.median(times)), repr(value), iters, flush=True)


if __name__ == "__main__":
    main()
