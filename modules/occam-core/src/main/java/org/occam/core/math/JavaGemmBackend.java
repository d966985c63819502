package org.occam.core.math;

/**
 * The portable pure-Java GEMM, needing nothing but a JVM: i-k-j order on four rows of C at a
 * time, so the innermost loop walks contiguous rows of B and C that the JIT auto-vectorizes, with
 * each loaded row of B used four times. Bᵀ is packed first (see {@link BlockedGemmBackend}).
 * <p>
 * Every element of C is its old value (or 0), then {@code + a_ip·b_pj} for p = 0, 1, … in order,
 * whatever rows a thread is given.
 */
public final class JavaGemmBackend extends BlockedGemmBackend {

    @Override
    protected void kernel(int i0, int i1, int j0, int j1, int k,
                          double[] a, int aOff, int rowStride, int colStride,
                          double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        int n = j1 - j0;
        if (!add) {
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc + j0;
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            }
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
