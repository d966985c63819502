package org.occam.core.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * TEST REFERENCE: the vector backend exactly as it was on main at c7d5b34, before the kernel-speed work, so
 * that tests can check the current kernels give the same bits (one change since: its lane reductions use the
 * backend's {@code laneSum}, the order {@code reduceLanes} had on JDK 17, which JDK 25's C2 does not keep). GEMM on the JDK's Vector API ({@code jdk.incubator.vector}): a register-blocked kernel that
 * keeps a 4-row × 4-vector tile of C (16 vector accumulators, 4·4·L values with L lanes) in
 * registers while it walks k, broadcasting one value of A per row and loading one vector of B per
 * column block, so each step is 16 fused multiply-adds for 4 loads and 4 broadcasts. Edges use
 * 1-row and 1-vector tiles, and columns past the last whole vector a scalar loop.
 * <p>
 * Every element of C is {@code acc = fma(a_ip, b_pj, acc)} for p = 0, 1, … from acc = 0, then
 * {@code acc} or {@code c + acc}; vector lanes and the scalar tail compute exactly that, so the
 * result does not depend on which tile or thread computes an element.
 * <p>
 * Loading this class needs the JVM flag {@code --add-modules jdk.incubator.vector};
 * {@link Gemm} checks for the module before it touches this class.
 */
final class ReferenceVectorGemmBackend extends BlockedGemmBackend {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the main register tile. */
    private static final int MR = 4;
    /** Vectors (of L columns) of the main register tile. */
    private static final int NV = 4;

    /** @return the number of double lanes of the preferred vector shape on this machine */
    public static int lanes() {
        return L;
    }

    @Override
    protected int columnAlignment() {
        return L;
    }

