"""PyTorch side of the JKO training-step benchmark, the same work as
dev.otto.bench.jko.JkoStepWork: block 2-128-128-128-2 softplus(beta=20), batch 2000, S = 3
classical RK4 steps on [0, 1] carrying the log-determinant (exact divergence by two VJPs with
create_graph, or Hutchinson with one Rademacher probe fixed for the solve), loss
mean|x1|^2/2 - mean(logdet) + mean|x1 - x0|^2 / (2h) with h = 0.25, backward, clip 1, Adam.
float64, 2 threads (or the second argument: 1 gives the steadier peer on a loaded 2-core machine,
where a 2-thread OpenMP pool can stall). Prints "batch median_ms_exact median_ms_hutchinson".
Run with Debian's interpreter: /usr/bin/python3 bench/peers/jko_torch.py [reps] [threads]
"""
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
torch.set_default_dtype(torch.float64)


def net(width):
    return torch.nn.Sequential(
        torch.nn.Linear(2, width), torch.nn.Softplus(beta=20),
        torch.nn.Linear(width, width), torch.nn.Softplus(beta=20),
        torch.nn.Linear(width, width), torch.nn.Softplus(beta=20),
        torch.nn.Linear(width, 2))


def field(f, x, probe):
    v = f(x)
    if probe is None:
        div = torch.zeros(x.shape[0])
        for i in range(x.shape[1]):
            e = torch.zeros_like(v)
            e[:, i] = 1.0
            div = div + torch.autograd.grad(v, x, e, create_graph=True)[0][:, i]
    else:
        div = (torch.autograd.grad(v, x, probe, create_graph=True)[0] * probe).sum(1)
    return v, div


def rk4_cnf(f, x0, steps, probe):
    x, logdet = x0, torch.zeros(x0.shape[0])
    dt = 1.0 / steps
    for _ in range(steps):
        k1, d1 = field(f, x, probe)
        k2, d2 = field(f, x + 0.5 * dt * k1, probe)
        k3, d3 = field(f, x + 0.5 * dt * k2, probe)
        k4, d4 = field(f, x + dt * k3, probe)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        logdet = logdet + dt / 6 * (d1 + 2 * d2 + 2 * d3 + d4)
    return x, logdet


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    torch.manual_seed(1)
    f = net(128)
    opt = torch.optim.Adam(f.parameters(), lr=1e-4)
    x0 = torch.randn(2000, 2)
    h = 0.25

    def step(exact):
        opt.zero_grad(set_to_none=True)
        x = x0.clone().requires_grad_(True)
        probe = None if exact else (torch.randint(0, 2, x.shape).to(torch.float64) * 2 - 1)
        x1, logdet = rk4_cnf(f, x, 3, probe)
        loss = 0.5 * (x1 ** 2).sum(1).mean() - logdet.mean() + ((x1 - x0) ** 2).sum(1).mean() / (2 * h)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(f.parameters(), 1.0)
        opt.step()

    def median(exact):
        start = time.perf_counter()
        while time.perf_counter() - start < 3:
            step(exact)
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            step(exact)
            ts.append((time.perf_counter() - t0) * 1e3)
        ts.sort()
        return ts[reps // 2]

    print(f"2000 {median(True):.3f} {median(False):.3f}", flush=True)


if __name__ == "__main__":
    main()
