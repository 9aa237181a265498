#!/usr/bin/python3
"""Load an Otto model exported with `otto export MODEL --torch FILE` into PyTorch and sample from it.

Needs numpy and torch only: the safetensors header is parsed here (8 bytes little-endian length,
then a JSON header, then the raw little-endian entries), see docs/model-format.md.

    python3 tools/otto_torch.py model.torch.safetensors -n 1000 --seed 0 -o samples.npy
    python3 tools/otto_torch.py model.torch.safetensors --noise z.npy --steps 200 -o samples.npy

Sampling is implemented for Gaussian interpolation flows (kind "interpolation"): dx/dt = v(x, t)
is integrated from noise z ~ N(0, I) at t = 0 to t = 1 with the classical Runge-Kutta method on a
uniform grid, the velocity network reading the concatenation [x, t]. For the other kinds
(jko, proximal) the networks load with `mlp(...)`; their samplers are not written here.
"""
import argparse
import json
import re
import struct
import sys

import numpy as np
import torch

DTYPES = {"F64": "<f8", "F32": "<f4"}


def load(path):
    """(metadata, config, tensors): the string metadata, the typed configuration, float64 tensors."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    if meta.get("otto.layout") != "torch.nn.Linear/1":
        sys.exit(f"{path}: not an Otto PyTorch export (otto.layout = {meta.get('otto.layout')!r});"
                 " write one with: otto export MODEL --torch FILE")
    data = raw[8 + n:]
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        a = np.frombuffer(data[begin:end], dtype=DTYPES[e["dtype"]]).reshape(e["shape"])
        tensors[name] = torch.from_numpy(a.astype("<f8"))
    return meta, json.loads(meta["otto.config"]), tensors


def activation(name):
    """The torch module of an Otto activation name: tanh, relu, sigmoid, identity, softplus(beta), elu(alpha)."""
    m = re.fullmatch(r"(\w+)(?:\(([^)]*)\))?", name.strip())
    kind, arg = m.group(1), m.group(2)
    if kind == "softplus":
        # a threshold far beyond where log1p(exp(b x)) and x differ in double precision
        return torch.nn.Softplus(beta=float(arg or 1.0), threshold=40.0)
    if kind == "elu":
        return torch.nn.ELU(alpha=float(arg or 1.0))
    return {"tanh": torch.nn.Tanh(), "relu": torch.nn.ReLU(), "sigmoid": torch.nn.Sigmoid(),
            "identity": torch.nn.Identity()}[kind]


def mlp(tensors, prefix, act):
    """The MLP whose layers are prefix.0, prefix.1, ...: nn.Linear layers with `act` between them, float64."""
    layers = []
    k = 0
    while f"{prefix}.{k}.weight" in tensors:
        w = tensors[f"{prefix}.{k}.weight"]
        linear = torch.nn.Linear(w.shape[1], w.shape[0]).double()
        with torch.no_grad():
            linear.weight.copy_(w)
            linear.bias.copy_(tensors[f"{prefix}.{k}.bias"])
        layers += [linear, activation(act)]
        k += 1
    if k == 0:
        sys.exit(f"no layers named {prefix}.0.weight, ...")
    return torch.nn.Sequential(*layers[:-1])


def sample_interpolation(config, tensors, z, steps):
    """RK4 on [0, 1] with `steps` uniform steps of dx/dt = v([x, t])."""
    v = mlp(tensors, "velocity", config["activation"])

    def field(t, x):
        return v(torch.cat([x, torch.full((x.shape[0], 1), t, dtype=x.dtype)], dim=1))

    h = 1.0 / steps
    x = z
    with torch.no_grad():
        for i in range(steps):
            t = i * h
            k1 = field(t, x)
            k2 = field(t + h / 2, x + h / 2 * k1)
            k3 = field(t + h / 2, x + h / 2 * k2)
            k4 = field(t + h, x + h * k3)
            x = x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return x


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model", help="file written by otto export MODEL --torch FILE")
    p.add_argument("-n", type=int, default=1000, help="samples when no --noise is given (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="seed of torch.randn (default 0)")
    p.add_argument("--noise", help=".npy file of noise z (n x d), instead of torch.randn")
    p.add_argument("--steps", type=int, default=200, help="RK4 steps on [0, 1] (default 200)")
    p.add_argument("-o", "--out", required=True, help="output .npy file")
    a = p.parse_args()
    meta, config, tensors = load(a.model)
    kind = meta["otto.model"]
    if kind != "interpolation":
        sys.exit(f"{a.model}: a {kind!r} model; sampling here is implemented for 'interpolation' models only")
    d = config["dimension"]
    source = config.get("source", "gaussian")
    if a.noise:
        z = torch.from_numpy(np.load(a.noise).astype("<f8"))
    elif source != "gaussian":
        sys.exit(f"{a.model}: the flow starts from the source {source!r}, not N(0, I); give its draws with --noise")
    else:
        z = torch.randn(a.n, d, generator=torch.Generator().manual_seed(a.seed), dtype=torch.float64)
    if z.ndim != 2 or z.shape[1] != d:
        sys.exit(f"--noise: expected n x {d}, got {tuple(z.shape)}")
    np.save(a.out, sample_interpolation(config, tensors, z, a.steps).numpy())
    print(f"wrote {z.shape[0]} samples to {a.out}")


if __name__ == "__main__":
    main()
