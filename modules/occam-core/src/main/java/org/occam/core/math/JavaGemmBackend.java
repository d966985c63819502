package org.occam.core.math;

/**
 * The portable pure-Java GEMM, needing nothing but a JVM: i-k-j order on four rows of C at a
 * time, so the innermost loop walks contiguous rows of B and C that the JIT auto-vectorizes, with
 * each loaded row of B used four times. Bᵀ is packed first (see {@link BlockedGemmBackend}).
 * <p>
 * Every element of C is the sum of {@code a_ip·b_pj} for p = 0, 1, … in order from zero, then
 * that sum or {@code c + sum}, whatever rows a thread is given (when adding, the sums of four rows
 * are formed in a per-thread buffer first).
 */
public final class JavaGemmBackend extends BlockedGemmBackend {
    private static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[0]);

    @Override
    protected void kernel(int i0, int i1, int j0, int j1, int k,
                          double[] a, int aOff, int rowStride, int colStride,
                          double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        int n = j1 - j0;
        if (!add) {
            sums(i0, i1, j0, k, n, a, aOff, rowStride, colStride, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        double[] t = SUMS.get();
        if (t.length < 4 * n) {
            t = new double[4 * n];
            SUMS.set(t);
        }
        for (int i = i0; i < i1; i += 4) {
            int rows = Math.min(4, i1 - i);
            sums(0, rows, 0, k, n, a, aOff + i * rowStride, rowStride, colStride, b, bOff + j0, ldb, t, 0, n);
            for (int r = 0; r < rows; r++) {
                int ci = cOff + (i + r) * ldc + j0;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += t[r * n + j];
                }
            }
        }
    }

    /** C[i0, i1) × [j0, j0 + n) = A·B, each element summed from zero. */
    private static void sums(int i0, int i1, int j0, int k, int n, double[] a, int aOff, int rowStride, int colStride,
                             double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc + j0;
            java.util.Arrays.fill(c, ci, ci + n, 0.0);
        }
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int c0 = cOff + i * ldc + j0;
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            int ap = aOff + i * rowStride;
            for (int p = 0; p < k; p++, ap += colStride) {
                double s0 = a[ap];
                double s1 = a[ap + rowStride];
                double s2 = a[ap + 2 * rowStride];
                double s3 = a[ap + 3 * rowStride];
                int bp = bOff + p * ldb + j0;
                for (int j = 0; j < n; j++) {
                    double bv = b[bp + j];
                    c[c0 + j] += s0 * bv;
                    c[c1 + j] += s1 * bv;
                    c[c2 + j] += s2 * bv;
                    c[c3 + j] += s3 * bv;
                }
            }
        }
        for (; i < i1; i++) {
            int c0 = cOff + i * ldc + j0;
            int ap = aOff + i * rowStride;
            for (int p = 0; p < k; p++, ap += colStride) {
                double s0 = a[ap];
                int bp = bOff + p * ldb + j0;
                for (int j = 0; j < n; j++) {
                    c[c0 + j] += s0 * b[bp + j];
                }
            }
        }
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String toString() {
        return "java (portable, JIT auto-vectorized)";
    }
}
