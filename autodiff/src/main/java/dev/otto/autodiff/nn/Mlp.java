package dev.otto.autodiff.nn;

import dev.otto.autodiff.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * A multilayer perceptron x -> W_L s(... s(x W_1 + b_1) ...) + b_L with one activation s between
 * layers and none after the last. With a time input, the network sees the concatenation [x, t]
 * (a velocity field v(x, t)).
 *
 * <pre>{@code
 * Mlp v = Mlp.builder(2).hidden(64, 64, 64).output(2)
 *         .activation(Activation.softplus()).timeInput(true).build(rng);
 * Tensor velocity = v.apply(x, t);
 * }</pre>
 */
public final class Mlp implements Module {
    private final List<Linear> layers;
    private final Activation activation;
    private final int inputDim;
    private final boolean timeInput;

    private Mlp(List<Linear> layers, Activation activation, int inputDim, boolean timeInput) {
        this.layers = layers;
        this.activation = activation;
        this.inputDim = inputDim;
        this.timeInput = timeInput;
    }

    /** Starts a builder for inputs of {@code inputDim} columns (not counting a time input). */
    public static Builder builder(int inputDim) {
        return new Builder(inputDim);
    }

    /** The network on a batch; for a time-input network use {@link #apply(Tensor, double)}. */
    public Tensor apply(Tensor x) {
        if (timeInput) {
            throw new IllegalStateException("this MLP takes a time input: call apply(x, t)");
        }
        return forward(checkInput(x));
    }

    /** v(x, t) for one time t shared by the batch. */
    public Tensor apply(Tensor x, double t) {
        return apply(x, Tensor.filled(x.rows(), 1, t));
    }

    /** What the first layer reads: x, or [x, t] with a time input (t shared by the batch). */
    Tensor input(Tensor x, double t) {
        checkInput(x);
        return timeInput ? Tensor.concatCols(x, Tensor.filled(x.rows(), 1, t)) : x;
    }

    /** v(x, t) with a time per row (t is n x 1). */
    public Tensor apply(Tensor x, Tensor t) {
        if (!timeInput) {
            throw new IllegalStateException("this MLP has no time input: call apply(x)");
        }
        checkInput(x);
        if (t.rows() != x.rows() || t.cols() != 1) {
            throw new IllegalArgumentException("t: expected " + x.rows() + "x1 times, got " + t.shape());
        }
        return forward(Tensor.concatCols(x, t));
    }

    private Tensor checkInput(Tensor x) {
        if (x.cols() != inputDim) {
            throw new IllegalArgumentException("x: MLP expects " + inputDim + " columns, got " + x.shape());
        }
        return x;
    }

    private Tensor forward(Tensor h) {
        int last = layers.size() - 1;
        for (int l = 0; l < last; l++) {
            h = layers.get(l).applyActivated(h, activation).value();
        }
        return layers.get(last).apply(h);
    }

    /**
     * An upper bound on the Lipschitz constant in x (with t fixed), MATH.md section 2:
     * prod_l ||W_l||_2 * Lip(s)^(L-1), the spectral norms from EJML's singular values. For a
     * time-input network the rows of W_1 that multiply t are left out.
     */
    public double lipschitzBound() {
        double bound = 1.0;
        for (int l = 0; l < layers.size(); l++) {
            Tensor w = layers.get(l).weight().value();
            if (l == 0 && timeInput) {
                w = w.transpose().sliceCols(0, inputDim).transpose();
            }
            bound *= spectralNorm(w);
            if (l < layers.size() - 1) {
                bound *= activation.lipschitz();
            }
        }
        return bound;
    }

    /**
     * The same bound as {@link #lipschitzBound()}, recorded on the tape as a 1 x 1 tensor so that it
     * can be penalised (spectral-norm regularisation, seed paper 1, Lemma C.2: a block map is
     * e^L-Lipschitz). Each sigma_l = u_l^T W_l v_l with the top singular pair (u_l, v_l) of W_l
     * computed from the raw values and held fixed, so that d sigma_l / d W_l = u_l v_l^T, the
     * gradient of a simple largest singular value (as in power-iteration spectral normalisation,
     * here with the exact pair from EJML's SVD).
     */
    public Tensor lipschitzBoundRecorded() {
        Tensor bound = Tensor.scalar(1.0);
        for (int l = 0; l < layers.size(); l++) {
            Tensor w = layers.get(l).weight().value();
            if (l == 0 && timeInput) {
                w = w.sliceRows(0, inputDim);
            }
            bound = bound.mul(spectralNormRecorded(w));
            if (l < layers.size() - 1) {
                bound = bound.scale(activation.lipschitz());
            }
        }
        return bound;
    }