    @Override
    protected void kernel(int i0, int i1, int j0, int j1, int k,
                          double[] a, int aOff, int rowStride, int colStride,
                          double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        int j = j0;
        for (; j + NV * L <= j1; j += NV * L) {
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                tile4x4(i, j, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
            for (; i < i1; i++) {
                tile1x4(i, j, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        }
        for (; j + L <= j1; j += L) {
            int i = i0;
            for (; i + MR <= i1; i += MR) {
                tile4x1(i, j, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
            for (; i < i1; i++) {
                tile1x1(i, j, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        }
        if (j < j1) {
            scalarColumns(i0, i1, j, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
        }
    }

    /**
     * A·Bᵀ with fewer columns than one vector (an output layer of 2 or 10 units): packing Bᵀ would
     * leave only scalar columns, so dot products along k are faster, four rows of A against one row of
     * B at a time, then one lane reduction per element. Every element of such a product takes this
     * path, whatever the thread count.
     */
    @Override
    protected boolean useDotProducts(int n, int k) {
        return n < L && k >= L;
    }

    @Override
    protected void dotKernel(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        int kv = S.loopBound(k);
        for (int j = j0; j < j1; j++) {
            int bj = bOff + j * ldb;
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int a0 = aOff + i * lda;
                int a1 = a0 + lda;
                int a2 = a1 + lda;
                int a3 = a2 + lda;
                DoubleVector s0 = DoubleVector.zero(S);
                DoubleVector s1 = DoubleVector.zero(S);
                DoubleVector s2 = DoubleVector.zero(S);
                DoubleVector s3 = DoubleVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    DoubleVector bv = DoubleVector.fromArray(S, b, bj + p);
                    s0 = DoubleVector.fromArray(S, a, a0 + p).fma(bv, s0);
                    s1 = DoubleVector.fromArray(S, a, a1 + p).fma(bv, s1);
                    s2 = DoubleVector.fromArray(S, a, a2 + p).fma(bv, s2);
                    s3 = DoubleVector.fromArray(S, a, a3 + p).fma(bv, s3);
                }
                double r0 = VectorGemmBackend.laneSum(s0);
                double r1 = VectorGemmBackend.laneSum(s1);
                double r2 = VectorGemmBackend.laneSum(s2);
                double r3 = VectorGemmBackend.laneSum(s3);
                for (int p = kv; p < k; p++) {
                    double bv = b[bj + p];
                    r0 = Math.fma(a[a0 + p], bv, r0);
                    r1 = Math.fma(a[a1 + p], bv, r1);
                    r2 = Math.fma(a[a2 + p], bv, r2);
                    r3 = Math.fma(a[a3 + p], bv, r3);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = add ? c[ci] + r0 : r0;
                c[ci + ldc] = add ? c[ci + ldc] + r1 : r1;
                c[ci + 2 * ldc] = add ? c[ci + 2 * ldc] + r2 : r2;
                c[ci + 3 * ldc] = add ? c[ci + 3 * ldc] + r3 : r3;
            }
            for (; i < i1; i++) {
                int a0 = aOff + i * lda;
                DoubleVector s0 = DoubleVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    s0 = DoubleVector.fromArray(S, a, a0 + p).fma(DoubleVector.fromArray(S, b, bj + p), s0);
                }
                double r0 = VectorGemmBackend.laneSum(s0);
                for (int p = kv; p < k; p++) {
                    r0 = Math.fma(a[a0 + p], b[bj + p], r0);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = add ? c[ci] + r0 : r0;
            }
        }
    }

    /** Columns narrower than a vector: four rows at a time so four sums are in flight. */
    private static void scalarColumns(int i0, int i1, int j0, int j1, int k,
                                      double[] a, int aOff, int rowStride, int colStride,
                                      double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int a0 = aOff + i * rowStride;
            for (int j = j0; j < j1; j++) {
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                double s3 = 0.0;
                int bp = bOff + j;
                int ap = a0;
                for (int p = 0; p < k; p++, bp += ldb, ap += colStride) {
                    double bv = b[bp];
                    s0 = Math.fma(a[ap], bv, s0);
                    s1 = Math.fma(a[ap + rowStride], bv, s1);
                    s2 = Math.fma(a[ap + 2 * rowStride], bv, s2);
                    s3 = Math.fma(a[ap + 3 * rowStride], bv, s3);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = add ? c[ci] + s0 : s0;
                c[ci + ldc] = add ? c[ci + ldc] + s1 : s1;
                c[ci + 2 * ldc] = add ? c[ci + 2 * ldc] + s2 : s2;
                c[ci + 3 * ldc] = add ? c[ci + 3 * ldc] + s3 : s3;
            }
        }
        for (; i < i1; i++) {
            int a0 = aOff + i * rowStride;
            for (int j = j0; j < j1; j++) {
                double s = 0.0;
                int bp = bOff + j;
                int ap = a0;
                for (int p = 0; p < k; p++, bp += ldb, ap += colStride) {
                    s = Math.fma(a[ap], b[bp], s);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = add ? c[ci] + s : s;
            }
        }
    }

    private static void tile4x4(int i, int j, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S), c03 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S), c13 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S), c23 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S), c33 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + 1 * L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bq + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bq + 3 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            DoubleVector x1 = DoubleVector.broadcast(S, a[aq + 1 * rowStride]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            DoubleVector x2 = DoubleVector.broadcast(S, a[aq + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
            DoubleVector x3 = DoubleVector.broadcast(S, a[aq + 3 * rowStride]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            c33 = x3.fma(b3, c33);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + 1 * L).add(c01);
            c02 = DoubleVector.fromArray(S, c, ci + 2 * L).add(c02);
            c03 = DoubleVector.fromArray(S, c, ci + 3 * L).add(c03);
            c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc).add(c10);
            c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 1 * L).add(c11);
            c12 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 2 * L).add(c12);
            c13 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 3 * L).add(c13);
            c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20);
            c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 1 * L).add(c21);
            c22 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 2 * L).add(c22);
            c23 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 3 * L).add(c23);
            c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30);
            c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 1 * L).add(c31);
            c32 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 2 * L).add(c32);
            c33 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 3 * L).add(c33);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + 1 * L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c12.intoArray(c, ci + 1 * ldc + 2 * L);
        c13.intoArray(c, ci + 1 * ldc + 3 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c23.intoArray(c, ci + 2 * ldc + 3 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c32.intoArray(c, ci + 3 * ldc + 2 * L);
        c33.intoArray(c, ci + 3 * ldc + 3 * L);
    }

    private static void tile1x4(int i, int j, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S), c03 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + 1 * L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bq + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bq + 3 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + 1 * L).add(c01);
            c02 = DoubleVector.fromArray(S, c, ci + 2 * L).add(c02);
            c03 = DoubleVector.fromArray(S, c, ci + 3 * L).add(c03);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + 1 * L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
    }

    private static void tile4x1(int i, int j, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            DoubleVector x1 = DoubleVector.broadcast(S, a[aq + 1 * rowStride]);
            c10 = x1.fma(b0, c10);
            DoubleVector x2 = DoubleVector.broadcast(S, a[aq + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            DoubleVector x3 = DoubleVector.broadcast(S, a[aq + 3 * rowStride]);
            c30 = x3.fma(b0, c30);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc).add(c10);
            c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20);
            c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30);
        }
        c00.intoArray(c, ci);
        c10.intoArray(c, ci + 1 * ldc);
        c20.intoArray(c, ci + 2 * ldc);
        c30.intoArray(c, ci + 3 * ldc);
    }

    private static void tile1x1(int i, int j, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
        }
        c00.intoArray(c, ci);
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
