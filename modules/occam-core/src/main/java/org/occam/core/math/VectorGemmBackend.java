package org.occam.core.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the JDK's Vector API ({@code jdk.incubator.vector}): a register-blocked kernel that
 * keeps a 4-row × 4-vector tile of C (16 vector accumulators, 4·4·L values with L lanes) in
 * registers while it walks k, broadcasting one value of A per row and loading one vector of B per
 * column block, so each step is 16 fused multiply-adds for 4 loads and 4 broadcasts. Edges use
 * 1-row and 1-vector tiles, and columns past the last whole vector a scalar loop.
 * <p>
 * Every element of C is {@code acc = fma(a_ip, b_pj, acc)} for p = 0, 1, … from acc = 0, then
 * {@code alpha·acc + beta·c}; vector lanes and the scalar tail compute exactly that, so the result
 * does not depend on which tile or thread computes an element.
 * <p>
 * Loading this class needs the JVM flag {@code --add-modules jdk.incubator.vector};
 * {@link Gemm} checks for the module before it touches this class.
 */
public final class VectorGemmBackend extends BlockedGemmBackend {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** @return the number of double lanes of the preferred vector shape on this machine */
    public static int lanes() {
        return L;
    }

    @Override
    protected int columnAlignment() {
        return L;
    }

    @Override
    protected void kernel(int i0, int i1, int j0, int j1, int k, double alpha,
                          double[] a, int aOff, int rowStride, int colStride,
                          double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                tile4x4(i, j, k, alpha, a, aOff, rowStride, colStride, b, bOff, ldb, beta, c, cOff, ldc);
            }
            for (; i < i1; i++) {
                tile1x4(i, j, k, alpha, a, aOff, rowStride, colStride, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }
        for (; j + L <= j1; j += L) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                tile4x1(i, j, k, alpha, a, aOff, rowStride, colStride, b, bOff, ldb, beta, c, cOff, ldc);
            }
            for (; i < i1; i++) {
                tile1x1(i, j, k, alpha, a, aOff, rowStride, colStride, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }
        if (j < j1) {
            scalarColumns(i0, i1, j, j1, k, alpha, a, aOff, rowStride, colStride, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** Columns narrower than a vector: four rows at a time so four sums are in flight. */
    private static void scalarColumns(int i0, int i1, int j0, int j1, int k, double alpha,
                                      double[] a, int aOff, int rowStride, int colStride,
                                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int a0 = aOff + i * rowStride;
            for (int j = j0; j < j1; j++) {
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                double s3 = 0.0;
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    double bv = b[bp];
                    int ap = a0 + p * colStride;
                    s0 = Math.fma(a[ap], bv, s0);
                    s1 = Math.fma(a[ap + rowStride], bv, s1);
                    s2 = Math.fma(a[ap + 2 * rowStride], bv, s2);
                    s3 = Math.fma(a[ap + 3 * rowStride], bv, s3);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = combine(s0, alpha, beta, c[ci]);
                c[ci + ldc] = combine(s1, alpha, beta, c[ci + ldc]);
                c[ci + 2 * ldc] = combine(s2, alpha, beta, c[ci + 2 * ldc]);
                c[ci + 3 * ldc] = combine(s3, alpha, beta, c[ci + 3 * ldc]);
            }
        }
        for (; i < i1; i++) {
            int a0 = aOff + i * rowStride;
            for (int j = j0; j < j1; j++) {
                double s = 0.0;
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    s = Math.fma(a[a0 + p * colStride], b[bp], s);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = combine(s, alpha, beta, c[ci]);
            }
        }
    }

    /** The scalar twin of {@link #store}: the same operations, so lanes and tail agree bit for bit. */
    private static double combine(double acc, double alpha, double beta, double old) {
        double r = alpha == 1.0 ? acc : acc * alpha;
        if (beta == 0.0) {
            return r;
        }
        return beta == 1.0 ? old + r : old * beta + r;
    }

    private static void store(DoubleVector acc, double alpha, double beta, double[] c, int off) {
        DoubleVector r = alpha == 1.0 ? acc : acc.mul(alpha);
        if (beta != 0.0) {
            DoubleVector old = DoubleVector.fromArray(S, c, off);
            r = beta == 1.0 ? old.add(r) : old.mul(beta).add(r);
        }
        r.intoArray(c, off);
    }

    private static void tile4x4(int i, int j, int k, double alpha, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S), c03 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S), c13 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S), c23 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S), c33 = DoubleVector.zero(S);
        int a0 = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + 1 * L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
            int ap = a0 + p * colStride;
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ap + 1 * rowStride]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ap + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ap + 3 * rowStride]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            c33 = x3.fma(b3, c33);
        }
        int ci = cOff + i * ldc + j;
        store(c00, alpha, beta, c, ci);
        store(c01, alpha, beta, c, ci + 1 * L);
        store(c02, alpha, beta, c, ci + 2 * L);
        store(c03, alpha, beta, c, ci + 3 * L);
        store(c10, alpha, beta, c, ci + 1 * ldc);
        store(c11, alpha, beta, c, ci + 1 * ldc + 1 * L);
        store(c12, alpha, beta, c, ci + 1 * ldc + 2 * L);
        store(c13, alpha, beta, c, ci + 1 * ldc + 3 * L);
        store(c20, alpha, beta, c, ci + 2 * ldc);
        store(c21, alpha, beta, c, ci + 2 * ldc + 1 * L);
        store(c22, alpha, beta, c, ci + 2 * ldc + 2 * L);
        store(c23, alpha, beta, c, ci + 2 * ldc + 3 * L);
        store(c30, alpha, beta, c, ci + 3 * ldc);
        store(c31, alpha, beta, c, ci + 3 * ldc + 1 * L);
        store(c32, alpha, beta, c, ci + 3 * ldc + 2 * L);
        store(c33, alpha, beta, c, ci + 3 * ldc + 3 * L);
    }

    private static void tile1x4(int i, int j, int k, double alpha, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S), c03 = DoubleVector.zero(S);
        int a0 = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + 1 * L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
            int ap = a0 + p * colStride;
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
        }
        int ci = cOff + i * ldc + j;
        store(c00, alpha, beta, c, ci);
        store(c01, alpha, beta, c, ci + 1 * L);
        store(c02, alpha, beta, c, ci + 2 * L);
        store(c03, alpha, beta, c, ci + 3 * L);
    }

    private static void tile4x1(int i, int j, int k, double alpha, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        int a0 = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            int ap = a0 + p * colStride;
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
            DoubleVector x1 = DoubleVector.broadcast(S, a[ap + 1 * rowStride]);
            c10 = x1.fma(b0, c10);
            DoubleVector x2 = DoubleVector.broadcast(S, a[ap + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            DoubleVector x3 = DoubleVector.broadcast(S, a[ap + 3 * rowStride]);
            c30 = x3.fma(b0, c30);
        }
        int ci = cOff + i * ldc + j;
        store(c00, alpha, beta, c, ci);
        store(c10, alpha, beta, c, ci + 1 * ldc);
        store(c20, alpha, beta, c, ci + 2 * ldc);
        store(c30, alpha, beta, c, ci + 3 * ldc);
    }

    private static void tile1x1(int i, int j, int k, double alpha, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        int a0 = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            int ap = a0 + p * colStride;
            DoubleVector x0 = DoubleVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0, c00);
        }
        int ci = cOff + i * ldc + j;
        store(c00, alpha, beta, c, ci);
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String toString() {
        return "vector (Vector API, " + L * 64 + "-bit registers, " + L + " doubles per vector)";
    }
}
