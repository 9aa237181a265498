"""PyTorch side of TorchCFM's 2-D protocol (Tong et al. 2024, Table 2), the losses of torchcfm 1.0.7
written out in plain PyTorch (torchcfm itself cannot be installed here). Same work as
dev.otto.bench.interpolation.cfm.CfmOttoRun for one (task, seed), on the same .npy data:

  x_0 ~ source (N(0, I) drawn fresh each batch, or rows of source_train.npy), x_1 ~ rows of
  train.npy, t ~ U(0, 1) per row, MLP [x, t] -> 3 x 64 SELU -> 2 (float32, as torchcfm), batch 512,
  AdamW (lr 1e-3, weight decay 1e-5), loss mean_i |v(t_i, x_t,i) - u_t,i|^2, sigma = sigma_min = 0.1:
  icfm   x_t = t x_1 + (1 - t) x_0 + sigma eps, u_t = x_1 - x_0      (ConditionalFlowMatcher)
  otcfm  the same after drawing the batch's pairs with replacement from the exact OT plan of
         |x_0 - x_1|^2 (POT's ot.emd), as OTPlanSampler does (ExactOptimalTransportConditionalFlowMatcher)
  fm     x_t = t x_1 + (1 - (1 - sigma) t) x_0, u_t = x_1 - (1 - sigma) x_0, Gaussian source only
         (TargetConditionalFlowMatcher, Lipman et al. 2023)

Each model then transports the 1,000 rows of source_test.npy by RK4 with 100 steps; the wall time
covers training and that transport (not start-up or loading). Writes OUT/torch-METHOD-TASK-SEED.npy
and appends a line per model to OUT/runs.tsv (format of CfmRecord; NLL not computed: nan).

Threads: OTTO_TORCH_THREADS (default 1; on this shared machine, loaded by other jobs, 2 threads ran
at 4.5 iterations/s against 100-150 on one). Run with Debian's interpreter, the peer's way:
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peers/cfm_torch.py DATA OUT TASK SEED ITERATIONS
"""
import os
import sys
import time

import numpy as np
import ot
import torch

torch.set_num_threads(int(os.environ.get("OTTO_TORCH_THREADS", "1")))
SIGMA = 0.1
BATCH = 512
EVAL_STEPS = 100


def mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(3, 64), torch.nn.SELU(),
        torch.nn.Linear(64, 64), torch.nn.SELU(),
        torch.nn.Linear(64, 64), torch.nn.SELU(),
        torch.nn.Linear(64, 2))


def ot_pairs(x0, x1, gen):
    """Pairs drawn with replacement from the exact OT plan of the batch (OTPlanSampler.sample_plan)."""
    a = np.full(x0.shape[0], 1.0 / x0.shape[0])
    b = np.full(x1.shape[0], 1.0 / x1.shape[0])
    m = ot.dist(x0.double().numpy(), x1.double().numpy())
    pi = ot.emd(a, b, m).flatten()
    choice = gen.choice(pi.shape[0], size=x0.shape[0], p=pi / pi.sum())
    i, j = np.divmod(choice, x1.shape[0])
    return x0[i], x1[j]


def train(method, source_train, train_x, iterations, seed):
    torch.manual_seed(seed)
    gen = np.random.default_rng(seed)
    net = mlp()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-5)
    for _ in range(iterations):
        x1 = train_x[torch.randint(0, train_x.shape[0], (BATCH,))]
        if source_train is None:
            x0 = torch.randn(BATCH, 2)
        else:
            x0 = source_train[torch.randint(0, source_train.shape[0], (BATCH,))]
        if method == "otcfm":
            x0, x1 = ot_pairs(x0, x1, gen)
        t = torch.rand(BATCH, 1)
        if method == "fm":
            xt = t * x1 + (1 - (1 - SIGMA) * t) * x0
            ut = x1 - (1 - SIGMA) * x0
        else:
            xt = t * x1 + (1 - t) * x0 + SIGMA * torch.randn_like(x0)
            ut = x1 - x0
        opt.zero_grad(set_to_none=True)
        loss = ((net(torch.cat([xt, t], 1)) - ut) ** 2).mean()
        loss.backward()
        opt.step()
    return net


@torch.no_grad()
def transport(net, x):
    h = 1.0 / EVAL_STEPS

    def v(t, y):
        return net(torch.cat([y, torch.full((y.shape[0], 1), t)], 1))

    for k in range(EVAL_STEPS):
        t = k * h
        k1 = v(t, x)
        k2 = v(t + h / 2, x + h / 2 * k1)
        k3 = v(t + h / 2, x + h / 2 * k2)
        k4 = v(t + h, x + h * k3)
        x = x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return x


def main():
    if len(sys.argv) != 6:
        sys.exit("usage: cfm_torch.py DATA OUT TASK SEED ITERATIONS")
    data, out, task, seed, iterations = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    folder = os.path.join(data, f"{task}-{seed}")

    def load(name):
        path = os.path.join(folder, name)
        return torch.from_numpy(np.load(path)).float() if os.path.exists(path) else None

    source_train, source_test, train_x = load("source_train.npy"), load("source_test.npy"), load("train.npy")
    os.makedirs(out, exist_ok=True)
    methods = ["icfm", "otcfm"] + (["fm"] if source_train is None else [])
    for method in methods:
        t0 = time.perf_counter()
        net = train(method, source_train, train_x, iterations, seed)
        samples = transport(net, source_test)
        seconds = time.perf_counter() - t0
        name = f"torch-{method}-{task}-{seed}.npy"
        np.save(os.path.join(out, name), samples.double().numpy())
        with open(os.path.join(out, "runs.tsv"), "a") as f:
            f.write(f"torch\t{task}\t{seed}\t{method}\t{iterations}\t{seconds:.4f}\tnan\t{name}\n")
        print(f"torch {task} seed {seed} {method}: {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
