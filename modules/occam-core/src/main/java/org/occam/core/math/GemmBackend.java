package org.occam.core.math;

/**
 * A general matrix-multiply implementation on row-major arrays, the one operation the engine needs
 * to be fast. {@link Gemm} routes every product through the installed backend, so a faster one
 * (vectorized, native) can replace {@link JavaGemmBackend} in one place.
 * <p>
 * Computes {@code C = alpha·op(A)·op(B) + beta·C} with {@code op(X) = X} or {@code Xᵀ};
 * {@code op(A)} is {@code m × k}, {@code op(B)} is {@code k × n}, {@code C} is {@code m × n}, and
 * {@code lda}, {@code ldb}, {@code ldc} are the row strides of the arrays as stored, starting at
 * {@code aOff}, {@code bOff}, {@code cOff}. When {@code beta == 0}, C's previous contents are
 * ignored (even NaN).
 * <p>
 * Determinism contract: the value written to each element of C must not depend on how many
 * threads the backend uses, so a backend may split work along rows or columns of C but never
 * split the sum over k; and with {@code alpha == 1, beta == 1} each element must be its old value
 * plus its sum over k formed from zero ({@code c + Σ}, not {@code c + a₀b₀ + a₁b₁ + …}), so that
 * accumulating consecutive row blocks gives the same bits as adding separately computed blocks.
 */
public interface GemmBackend {
    /**
     * @param transA use Aᵀ
     * @param transB use Bᵀ
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param alpha scale of the product
     * @param a A's values
     * @param aOff index of A's first value
     * @param lda A's row stride
     * @param b B's values
     * @param bOff index of B's first value
     * @param ldb B's row stride
     * @param beta scale of C's previous value
     * @param c C's values, overwritten
     * @param cOff index of C's first value
     * @param ldc C's row stride
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /**
     * The same product on arrays that start at index 0.
     * @param transA use Aᵀ
     * @param transB use Bᵀ
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param alpha scale of the product
     * @param a A's values
     * @param lda A's row stride
     * @param b B's values
     * @param ldb B's row stride
     * @param beta scale of C's previous value
     * @param c C's values, overwritten
     * @param ldc C's row stride
     */
    default void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        gemm(transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
    }

    /**
     * {@code C = op(A)·op(B) + 1·r} with a row vector r added to every row of C: each element is
     * its sum over k formed from zero, then {@code sum + r_j} — the same bits as {@link #gemm} with
     * {@code beta = 0} followed by adding r to every row, which is what this default does; a
     * backend may instead add r in its write-back (a dense layer's bias, without a second pass).
     * @param transA use Aᵀ
     * @param transB use Bᵀ
     * @param m rows of op(A) and C
     * @param n columns of op(B), of C and of r
     * @param k columns of op(A), rows of op(B)
     * @param a A's values
     * @param aOff index of A's first value
     * @param lda A's row stride
     * @param b B's values
     * @param bOff index of B's first value
     * @param ldb B's row stride
     * @param r the row's values
     * @param rOff index of the row's first value
     * @param c C's values, overwritten
     * @param cOff index of C's first value
     * @param ldc C's row stride
     */
    default void gemmPlusRow(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double[] r, int rOff, double[] c, int cOff, int ldc) {
        gemm(transA, transB, m, n, k, 1.0, a, aOff, lda, b, bOff, ldb, 0.0, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] += r[rOff + j];
            }
        }
    }

    /** @return a short name for logs and benchmarks */
    String name();
}
