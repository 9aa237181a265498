package dev.otto.autodiff;

/**
 * Activation functions. Each is a small kernel with an explicit forward loop and two backward forms:
 * composed of recorded tensor operations when the backward pass is itself recorded (so second
 * derivatives exist), and one fused raw loop otherwise (the common first-order case). The loops are
 * written out per activation, not through a per-element lambda, because a shared loop calling many
 * different lambdas stops the JIT from inlining them (measured: about 2x on softplus).
 */
final class Activations {

    private Activations() {
    }

    /**
     * One activation: y = s(x) and the gradient g s'(x) given x and y, with the cost of each loop
     * per element in multiply-add equivalents, the unit of {@link Parallel#MIN_PARALLEL_WORK}
     * (measured by dev.otto.bench.autodiff.ParallelCrossover: a product multiply-add takes about
     * 0.1 ns, a SIMD softplus about 8 ns, a {@link Math#tanh} about 50 ns per element; tanh gains
     * from the pool from about 3000 elements, products only from several million multiply-adds, so
     * a library call is counted at 1500 to put the two crossings at one threshold).
     */
    abstract static class Kernel {
        /** A loop of one or two arithmetic operations per element. */
        static final long ARITHMETIC = 4;
        /** The SIMD softplus and its derivative (polynomial exponential and logarithm). */
        static final long POLYNOMIAL = 70;
        /** A call to {@link Math#tanh}, {@link Math#exp} or {@link Math#expm1} per element. */
        static final long LIBRARY_CALL = 1500;

        final String name;
        final long forwardCost;
        final long backwardCost;

        Kernel(String name, long forwardCost, long backwardCost) {
            this.name = name;
            this.forwardCost = forwardCost;
            this.backwardCost = backwardCost;
        }

        abstract void forward(double[] x, double[] y, int from, int to);

        abstract void backward(double[] g, double[] x, double[] y, double[] out, int from, int to);

        abstract Tensor composedBackward(Tensor g, Tensor x, Tensor y);
    }

    private static Tensor apply(Tensor x, Kernel k) {
        double[] y = BufferPool.acquire(x.data.length);
        Parallel.forRange(y.length, y.length * k.forwardCost, (from, to) -> k.forward(x.data, y, from, to));
        Tensor[] self = new Tensor[1];
        self[0] = Tensor.make(k.name, x.rows, x.cols, y, (g, needs) -> {
            if (Tape.isRecording()) {
                return new Tensor[] {k.composedBackward(g, x, self[0])};
            }
            double[] out = BufferPool.acquire(y.length);
            Parallel.forRange(y.length, y.length * k.backwardCost, (from, to) -> k.backward(g.data, x.data, y, out, from, to));
            return new Tensor[] {Tensor.wrap(x.rows, x.cols, out)};
        }, x);
        return self[0];
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /**
     * log(1 + u) for u >= 0, accurate to a few ulps (Goldberg's correction: log(w) u / (w - 1) with
     * w = 1 + u rounded) and faster than {@link Math#log1p}, which the JIT does not replace by an
     * intrinsic while {@link Math#log} it does.
     */
    static double log1p(double u) {
        double w = 1.0 + u;
        return w == 1.0 ? u : Math.log(w) * (u / (w - 1.0));
    }

    static Tensor tanh(Tensor x) {
        return apply(x, new Kernel("tanh", Kernel.LIBRARY_CALL, Kernel.ARITHMETIC) {
            void forward(double[] in, double[] y, int from, int to) {
                for (int i = from; i < to; i++) {
                    y[i] = Math.tanh(in[i]);
                }
            }

            void backward(double[] g, double[] in, double[] y, double[] out, int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = g[i] * (1.0 - y[i] * y[i]);
                }
            }

            Tensor composedBackward(Tensor g, Tensor in, Tensor y) {
                return g.mul(y.square().neg().addScalar(1.0));
            }
        });
    }