    /** u^T W v, 1 x 1, with (u, v) the top singular pair of W held fixed (its gradient is u v^T). */
    static Tensor spectralNormRecorded(Tensor w) {
        DMatrixRMaj m = new DMatrixRMaj(w.rows(), w.cols(), true, w.toArray());
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(w.rows(), w.cols(), true, true,
                true);
        if (!svd.decompose(m)) {
            throw new ArithmeticException("the SVD of a " + w.shape() + " weight did not converge");
        }
        double[] s = svd.getSingularValues();
        int top = 0;
        for (int i = 1; i < s.length; i++) {
            top = s[i] > s[top] ? i : top;
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] uTop = new double[w.rows()];
        double[] vTop = new double[w.cols()];
        for (int i = 0; i < uTop.length; i++) {
            uTop[i] = u.get(i, top);
        }
        for (int j = 0; j < vTop.length; j++) {
            vTop[j] = v.get(j, top);
        }
        return Tensor.wrap(1, uTop.length, uTop).matmul(w).matmul(Tensor.wrap(vTop.length, 1, vTop));
    }

    /** The largest singular value of a matrix. */
    public static double spectralNorm(Tensor w) {
        DMatrixRMaj m = new DMatrixRMaj(w.rows(), w.cols(), true, w.toArray());
        double[] s = SingularOps_DDRM.singularValues(m);
        double max = 0;
        for (double v : s) {
            max = Math.max(max, v);
        }
        return max;
    }

    public List<Linear> layers() {
        return Collections.unmodifiableList(layers);
    }

    public Activation activation() {
        return activation;
    }

    public int inputDim() {
        return inputDim;
    }

    public int outputDim() {
        return layers.get(layers.size() - 1).out();
    }

    public boolean hasTimeInput() {
        return timeInput;
    }

    /** The widths of all layers, input (with the time column) first, output last. */
    public int[] widths() {
        int[] w = new int[layers.size() + 1];
        w[0] = layers.get(0).in();
        for (int l = 0; l < layers.size(); l++) {
            w[l + 1] = layers.get(l).out();
        }
        return w;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Linear l : layers) {
            ps.addAll(l.parameters());
        }
        return ps;
    }

    /** Builder of {@link Mlp}; defaults: no hidden layer, softplus activation, no time input. */
    public static final class Builder {
        private final int inputDim;
        private int[] hidden = new int[0];
        private int output = -1;
        private Activation activation = Activation.softplus();
        private boolean timeInput;
        private String name = "layers";
        private Initialisation init = Initialisation.UNIFORM_FAN_IN;

        private Builder(int inputDim) {
            if (inputDim <= 0) {
                throw new IllegalArgumentException("inputDim: must be positive, got " + inputDim);
            }
            this.inputDim = inputDim;
        }

        public Builder hidden(int... widths) {
            for (int w : widths) {
                if (w <= 0) {
                    throw new IllegalArgumentException("hidden: widths must be positive, got " + w);
                }
            }
            this.hidden = widths.clone();
            return this;
        }

        public Builder output(int outputDim) {
            if (outputDim <= 0) {
                throw new IllegalArgumentException("output: must be positive, got " + outputDim);
            }
            this.output = outputDim;
            return this;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        public Builder timeInput(boolean withTime) {
            this.timeInput = withTime;
            return this;
        }

        /** Prefix of the parameter names ("layers" by default: layers.0.weight, layers.0.bias, ...). */
        public Builder name(String prefix) {
            this.name = prefix;
            return this;
        }

        /** How the layers draw their weights (default {@link Initialisation#UNIFORM_FAN_IN}, PyTorch's). */
        public Builder initialisation(Initialisation i) {
            if (i == null) {
                throw new IllegalArgumentException("initialisation: expected an Initialisation, got null");
            }
            this.init = i;
            return this;
        }

        /** Builds with weights drawn from {@code rng} (see {@link Initialisation} for the distributions). */
        public Mlp build(RandomGenerator rng) {
            if (output < 0) {
                throw new IllegalStateException("output dimension not set: call output(n)");
            }
            List<Linear> layers = new ArrayList<>();
            int in = inputDim + (timeInput ? 1 : 0);
            for (int l = 0; l <= hidden.length; l++) {
                int out = l < hidden.length ? hidden[l] : output;
                layers.add(new Linear(name + "." + l, in, out, init, rng));
                in = out;
            }
            return new Mlp(layers, activation, inputDim, timeInput);
        }
    }
}
