package dev.otto.autodiff;

/**
 * Matrix products and the transpose. With C = A B the backward rules are dA = G B^T and
 * dB = A^T G, themselves matrix products, so the rules are closed under differentiation.
 */
final class Products {

    private Products() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.cols != b.rows) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " do not chain (" + a.cols + " != " + b.rows + ")");
        }
        double[] out = MatMulKernels.mm(a.data, b.data, a.rows, a.cols, b.cols);
        return Tensor.make("matmul", a.rows, b.cols, out, (g, needs) -> new Tensor[] {
            needs[0] ? g.matmulTranspose(b) : null,
            needs[1] ? a.transposeMatmul(g) : null}, a, b);
    }

    /** C = A^T B: dA = B G^T, dB = A G. */
    static Tensor transposeMatmul(Tensor a, Tensor b) {
        if (a.rows != b.rows) {
            throw new IllegalArgumentException("transposeMatmul: shapes " + a.shape() + " and " + b.shape()
                    + " need equal row counts (" + a.rows + " != " + b.rows + ")");
        }
        double[] out = MatMulKernels.mmTransA(a.data, b.data, a.rows, a.cols, b.cols);
        return Tensor.make("transposeMatmul", a.cols, b.cols, out, (g, needs) -> new Tensor[] {
            needs[0] ? b.matmulTranspose(g) : null,
            needs[1] ? a.matmul(g) : null}, a, b);
    }

    /** C = A B^T: dA = G B, dB = G^T A. */
    static Tensor matmulTranspose(Tensor a, Tensor b) {
        if (a.cols != b.cols) {
            throw new IllegalArgumentException("matmulTranspose: shapes " + a.shape() + " and " + b.shape()
                    + " need equal column counts (" + a.cols + " != " + b.cols + ")");
        }
        double[] out = MatMulKernels.mmTransB(a.data, b.data, a.rows, a.cols, b.rows);
        return Tensor.make("matmulTranspose", a.rows, b.rows, out, (g, needs) -> new Tensor[] {
            needs[0] ? g.matmul(b) : null,
            needs[1] ? g.transposeMatmul(a) : null}, a, b);
    }

    static Tensor transpose(Tensor a) {
        double[] out = MatMulKernels.transpose(a.data, a.rows, a.cols);
        return Tensor.make("transpose", a.cols, a.rows, out, (g, needs) -> new Tensor[] {g.transpose()}, a);
    }
}
