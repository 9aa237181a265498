"""PyTorch side of the interpolation-flow training benchmark. Same work as
dev.otto.bench.interpolation.TrainingThroughput: per iteration 256 rows of the 8-Gaussians mixture
(radius 4/1.414, std 0.5/1.414, as dev.otto.flows.data.Datasets.eightGaussians), z ~ N(0, I),
t ~ U(0, 1) per row, x_t = (1 - t) z + t x1, target x1 - z, MLP [x, t] -> 64 -> 64 -> 64 -> 2 with
softplus, float64, loss = mean_i |v - target|^2, backward, Adam (lr 1e-3), 2 threads.

Prints one line: iterations per second.
Run with Debian's interpreter: OMP_NUM_THREADS=2 /usr/bin/python3 bench/peers/interpolation_torch.py [iterations]
"""
import math
import sys
import time

import torch

torch.set_num_threads(int(__import__("os").environ.get("OTTO_TORCH_THREADS", "2")))
torch.set_default_dtype(torch.float64)

RADIUS = 4.0 / 1.414
STD = 0.5 / 1.414
CENTERS = torch.tensor([[RADIUS * math.cos(2 * math.pi * k / 8), RADIUS * math.sin(2 * math.pi * k / 8)]
                        for k in range(8)])


def eight_gaussians(n, gen):
    k = torch.randint(0, 8, (n,), generator=gen)
    return CENTERS[k] + STD * torch.randn(n, 2, generator=gen)


def train(net, opt, iterations, gen, batch=256):
    for _ in range(iterations):
        x1 = eight_gaussians(batch, gen)
        z = torch.randn(batch, 2, generator=gen)
        t = torch.rand(batch, 1, generator=gen)
        xt = (1 - t) * z + t * x1
        target = x1 - z
        opt.zero_grad(set_to_none=True)
        loss = ((net(torch.cat([xt, t], 1)) - target) ** 2).sum(1).mean()
        loss.backward()
        opt.step()


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(2)
    net = torch.nn.Sequential(
        torch.nn.Linear(3, 64), torch.nn.Softplus(),
        torch.nn.Linear(64, 64), torch.nn.Softplus(),
        torch.nn.Linear(64, 64), torch.nn.Softplus(),
        torch.nn.Linear(64, 2))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    train(net, opt, 300, gen)
    t0 = time.perf_counter()
    train(net, opt, iterations, gen)
    print(f"{iterations / (time.perf_counter() - t0):.1f}", flush=True)


if __name__ == "__main__":
    main()
