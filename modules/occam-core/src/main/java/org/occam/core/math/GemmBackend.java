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

    /**
     * {@code C = Aᵀ·B} summed over consecutive blocks of k: for the blocks {@code [t·block, min(k, (t+1)·block))}
     * of A's and B's rows, t = 0, 1, … in order, each block's product is formed from zero (as {@link #gemm}
     * forms its sums) and added to C, {@code C ← ((C + S₀) + S₁) + …}; without {@code accumulate} the first
     * block's sums are written as they are ({@code S₀}, not {@code 0 + S₀}), and with k = 0 C becomes zeros
     * (as {@link #gemm} with {@code beta = 0}). The same bits as one
     * {@link #gemm} call per block (which is what this default does); a backend may instead walk all blocks
     * for each tile of C while it is in cache (a weight gradient's fixed-block reduction in one pass over C).
     * @param m columns of A, rows of C
     * @param n columns of B and of C
     * @param k rows of A and of B (≥ 0)
     * @param block rows per block (≥ 1)
     * @param a A's values (k × m)
     * @param aOff index of A's first value
     * @param lda A's row stride
     * @param b B's values (k × n)
     * @param bOff index of B's first value
     * @param ldb B's row stride
     * @param accumulate add the first block to C's old values instead of overwriting them
     * @param c C's values
     * @param cOff index of C's first value
     * @param ldc C's row stride
     */
    default void transposeTimesBlocks(int m, int n, int k, int block, double[] a, int aOff, int lda,
                                      double[] b, int bOff, int ldb, boolean accumulate,
                                      double[] c, int cOff, int ldc) {
        if (block < 1) {
            throw new IllegalArgumentException("block " + block);
        }
        if (k == 0 && !accumulate) {
            gemm(true, false, m, n, 0, 1.0, a, aOff, lda, b, bOff, ldb, 0.0, c, cOff, ldc);
        }
        for (int p0 = 0; p0 < k; p0 += block) {
            gemm(true, false, m, n, Math.min(block, k - p0), 1.0, a, aOff + p0 * lda, lda, b, bOff + p0 * ldb, ldb,
                    accumulate || p0 > 0 ? 1.0 : 0.0, c, cOff, ldc);
        }
    }

    /** @return a short name for logs and benchmarks */
    String name();
}
