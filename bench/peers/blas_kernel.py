"""Prints which BLAS library, version and kernel (CPU architecture) numpy and PyTorch run here, and
with how many threads, so that a peer table can say what it was measured against. Run the peer's
way: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peers/blas_kernel.py
"""
import numpy  # noqa: F401  (loads OpenBLAS, so that threadpoolctl sees it)


def describe():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl missing; numpy " + numpy.__version__
    return "; ".join(f"{i['internal_api']} {i.get('version')} kernel {i.get('architecture')} threads {i['num_threads']}"
                     for i in threadpool_info() if i["user_api"] == "blas")


if __name__ == "__main__":
    print("# BLAS: " + describe(), flush=True)
