"""PyTorch side of the proximal benchmark: one generator step plus n_D = 5 discriminator
steps at batch 200 on 2-D pinwheel-like data, the MATH.md section 6 reference architectures:
phi = tanh MLP [x, t] -> 5 x 48 -> 1, g = ReLU MLP x -> 3 x 48 -> 1, K = 5 Euler steps on [0, 1],
v = -grad_x phi with create_graph=True, KL (Donsker-Varadhan) data term, one-sided gradient penalty
(mu = 0.1, L = 1) on interpolates, lambda = 0.5, Adam(0.5, 0.9), lr 2e-5 / 1e-4. float64, 2 threads.
The same work as dev.otto.bench.proximal.ProximalStepWork (written independently from MATH.md).

Prints one line: median_ms over reps timed iterations (after a warm-up).
Run with Debian's interpreter: /usr/bin/python3 bench/peers/proximal_torch.py [reps] [threads, default 2]
"""
import math
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
torch.set_default_dtype(torch.float64)


def mlp(d_in, widths, act):
    layers = []
    for w in widths:
        layers += [torch.nn.Linear(d_in, w), act()]
        d_in = w
    layers.append(torch.nn.Linear(d_in, 1))
    return torch.nn.Sequential(*layers)


def pinwheel(n, gen):
    # a stand-in with the same shape and scale as the pinwheel set; the data draw is not timed apart
    labels = torch.randint(0, 5, (n,), generator=gen)
    feats = torch.randn(n, 2, generator=gen) * torch.tensor([0.3, 0.05]) + torch.tensor([1.0, 0.0])
    angles = labels * (2 * math.pi / 5) + 0.25 * torch.exp(feats[:, 0])
    c, s = torch.cos(angles), torch.sin(angles)
    return torch.stack([c * feats[:, 0] - s * feats[:, 1], s * feats[:, 0] + c * feats[:, 1]], 1) * 2


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    gen = torch.Generator().manual_seed(1)
    torch.manual_seed(1)
    d, n, K, T = 2, 200, 5, 1.0
    phi = mlp(d + 1, [48] * 5, torch.nn.Tanh)
    g = mlp(d, [48] * 3, torch.nn.ReLU)
    opt_g = torch.optim.Adam(phi.parameters(), lr=1e-4, betas=(0.5, 0.9))
    opt_d = torch.optim.Adam(g.parameters(), lr=2e-5, betas=(0.5, 0.9))
    dt = T / K

    def rollout(z, create_graph):
        x = z
        ke = 0.0
        for k in range(K):
            if not create_graph:
                x = x.detach().requires_grad_(True)
            t = torch.full((n, 1), k * T / K)
            p = phi(torch.cat([x, t], 1))
            grad = torch.autograd.grad(p.sum(), x, create_graph=create_graph)[0]
            ke = ke + dt * (grad ** 2).sum() / (2 * n)
            x = x - dt * grad
        return x.detach() if not create_graph else x, ke

    def step():
        for _ in range(5):
            y = pinwheel(n, gen)
            xk, _ = rollout(torch.randn(n, d, generator=gen), False)
            opt_d.zero_grad(set_to_none=True)
            gp_ = g(xk).mean()
            gq = g(y)
            obj = gp_ - (torch.logsumexp(gq[:, 0], 0) - math.log(n))
            s = torch.rand(n, 1, generator=gen)
            xh = (s * y + (1 - s) * xk).requires_grad_(True)
            gr = torch.autograd.grad(g(xh).sum(), xh, create_graph=True)[0]
            pen = torch.relu((gr ** 2).sum(1) - 1.0).mean()
            (-(obj - 0.1 * pen)).backward()
            opt_d.step()
        z = torch.randn(n, d, generator=gen).requires_grad_(True)
        opt_g.zero_grad(set_to_none=True)
        xk, ke = rollout(z, True)
        loss = g(xk).mean() + 0.5 * ke
        loss.backward()
        opt_g.step()

    for _ in range(max(5, reps // 2)):
        step()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print("%.3f" % times[reps // 2])


if __name__ == "__main__":
    main()
