"""PyTorch side of the autodiff benchmark. Same work as
dev.otto.bench.autodiff.VelocityMlpWork: a velocity MLP 3 -> w -> w -> w -> 2 with softplus,
float64, 2 threads.

  (a) loss = mean |v(x, t) - y|^2, backward, Adam step
  (b) loss = mean(|v|^2 / 2 - div_x v) with the exact divergence (two VJPs with
      create_graph=True), backward through them (double backward), Adam step

Prints one line per configuration: width batch median_ms_a median_ms_b.
Run with Debian's interpreter: /usr/bin/python3 bench/peers/autodiff_torch.py [reps]
"""
import sys
import time

import torch

torch.set_num_threads(2)
torch.set_default_dtype(torch.float64)


def mlp(width):
    return torch.nn.Sequential(
        torch.nn.Linear(3, width), torch.nn.Softplus(),
        torch.nn.Linear(width, width), torch.nn.Softplus(),
        torch.nn.Linear(width, width), torch.nn.Softplus(),
        torch.nn.Linear(width, 2))


def median_ms(step, reps):
    for _ in range(max(5, reps // 2)):
        step()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return times[reps // 2]


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    torch.manual_seed(1)
    for width, batch in ((64, 512), (128, 2000)):
        net = mlp(width)
        opt = torch.optim.Adam(net.parameters(), lr=1e-4)
        x = torch.randn(batch, 2)
        t = torch.rand(batch, 1)
        y = torch.randn(batch, 2)

        def regression():
            opt.zero_grad(set_to_none=True)
            loss = ((net(torch.cat([x, t], 1)) - y) ** 2).mean()
            loss.backward()
            opt.step()

        def jko():
            opt.zero_grad(set_to_none=True)
            xr = x.clone().requires_grad_(True)
            v = net(torch.cat([xr, t], 1))
            div = torch.zeros(batch)
            for i in range(2):
                e = torch.zeros_like(v)
                e[:, i] = 1.0
                g = torch.autograd.grad(v, xr, e, create_graph=True)[0]
                div = div + g[:, i]
            loss = (0.5 * (v ** 2).sum(1) - div).mean()
            loss.backward()
            opt.step()

        print(f"{width} {batch} {median_ms(regression, reps):.3f} {median_ms(jko, reps):.3f}", flush=True)


if __name__ == "__main__":
    main()