    static Tensor sigmoid(Tensor x) {
        return apply(x, new Kernel("sigmoid", Kernel.LIBRARY_CALL, Kernel.ARITHMETIC) {
            void forward(double[] in, double[] y, int from, int to) {
                for (int i = from; i < to; i++) {
                    y[i] = sigmoid(in[i]);
                }
            }

            void backward(double[] g, double[] in, double[] y, double[] out, int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = g[i] * y[i] * (1.0 - y[i]);
                }
            }

            Tensor composedBackward(Tensor g, Tensor in, Tensor y) {
                return g.mul(y.mul(y.neg().addScalar(1.0)));
            }
        });
    }

    /**
     * softplus_beta(x) = log(1 + e^{beta x}) / beta, evaluated as (max(z, 0) + log1p(e^{-|z|})) / beta
     * with z = beta x, so it neither overflows nor loses the linear tail; its derivative is
     * sigmoid(beta x). The plain loops use {@link Math#exp} and {@link Math#log} (the fastest scalar
     * route); the SIMD kernels use {@link SoftplusMath}'s polynomial algorithm, about eight times
     * faster on vector lanes. The two agree to a few units in the last place (tested).
     */
    static Tensor softplus(Tensor x, double beta) {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta: softplus sharpness must be positive and finite, got " + beta);
        }
        double inv = 1.0 / beta;
        return apply(x, new Kernel("softplus", Simd.ENABLED ? Kernel.POLYNOMIAL : Kernel.LIBRARY_CALL,
                Simd.ENABLED ? Kernel.POLYNOMIAL : Kernel.LIBRARY_CALL) {
            void forward(double[] in, double[] y, int from, int to) {
                if (Simd.ENABLED) {
                    VectorKernels.softplus(in, y, beta, from, to);
                    return;
                }
                for (int i = from; i < to; i++) {
                    double z = beta * in[i];
                    y[i] = (Math.max(z, 0.0) + log1p(Math.exp(-Math.abs(z)))) * inv;
                }
            }

            void backward(double[] g, double[] in, double[] y, double[] out, int from, int to) {
                if (Simd.ENABLED) {
                    VectorKernels.softplusBackward(g, in, out, beta, from, to);
                    return;
                }
                for (int i = from; i < to; i++) {
                    out[i] = g[i] * sigmoid(beta * in[i]);
                }
            }

            Tensor composedBackward(Tensor g, Tensor in, Tensor y) {
                return g.mul(in.scale(beta).sigmoid());
            }
        });
    }

    /**
     * The derivative of softplus_beta, s'(x) = sigmoid(beta x), as an operation of its own (forward-mode
     * tangents through a softplus network multiply by it; MATH.md section 2). Its derivative is
     * beta s'(x) (1 - s'(x)), written from the stored output; the SIMD loop shares
     * {@link SoftplusMath}'s exponential with the softplus kernels.
     */
    static Tensor softplusDerivative(Tensor x, double beta) {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta: softplus sharpness must be positive and finite, got " + beta);
        }
        return apply(x, new Kernel("softplusDerivative", Simd.ENABLED ? Kernel.POLYNOMIAL : Kernel.LIBRARY_CALL,
                Kernel.ARITHMETIC) {
            void forward(double[] in, double[] y, int from, int to) {
                if (Simd.ENABLED) {
                    VectorKernels.logistic(in, y, beta, from, to);
                    return;
                }
                for (int i = from; i < to; i++) {
                    y[i] = sigmoid(beta * in[i]);
                }
            }

            void backward(double[] g, double[] in, double[] y, double[] out, int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = g[i] * (beta * y[i] * (1.0 - y[i]));
                }
            }

            Tensor composedBackward(Tensor g, Tensor in, Tensor y) {
                return g.mul(y.mul(y.neg().addScalar(1.0)).scale(beta));
            }
        });
    }

    static Tensor relu(Tensor x) {
        return apply(x, new Kernel("relu", Kernel.ARITHMETIC, Kernel.ARITHMETIC) {
            void forward(double[] in, double[] y, int from, int to) {
                for (int i = from; i < to; i++) {
                    y[i] = in[i] > 0 ? in[i] : 0.0;
                }
            }

            void backward(double[] g, double[] in, double[] y, double[] out, int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = in[i] > 0 ? g[i] : 0.0;
                }
            }

            Tensor composedBackward(Tensor g, Tensor in, Tensor y) {
                return g.mul(in.step());
            }
        });
    }

    static Tensor elu(Tensor x, double alpha) {
        return apply(x, new Kernel("elu", Kernel.LIBRARY_CALL, Kernel.ARITHMETIC) {
            void forward(double[] in, double[] y, int from, int to) {
                for (int i = from; i < to; i++) {
                    y[i] = in[i] > 0 ? in[i] : alpha * Math.expm1(in[i]);
                }
            }

            void backward(double[] g, double[] in, double[] y, double[] out, int from, int to) {
                for (int i = from; i < to; i++) {
                    out[i] = in[i] > 0 ? g[i] : g[i] * (y[i] + alpha);
                }
            }

            Tensor composedBackward(Tensor g, Tensor in, Tensor y) {
                Tensor positive = in.step();
                // derivative: 1 for x > 0, alpha e^x = y + alpha otherwise
                return g.mul(positive.add(positive.neg().addScalar(1.0).mul(y.addScalar(alpha))));
            }
        });
    }
}
