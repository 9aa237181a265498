#!/usr/bin/python3
"""POT 0.8.2 peer for Otto's transport toolkit (sliced, unbalanced, free-support barycenter, batch).
Run with the Debian python: /usr/bin/python3.

usage: ot_toolkit_pot.py DIR CASE...   where CASE = solver:n:d:reps and solver is one of
  sliced        ot.sliced_wasserstein_distance(x, y, p=2) on the 200 directions DIR/theta_{d}.npy
  unbalanced    ot.unbalanced.sinkhorn_unbalanced(method="sinkhorn"), reg = 0.05 mean(M), reg_m = mean(M)
  unbalanced_log  the same with method="sinkhorn_stabilized" (POT's log-stabilised form) and stopThr=2e-10: POT checks
                its error max|u - u_prev| / max(|u|, |u_prev|, 1) every 10th iteration, and at iteration 20 it reads
                2.2e-10 while the potentials still move by 3.6 eps per sweep (the next checks read 4e-2, 0.27), so
                stopThr=1e-9 stops there at a plan of cost 0.252 against 1.377; 2e-10 is the loosest threshold past
                that check, and its plan moves by 2.3e-10 eps in one more sweep (Otto's stopping rule: at most 1e-9).
                The iteration count is that of the last check, 10 (checks - 1) + 1
  partial       ot.partial.entropic_partial_wasserstein(reg = 0.05 mean(M), m = 0.5, numItermax=10000, stopThr=1e-9)
  entropic_barycenter  ot.bregman.barycenter(A, M, reg = 0.05 mean(M), weights = (1/H, ..., 1/H), method="sinkhorn",
                numItermax=10000, stopThr=1e-9) on the support x: M = dist(x, x), A = [uniform, h_1, ..., h_{H-1}],
                h_k proportional to exp(-|x_i - s_k 1|^2), s_k = 1, -1, 1/2, -1/2, 1/3, ...; value sum_i a_i |x_i|^2.
                The case takes H as a fifth field (solver:n:d:reps:H, default 2); M and A are built outside the
                timed region, as Otto's side builds them
  barycenter    ot.lp.free_support_barycenter([x, y], uniform, X_init = x, numItermax=100, stopThr=1e-7)
  batch         a Python loop of ot.emd2 over 1000 problems (x[:n] + 0.001 k, y[:n]), k = 0..999
Reads DIR/x_{n}_{d}.npy and DIR/y_{n}_{d}.npy (written by dev.otto.bench.ot.ToolkitPeerComparison),
and prints one line per case:  solver n d median_seconds value iterations cpu=S [change=X]. cpu is the median
process CPU time of a rep (all threads: OpenBLAS's and numpy's), which a loaded machine disturbs far less than the
wall time. For the unbalanced solvers change is the largest move of a potential, over eps, in one more sweep of
POT's iteration from the returned plan (log domain, outside the timed region): the measure of Otto's stopping rule,
on POT's own problem.
"""
import sys
import time

import numpy as np
from scipy.special import logsumexp
import ot
import ot.partial
import ot.unbalanced


def main():
    folder = sys.argv[1]
    for case in sys.argv[2:]:
        fields = case.split(":")
        solver, n, d, reps = fields[:4]
        n, d, reps = int(n), int(d), int(reps)
        x = np.load(f"{folder}/x_{n}_{d}.npy")
        y = np.load(f"{folder}/y_{n}_{d}.npy")
        a = np.full(n, 1.0 / n)
        b = np.full(n, 1.0 / n)
        M = ot.dist(x, y)
        if solver == "entropic_barycenter":
            histograms = int(fields[4]) if len(fields) > 4 else 2
            Mxx = ot.dist(x, x)
            columns = [a]
            for k in range(1, histograms):
                shift = (1.0 if k % 2 == 1 else -1.0) / ((k + 1) // 2)
                h = np.exp(-np.sum((x - shift) ** 2, axis=1))
                columns.append(h / h.sum())
            A = np.stack(columns, axis=1)
            reg = 0.05 * Mxx.mean()
        times = []
        cpu = []
        value = float("nan")
        iters = -1
        for _ in range(reps):
            t0 = time.perf_counter()
            c0 = time.process_time()
            if solver == "sliced":
                theta = np.load(f"{folder}/theta_{d}.npy")
                # POT 0.8.2 divides by n_projections even when projections are given: pass their count
                value = float(ot.sliced_wasserstein_distance(x, y, a, b, n_projections=theta.shape[0],
                                                             projections=theta.T, p=2))
            elif solver in ("unbalanced", "unbalanced_log"):
                method = "sinkhorn" if solver == "unbalanced" else "sinkhorn_stabilized"
                threshold = 1e-9 if solver == "unbalanced" else 2e-10
                G, log = ot.unbalanced.sinkhorn_unbalanced(a, b, M, 0.05 * M.mean(), M.mean(), method=method,
                                                            numItermax=10000, stopThr=threshold, log=True)
                value = float(np.sum(G * M))
                iters = len(log["err"]) if solver == "unbalanced" else 10 * (len(log["err"]) - 1) + 1
            elif solver == "partial":
                G, log = ot.partial.entropic_partial_wasserstein(a, b, M, 0.05 * M.mean(), m=0.5, numItermax=10000,
                                                                 stopThr=1e-9, log=True)
                value = float(np.sum(G * M))
                iters = 10 * len(log["err"])
            elif solver == "entropic_barycenter":
                bary, log = ot.bregman.barycenter(A, Mxx, reg, weights=np.full(histograms, 1.0 / histograms),
                                                  method="sinkhorn", numItermax=10000, stopThr=1e-9, log=True)
                value = float(np.sum(bary * np.sum(x ** 2, axis=1)))
                iters = int(log["niter"]) if "niter" in log else len(log["err"])
            elif solver == "barycenter":
                X = ot.lp.free_support_barycenter([x, y], [a, b], x.copy(), numItermax=100, stopThr=1e-7)
                value = float(np.abs(X).sum())
            elif solver == "batch":
                total = 0.0
                for k in range(1000):
                    xs = x + 0.001 * k
                    total += ot.emd2(a, b, ot.dist(xs, y))
                value = total
            else:
                raise SystemExit(f"unknown solver {solver}")
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        extra = [f"cpu={float(np.median(cpu))}"]
        if solver in ("unbalanced", "unbalanced_log"):
            extra.append(f"change={sweep_change(a, b, M, 0.05 * M.mean(), M.mean(), log['logu'], log['logv']):.3g}")
        print(solver, n, d, float(np.median(times)), repr(value), iters, *extra, flush=True)


def sweep_change(a, b, M, reg, reg_m, logu, logv):
    """max(|Delta log u|, |Delta log v|) over one more sweep of u = (a / K v)^fi, v = (b / K^T u)^fi, fi = reg_m /
    (reg_m + reg), in the log domain: the largest potential change (reg log u) over reg."""
    fi = reg_m / (reg_m + reg)
    lu = fi * (np.log(a) - logsumexp(logv[None, :] - M / reg, axis=1))
    lv = fi * (np.log(b) - logsumexp(lu[:, None] - M / reg, axis=0))
    return max(np.max(np.abs(lu - logu)), np.max(np.abs(lv - logv)))


if __name__ == "__main__":
    main()
