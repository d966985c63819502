package org.occam.core.math;

/**
 * The portable pure-Java GEMM: loop orders chosen so the innermost loop walks contiguous memory
 * (i-k-j for A·B, dot products for A·Bᵀ), which the JIT auto-vectorizes. Needs nothing but a JVM.
 */
public final class JavaGemmBackend implements GemmBackend {

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = i * ldc;
            if (beta == 0.0) {
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            } else if (beta != 1.0) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
        if (!transB) {
            // C[i,:] += alpha * A'[i,p] * B[p,:]
            for (int i = 0; i < m; i++) {
                int ci = i * ldc;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[p * lda + i] : a[i * lda + p];
                    if (av == 0.0) {
                        continue;
                    }
                    double s = alpha * av;
                    int bp = p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += s * b[bp + j];
                    }
                }
            }
        } else if (!transA) {
            // C[i,j] += alpha * dot(A[i,:], B[j,:])
            for (int i = 0; i < m; i++) {
                int ai = i * lda;
                int ci = i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = j * ldb;
                    double s = 0.0;
                    for (int p = 0; p < k; p++) {
                        s += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] += alpha * s;
                }
            }
        } else {
            // C = alpha * Aᵀ Bᵀ, rare: element by element
            for (int i = 0; i < m; i++) {
                int ci = i * ldc;
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int p = 0; p < k; p++) {
                        s += a[p * lda + i] * b[j * ldb + p];
                    }
                    c[ci + j] += alpha * s;
                }
            }
        }
    }

    @Override
    public String name() {
        return "java";
    }
}
