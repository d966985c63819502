package org.occam.core.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the JDK's Vector API ({@code jdk.incubator.vector}): a register-blocked kernel that
 * keeps a 4-row × 4-vector tile of C (16 vector accumulators, 4·4·L values with L lanes) in
 * registers while it walks k, broadcasting one value of A per row and loading one vector of B per
 * column block, so each step is 16 fused multiply-adds for 4 loads and 4 broadcasts. Edges use
 * 1-row and 1-vector tiles, and columns past the last whole vector a scalar loop.
 * <p>
 * With 4 doubles per vector (AVX2, 16 vector registers, where 16 accumulators spill) the tile is
 * 4 rows × 3 vectors instead (12 accumulators), edges 2 and 1 vectors; and a transposed B (a dense
 * layer's forward X·Wᵀ) is packed into panels of 3 vectors' columns, k rows each, contiguous, the
 * last panel's columns rounded up to whole vectors with zeros, so that narrow outputs (10 classes =
 * 2 vectors + 2 lanes) take whole-vector tiles, written to a small scratch tile
 * whose first columns go to C (the extra lanes are computed and dropped; a 3-row tile writes its whole vectors
 * straight to C). A last panel of two whole vectors (128 columns = 10 panels + 8) takes 4-row tiles with constant
 * strides. Rows left over from the
 * 4-row tiles of an untransposed B take the 1-row × 4-vector tiles (4 chains, not 3). A transposed A
 * whose rows are adjacent (a layer's weight gradient Gᵀ·X) takes 6-row × 2-vector tiles first (over a copy of
 * B's two vectors of columns when B's rows are a multiple of 1 KiB apart), and a whole
 * vector of columns left over 8-row × 1-vector tiles. A product with k = 2 (the input gradient from a
 * 2-class output) holds B in registers while A's rows stream past.
 * <p>
 * Every element of C is {@code acc = fma(a_ip, b_pj, acc)} for p = 0, 1, … from acc = 0, then
 * {@code acc} or {@code c + acc}; vector lanes and the scalar tail compute exactly that, so the
 * result does not depend on which tile or thread computes an element.
 * <p>
 * Loading this class needs the JVM flag {@code --add-modules jdk.incubator.vector};
 * {@link Gemm} checks for the module before it touches this class.
 */
public final class VectorGemmBackend extends BlockedGemmBackend {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** A per-thread copy of B's columns for {@link #gradTile6x2} (not the pack buffer: B may lie there). */
    private static final ThreadLocal<double[]> GRAD_B = ThreadLocal.withInitial(() -> new double[0]);
    /** Rows of the main register tile. */
    private static final int MR = 4;
    /** Vectors (of L columns) of the main register tile. */
    private static final int NV = 4;
    /**
     * Four doubles per vector (AVX2): 16 vector registers, so the 4 × 4 tile (16 accumulators) would spill;
     * the tile is 4 rows × 3 vectors instead (12 accumulators, 3 loads of B, 1 broadcast), over B packed
     * into panels of 3 vectors' columns.
     */
    private static final boolean NARROW = L == 4;
    /** Columns of one panel of packed B on {@link #NARROW} machines. */
    private static final int NR = 3 * L;
    /**
     * The distance between a whole panel's rows ({@link #NR} values used): 16, so that a tile's index into the
     * panel, {@code p·16}, is one shift, which C2 recognises when it hoists the index checks out of the loop (it
     * compiles {@code p·12} as two shifts and an add and left two checks in each step).
     */
    private static final int PS = 4 * L;

    /** Lanes 1, 3 and lanes 2, 3: the blends of {@link #transpose4} ({@link #NARROW} only). */
    private static final VectorMask<Double> ODD = NARROW ? VectorMask.fromValues(S, false, true, false, true) : null;
    private static final VectorMask<Double> HIGH = NARROW ? VectorMask.fromValues(S, false, false, true, true) : null;

    /** @return the number of double lanes of the preferred vector shape on this machine */
    public static int lanes() {
        return L;
    }

    @Override
    protected int columnAlignment() {
        return NARROW ? NR : L;
    }

    @Override
    protected int panelWidth() {
        return NARROW ? NR : 0;
    }

    @Override
    protected int panelPad() {
        return L;
    }

    @Override
    protected int panelStride() {
        return NARROW ? PS : super.panelStride();
    }

    /**
     * {@link BlockedGemmBackend#packPanels}'s layout, copied on {@link #NARROW} machines four rows of B
     * at a time, one whole panel row of four values per vector store ({@link #transpose4}); the rest as
     * the plain pack.
     */
    @Override
    protected double[] panels(double[] b, int bOff, int ldb, int n, int k) {
        if (!NARROW) {
            return super.panels(b, bOff, ldb, n, k);
        }
        double[] buf = packBuffer(panelsSize(n, k, NR, L, PS));
        for (int jb = 0; jb < n; jb += NR) {
            int w = Math.min(NR, n - jb);
            int pw = Math.min(NR, (w + L - 1) / L * L);
            int st = panelRowStride(pw, NR, PS);
            int base = panelStart(jb, k, NR, PS);
            int x = 0;
            for (; x + 4 <= w; x += 4) {
                transpose4(b, bOff + (jb + x) * ldb, ldb, k, buf, base + x, st);
            }
            packLastColumns(b, bOff + jb * ldb, ldb, k, x, w, pw, buf, base, st);
        }
        return buf;
    }

    /**
     * A layer's input gradient G·W with more than 16 rows of W (k): W's rows copied into panels (three vectors
     * per row), so that the forward's {@link #panelTile3x3} computes it (A's rows contiguous); over W in place,
     * {@link #unitTile4x3}'s index into B, {@code p·ldb}, keeps its checks in the loop. Measured (in-process
     * ABBA, thread CPU): 1.5 % less training CPU on both benchmarks with k &gt; 16; with the 10 rows of the
     * digits output layer's W included, no gain.
     */
    @Override
    protected boolean usesRowPanels(int k) {
        return NARROW && k > 16;
    }

    /** {@link BlockedGemmBackend#rowPanels}'s layout, whole panels copied one vector at a time. */
    @Override
    protected double[] rowPanels(double[] b, int bOff, int ldb, int n, int k) {
        double[] buf = packBuffer(panelsSize(n, k, NR, L, PS));
        for (int jb = 0; jb < n; jb += NR) {
            int w = Math.min(NR, n - jb);
            int base = panelStart(jb, k, NR, PS);
            if (w == NR) {
                for (int p = 0, s = bOff + jb, d = base; p < k; p++, s += ldb, d += PS) {
                    DoubleVector.fromArray(S, b, s).intoArray(buf, d);
                    DoubleVector.fromArray(S, b, s + L).intoArray(buf, d + L);
                    DoubleVector.fromArray(S, b, s + 2 * L).intoArray(buf, d + 2 * L);
                }
            } else {
                int pw = Math.min(NR, (w + L - 1) / L * L);
                copyRowPanel(b, bOff + jb, ldb, k, w, pw, buf, base, panelRowStride(pw, NR, PS));
            }
        }
        return buf;
    }

    /**
     * B's rows s0, s0 + ldb, s0 + 2·ldb, s0 + 3·ldb (k values each) to {@code buf[d0 + p·pw + (0..3)]}, p = 0 … k − 1:
     * row l loaded from its value p − l has that value in lane l, so two blends of the four loads give panel row p
     * (no lane shuffles: the Vector API re-checks a shuffle's indexes on every use). The lanes blended away may
     * lie in a neighbouring row, but every load stays inside the four rows' span {@code [s0, s3 + k)} (ldb ≥ k ≥ 1).
     */
    private static void transpose4(double[] b, int s0, int ldb, int k, double[] buf, int d0, int pw) {
        int s1 = s0 + ldb - 1;
        int s2 = s0 + 2 * ldb - 2;
        int s3 = s0 + 3 * ldb - 3;
        for (int p = 0, d = d0; p < k; p++, d += pw) {
            DoubleVector r01 = DoubleVector.fromArray(S, b, s0 + p).blend(DoubleVector.fromArray(S, b, s1 + p), ODD);
            DoubleVector r23 = DoubleVector.fromArray(S, b, s2 + p).blend(DoubleVector.fromArray(S, b, s3 + p), ODD);
            r01.blend(r23, HIGH).intoArray(buf, d);
        }
    }

    @Override
    protected void kernel(int i0, int i1, int j0, int j1, int k,
                          double[] a, int aOff, int rowStride, int colStride,
                          double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        if (NARROW && rowStride == 1 && i1 - i0 >= 6 && j1 - j0 >= 2 * L) {
            // A's rows adjacent (a layer's weight gradient Gᵀ·X): 6-row × 2-vector tiles, whose six values of A
            // at each step lie side by side (checked as one range), then the other rows and columns as below
            int i6 = i0 + (i1 - i0) / 6 * 6;
            int j2 = j0 + (j1 - j0) / (2 * L) * (2 * L);
            if (i6 - i0 >= 24 && ldb % 128 == 0) {
                // B's rows a multiple of 1 KiB apart (128 inputs): the k rows of one tile column fall into a
                // quarter of L1's sets, which they fill (8 ways) with A's rows (as far apart) competing for the
                // same sets; copied to a small buffer first, once per column pair for all the row tiles
                double[] buf = gradBuffer(2 * L * k);
                for (int j = j0; j < j2; j += 2 * L) {
                    for (int p = 0, s = bOff + j, d = 0; p < k; p++, s += ldb, d += 2 * L) {
                        DoubleVector.fromArray(S, b, s).intoArray(buf, d);
                        DoubleVector.fromArray(S, b, s + L).intoArray(buf, d + L);
                    }
                    for (int i = i0; i < i6; i += 6) {
                        gradTile6x2(i, 0, k, a, aOff, colStride, buf, 0, 2 * L, add, c, cOff + j, ldc);
                    }
                }
            } else {
                for (int j = j0; j < j2; j += 2 * L) {
                    for (int i = i0; i < i6; i += 6) {
                        gradTile6x2(i, j, k, a, aOff, colStride, b, bOff, ldb, add, c, cOff, ldc);
                    }
                }
            }
            int j = j2;
            if (j + L <= j1) {
                // one whole vector left (20 features = 2 pairs + 1): 8-row × 1-vector tiles, 8 chains in flight
                int i8 = i0 + (i6 - i0) / 8 * 8;
                for (int i = i0; i < i8; i += 8) {
                    gradTile8x1(i, j, k, a, aOff, colStride, b, bOff, ldb, add, c, cOff, ldc);
                }
                if (i8 < i6) {
                    rest(i8, i6, j, j + L, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
                }
                j += L;
            }
            if (j < j1) {
                rest(i0, i6, j, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
            if (i6 < i1) {
                rest(i6, i1, j0, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        } else if (NARROW && k == 2) {
            twoSteps(i0, i1, j0, j1, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
        } else {
            rest(i0, i1, j0, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
        }
    }

    /** @return this thread's buffer for B's columns in {@link #kernel}, at least {@code size} long */
    private static double[] gradBuffer(int size) {
        double[] buf = GRAD_B.get();
        if (buf.length < size) {
            buf = new double[size];
            GRAD_B.set(buf);
        }
        return buf;
    }

    /** {@link #kernel}'s rectangle in 4-row tiles (on {@link #NARROW} machines) and 1-row tiles. */
    private static void rest(int i0, int i1, int j0, int j1, int k,
                             double[] a, int aOff, int rowStride, int colStride,
                             double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        if (NARROW && i1 - i0 >= 4) {
            // rows left over from the 4-row tiles: 1-row tiles of 4 vectors (4 chains, 9 registers)
            int i4 = i0 + (i1 - i0) / 4 * 4;
            tiles4(i0, i4, j0, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            if (i4 < i1) {
                tiles(i4, i1, j0, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        } else {
            tiles(i0, i1, j0, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
        }
    }

    /**
     * A·B with k = 2 (a layer's input gradient from a 2-class output, G·W): B's two rows of 4 vectors stay in
     * registers while A's rows stream past, each row 2 broadcasts, 8 fused multiply-adds and 4 stores (a 4 × 3
     * tile spends more on zeroing and writing its 12 accumulators than on its 2 steps). Each element is
     * {@code fma(a_i1, b_1j, fma(a_i0, b_0j, +0))}, then {@code c + acc} or {@code acc}, as in every tile; the
     * columns past the last whole vector take the same chain in scalar fused multiply-adds.
     */
    private static void twoSteps(int i0, int i1, int j0, int j1, double[] a, int aOff, int rowStride, int colStride,
                                 double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector z = DoubleVector.zero(S);
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            int p0 = bOff + j;
            int p1 = p0 + ldb;
            DoubleVector b00 = DoubleVector.fromArray(S, b, p0);
            DoubleVector b01 = DoubleVector.fromArray(S, b, p0 + L);
            DoubleVector b02 = DoubleVector.fromArray(S, b, p0 + 2 * L);
            DoubleVector b03 = DoubleVector.fromArray(S, b, p0 + 3 * L);
            DoubleVector b10 = DoubleVector.fromArray(S, b, p1);
            DoubleVector b11 = DoubleVector.fromArray(S, b, p1 + L);
            DoubleVector b12 = DoubleVector.fromArray(S, b, p1 + 2 * L);
            DoubleVector b13 = DoubleVector.fromArray(S, b, p1 + 3 * L);
            for (int i = i0; i < i1; i++) {
                int ai = aOff + i * rowStride;
                DoubleVector x0 = DoubleVector.broadcast(S, a[ai]);
                DoubleVector x1 = DoubleVector.broadcast(S, a[ai + colStride]);
                DoubleVector s0 = x1.fma(b10, x0.fma(b00, z));
                DoubleVector s1 = x1.fma(b11, x0.fma(b01, z));
                DoubleVector s2 = x1.fma(b12, x0.fma(b02, z));
                DoubleVector s3 = x1.fma(b13, x0.fma(b03, z));
                int ci = cOff + i * ldc + j;
                if (add) {
                    s0 = DoubleVector.fromArray(S, c, ci).add(s0);
                    s1 = DoubleVector.fromArray(S, c, ci + L).add(s1);
                    s2 = DoubleVector.fromArray(S, c, ci + 2 * L).add(s2);
                    s3 = DoubleVector.fromArray(S, c, ci + 3 * L).add(s3);
                }
                s0.intoArray(c, ci);
                s1.intoArray(c, ci + L);
                s2.intoArray(c, ci + 2 * L);
                s3.intoArray(c, ci + 3 * L);
            }
        }
        for (; j + L <= j1; j += L) {
            DoubleVector b00 = DoubleVector.fromArray(S, b, bOff + j);
            DoubleVector b10 = DoubleVector.fromArray(S, b, bOff + ldb + j);
            for (int i = i0; i < i1; i++) {
                int ai = aOff + i * rowStride;
                DoubleVector s0 = DoubleVector.broadcast(S, a[ai + colStride])
                        .fma(b10, DoubleVector.broadcast(S, a[ai]).fma(b00, z));
                int ci = cOff + i * ldc + j;
                if (add) {
                    s0 = DoubleVector.fromArray(S, c, ci).add(s0);
                }
                s0.intoArray(c, ci);
            }
        }
        for (; j < j1; j++) {
            double v0 = b[bOff + j];
            double v1 = b[bOff + ldb + j];
            for (int i = i0; i < i1; i++) {
                int ai = aOff + i * rowStride;
                double s0 = Math.fma(a[ai + colStride], v1, Math.fma(a[ai], v0, 0.0));
                int ci = cOff + i * ldc + j;
                c[ci] = add ? c[ci] + s0 : s0;
            }
        }
    }

    /**
     * The panels' tiles: the panel of columns [jb, jb + NR) starts at {@code panels[jb / NR · PS · k]}, k rows of
     * {@code pw} values (NR, PS apart, or for the last panel its columns rounded up to whole vectors, the lanes
     * past n zero); lanes past j1 are computed and dropped.
     */
    @Override
    protected void panelKernel(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int rowStride,
                               int colStride, double[] panels, int n, boolean add, double[] c, int cOff, int ldc) {
        for (int jb = j0; jb < j1; jb += NR) {
            int cols = Math.min(NR, j1 - jb);
            int pw = Math.min(NR, (n - jb + L - 1) / L * L);
            int st = panelRowStride(pw, NR, PS);
            int bOff = panelStart(jb, k, NR, PS) - jb;
            if (cols == pw) {
                panelTiles(i0, i1, jb, pw / L, k, a, aOff, rowStride, colStride, panels, bOff, st, add, c, cOff, ldc);
            } else {
                // the last panel's whole vectors reach past n: each tile (3 rows, or 4 with A's columns
                // apart) goes to a scratch tile of pw columns (sums only), then its first cols columns into C
                int tile = colStride == 1 ? 3 : 4;
                double[] scratch = new double[tile * pw];
                int i = i0;
                if (colStride == 1 && pw == NR && cols > 2 * L) {
                    // 10 classes = 2 vectors + 2 lanes: the 3-row tiles write their first two vectors to C and only
                    // the third one's lanes through the scratch tile
                    for (; i + 3 <= i1; i += 3) {
                        panelTile3x3(i, jb, cols - 2 * L, k, a, aOff, rowStride, panels, bOff, add, c, cOff, ldc, scratch);
                    }
                }
                while (i < i1) {
                    int rows = i + tile <= i1 ? tile : 1;
                    panelTiles(i, i + rows, jb, pw / L, k, a, aOff, rowStride, colStride, panels, bOff, st, false,
                            scratch, -(i * pw + jb), pw);
                    copyOut(rows, cols, scratch, pw, add, c, cOff + i * ldc + jb, ldc);
                    i += rows;
                }
            }
        }
    }

    /** Rows [i0, i1) × the vectors (1 to 3) of one panel from column jb: 4-row tiles, then 1-row tiles. */
    private static void panelTiles(int i0, int i1, int jb, int vectors, int k, double[] a, int aOff, int rowStride,
                                   int colStride, double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        int i = i0;
        if (vectors == 3 && colStride == 1 && ldb == PS) {
            // a dense layer's forward X·Wᵀ: A's rows contiguous, whole panels (rows PS apart): the tile with
            // constant strides, whose index checks C2 hoists out of the loop
            for (; i + 3 <= i1; i += 3) {
                panelTile3x3(i, jb, L, k, a, aOff, rowStride, b, bOff, add, c, cOff, ldc, null);
            }
        }
        if (vectors == 3) {
            for (; i + 4 <= i1; i += 4) {
                tile4x3(i, jb, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
            for (; i < i1; i++) {
                tile1x3(i, jb, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        } else if (vectors == 2) {
            if (colStride == 1 && ldb == 2 * L) {
                // the last panel of a forward X·Wᵀ two vectors wide (128 = 10 · 12 + 8), its rows 2·L apart
                for (; i + 4 <= i1; i += 4) {
                    panelTile4x2(i, jb, k, a, aOff, rowStride, b, bOff, add, c, cOff, ldc);
                }
            }
            for (; i + 4 <= i1; i += 4) {
                tile4x2(i, jb, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
            for (; i < i1; i++) {
                tile1x2(i, jb, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        } else {
            for (; i + 4 <= i1; i += 4) {
                tile4x1(i, jb, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
            for (; i < i1; i++) {
                tile1x1(i, jb, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        }
    }

    /**
     * As {@link #tiles} on 4-lane machines, rows [i0, i1) a multiple of 4, B in place (untransposed:
     * packing it into panels too measured no faster here): 4 × 3-vector tiles, then 2 vectors, 1 vector,
     * the columns past the last whole vector as in {@link #tiles}.
     */
    private static void tiles4(int i0, int i1, int j0, int j1, int k,
                               double[] a, int aOff, int rowStride, int colStride,
                               double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        int j = j0;
        int vectors = (j1 - j0) / L;
        // whole vectors in blocks of 3, but 4 left over as 2 + 2 (two 8-accumulator tiles, not 12 + 4)
        int end3 = j0 + (vectors % 3 == 1 && vectors >= 4 ? vectors - 4 : vectors / 3 * 3) * L;
        if (colStride == 1) {
            // A's rows contiguous (a layer's input gradient G·W): the tile whose A index steps by a constant 1
            for (; j < end3; j += 3 * L) {
                for (int i = i0; i < i1; i += 4) {
                    unitTile4x3(i, j, k, a, aOff, rowStride, b, bOff, ldb, add, c, cOff, ldc);
                }
            }
        }
        for (; j < end3; j += 3 * L) {
            for (int i = i0; i < i1; i += 4) {
                tile4x3(i, j, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        }
        for (; j + 2 * L <= j1; j += 2 * L) {
            for (int i = i0; i < i1; i += 4) {
                tile4x2(i, j, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
        }
        if (j + L <= j1) {
            for (int i = i0; i < i1; i += 4) {
                tile4x1(i, j, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
            }
            j += L;
        }
        if (j < j1) {
            tail(i0, i1, j, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
        }
    }

    @Override
    protected boolean fusesRow() {
        return true;
    }

    /**
     * The rectangle's tiles; the write-back of each element's sum is {@code c + sum} ({@code add}) or
     * {@code sum}. Columns past the last whole vector are one
     * masked vector (each lane the same chain of fused multiply-adds as a scalar loop would run).
     */
    private static void tiles(int i0, int i1, int j0, int j1, int k,
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
            tail(i0, i1, j, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc);
        }
    }

    /**
     * The last columns [j, j1), narrower than a vector: whole-vector loads of B's rows (the lanes past
     * j1 are computed and dropped) while they lie inside the array, then scalar steps per lane.
     */
    private static void tail(int i0, int i1, int j, int j1, int k,
                             double[] a, int aOff, int rowStride, int colStride,
                             double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        int w = j1 - j;
        int pv = Math.min(k, Math.max(0, Math.floorDiv(b.length - L - bOff - j, ldb) + 1));
        double[] tmp = new double[MR * L];
        int i = i0;
        for (; i + MR <= i1; i += MR) {
            tile4xT(i, j, w, pv, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc, tmp);
        }
        for (; i < i1; i++) {
            tile1xT(i, j, w, pv, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc, tmp);
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
        dots(i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, add, null, 0, c, cOff, ldc);
    }

    @Override
    protected void dotKernelPlusRow(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
                                    double[] b, int bOff, int ldb, double[] r, int rOff, double[] c, int cOff, int ldc) {
        dots(i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, false, r, rOff, c, cOff, ldc);
    }

    /**
     * The dot products of rows [i0, i1) of A with rows [j0, j1) of B: two rows of B at a time against
     * four rows of A (eight sums in flight, each loaded vector of A used twice), then one column
     * pair, then single rows. Each element is the same lane-wise chain of fused multiply-adds over
     * whole vectors of k, one lane reduction, then the scalar fused multiply-adds of k's tail,
     * whatever the grouping; its write-back is {@code c + sum}, {@code sum + r_j} or {@code sum}.
     */
    private static void dots(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, boolean add, double[] r, int rOff,
                             double[] c, int cOff, int ldc) {
        int kv = S.loopBound(k);
        int j = j0;
        for (; j + 2 <= j1; j += 2) {
            int bj = bOff + j * ldb;
            int bk = bj + ldb;
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int a0 = aOff + i * lda;
                int a1 = a0 + lda;
                int a2 = a1 + lda;
                int a3 = a2 + lda;
                DoubleVector s0 = DoubleVector.zero(S), t0 = DoubleVector.zero(S);
                DoubleVector s1 = DoubleVector.zero(S), t1 = DoubleVector.zero(S);
                DoubleVector s2 = DoubleVector.zero(S), t2 = DoubleVector.zero(S);
                DoubleVector s3 = DoubleVector.zero(S), t3 = DoubleVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    DoubleVector bv = DoubleVector.fromArray(S, b, bj + p);
                    DoubleVector bw = DoubleVector.fromArray(S, b, bk + p);
                    DoubleVector x0 = DoubleVector.fromArray(S, a, a0 + p);
                    DoubleVector x1 = DoubleVector.fromArray(S, a, a1 + p);
                    DoubleVector x2 = DoubleVector.fromArray(S, a, a2 + p);
                    DoubleVector x3 = DoubleVector.fromArray(S, a, a3 + p);
                    s0 = x0.fma(bv, s0);
                    t0 = x0.fma(bw, t0);
                    s1 = x1.fma(bv, s1);
                    t1 = x1.fma(bw, t1);
                    s2 = x2.fma(bv, s2);
                    t2 = x2.fma(bw, t2);
                    s3 = x3.fma(bv, s3);
                    t3 = x3.fma(bw, t3);
                }
                double r0 = laneSum(s0);
                double r1 = laneSum(s1);
                double r2 = laneSum(s2);
                double r3 = laneSum(s3);
                double q0 = laneSum(t0);
                double q1 = laneSum(t1);
                double q2 = laneSum(t2);
                double q3 = laneSum(t3);
                for (int p = kv; p < k; p++) {
                    double bv = b[bj + p];
                    double bw = b[bk + p];
                    r0 = Math.fma(a[a0 + p], bv, r0);
                    r1 = Math.fma(a[a1 + p], bv, r1);
                    r2 = Math.fma(a[a2 + p], bv, r2);
                    r3 = Math.fma(a[a3 + p], bv, r3);
                    q0 = Math.fma(a[a0 + p], bw, q0);
                    q1 = Math.fma(a[a1 + p], bw, q1);
                    q2 = Math.fma(a[a2 + p], bw, q2);
                    q3 = Math.fma(a[a3 + p], bw, q3);
                }
                int ci = cOff + i * ldc + j;
                write(c, ci, r0, add, r, rOff + j);
                write(c, ci + ldc, r1, add, r, rOff + j);
                write(c, ci + 2 * ldc, r2, add, r, rOff + j);
                write(c, ci + 3 * ldc, r3, add, r, rOff + j);
                write(c, ci + 1, q0, add, r, rOff + j + 1);
                write(c, ci + ldc + 1, q1, add, r, rOff + j + 1);
                write(c, ci + 2 * ldc + 1, q2, add, r, rOff + j + 1);
                write(c, ci + 3 * ldc + 1, q3, add, r, rOff + j + 1);
            }
            if (i < i1) {
                dotColumn(i, i1, j, k, kv, a, aOff, lda, b, bOff, ldb, add, r, rOff, c, cOff, ldc);
                dotColumn(i, i1, j + 1, k, kv, a, aOff, lda, b, bOff, ldb, add, r, rOff, c, cOff, ldc);
            }
        }
        if (j < j1) {
            dotColumn(i0, i1, j, k, kv, a, aOff, lda, b, bOff, ldb, add, r, rOff, c, cOff, ldc);
        }
    }

    /** One column j of the dot products, rows [i0, i1): four rows at a time, then one. */
    private static void dotColumn(int i0, int i1, int j, int k, int kv, double[] a, int aOff, int lda,
                                  double[] b, int bOff, int ldb, boolean add, double[] r, int rOff,
                                  double[] c, int cOff, int ldc) {
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
            double r0 = laneSum(s0);
            double r1 = laneSum(s1);
            double r2 = laneSum(s2);
            double r3 = laneSum(s3);
            for (int p = kv; p < k; p++) {
                double bv = b[bj + p];
                r0 = Math.fma(a[a0 + p], bv, r0);
                r1 = Math.fma(a[a1 + p], bv, r1);
                r2 = Math.fma(a[a2 + p], bv, r2);
                r3 = Math.fma(a[a3 + p], bv, r3);
            }
            int ci = cOff + i * ldc + j;
            write(c, ci, r0, add, r, rOff + j);
            write(c, ci + ldc, r1, add, r, rOff + j);
            write(c, ci + 2 * ldc, r2, add, r, rOff + j);
            write(c, ci + 3 * ldc, r3, add, r, rOff + j);
        }
        for (; i < i1; i++) {
            int a0 = aOff + i * lda;
            DoubleVector s0 = DoubleVector.zero(S);
            for (int p = 0; p < kv; p += L) {
                s0 = DoubleVector.fromArray(S, a, a0 + p).fma(DoubleVector.fromArray(S, b, bj + p), s0);
            }
            double r0 = laneSum(s0);
            for (int p = kv; p < k; p++) {
                r0 = Math.fma(a[a0 + p], b[bj + p], r0);
            }
            write(c, cOff + i * ldc + j, r0, add, r, rOff + j);
        }
    }

    /**
     * The sum of a vector's lanes in a fixed order: {@code (((+0.0 + v_0) + v_1) + …) + v_{L-1}}, the order of the
     * Vector API's own Java code for {@code reduceLanes(ADD)}. Not {@code reduceLanes} itself: its order is the
     * implementation's choice, and JDK 25's C2 compiles it to a different order than its interpreter and C1 run,
     * so a product's bits (and a run's) would depend on when the JIT compiled this kernel; JDK 17's C2 happens to
     * keep this order, so the bits on JDK 17 are the ones {@code reduceLanes} gave there.
     */
    static double laneSum(DoubleVector v) {
        double sum = 0.0;
        for (int l = 0; l < L; l++) {
            sum += v.lane(l);
        }
        return sum;
    }

    /** The write-back of one sum: {@code c + sum}, {@code sum + r[ri]} or {@code sum}. */
    private static void write(double[] c, int ci, double sum, boolean add, double[] r, int ri) {
        c[ci] = add ? c[ci] + sum : r != null ? sum + r[ri] : sum;
    }

    private static void tile4x3(int i, int j, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + 1 * L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bq + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            DoubleVector x1 = DoubleVector.broadcast(S, a[aq + 1 * rowStride]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            DoubleVector x2 = DoubleVector.broadcast(S, a[aq + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            DoubleVector x3 = DoubleVector.broadcast(S, a[aq + 3 * rowStride]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + 1 * L).add(c01);
            c02 = DoubleVector.fromArray(S, c, ci + 2 * L).add(c02);
            c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc).add(c10);
            c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 1 * L).add(c11);
            c12 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 2 * L).add(c12);
            c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20);
            c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 1 * L).add(c21);
            c22 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 2 * L).add(c22);
            c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30);
            c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 1 * L).add(c31);
            c32 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 2 * L).add(c32);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + 1 * L);
        c02.intoArray(c, ci + 2 * L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c12.intoArray(c, ci + 1 * ldc + 2 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c32.intoArray(c, ci + 3 * ldc + 2 * L);
    }

    /**
     * A whole panel's 3 rows × 3 vectors with A's columns contiguous (a dense layer's forward X·Wᵀ), B's and A's
     * indices {@code p·PS + …} and {@code p + …}: C2 hoists an array index check out of a loop only when the
     * index steps by a constant it recognises. Three rows, not four: with the checks gone, C2 loads a step's
     * broadcasts of A together, and four of them besides 12 accumulators and 3 vectors of B spilled accumulators
     * to the stack (1.7 times slower); 9 + 3 + 3 registers fit in 16. Each element is the same chain as in every
     * tile: {@code fma} from +0 over p, then {@code c + sum} or {@code sum}. Only the first w (≤ L) lanes of the
     * third vector go to C, through {@code lanes} (3·L values) when w &lt; L (a last panel of 10 classes); loop
     * unrolled by two, C2 loaded both steps' values first and spilled accumulators (1.5 to 2 times slower).
     */
    private static void panelTile3x3(int i, int j, int w, int k, double[] a, int aOff, int rowStride,
                                     double[] b, int bOff, boolean add, double[] c, int cOff, int ldc, double[] lanes) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c02 = z;
        DoubleVector c10 = z, c11 = z, c12 = z;
        DoubleVector c20 = z, c21 = z, c22 = z;
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * PS;
            int aq = ap + p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + 1 * L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bq + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            DoubleVector x1 = DoubleVector.broadcast(S, a[aq + 1 * rowStride]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            DoubleVector x2 = DoubleVector.broadcast(S, a[aq + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + 1 * L).add(c01);
            c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc).add(c10);
            c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 1 * L).add(c11);
            c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20);
            c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 1 * L).add(c21);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + 1 * L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        if (w == L) {
            if (add) {
                c02 = DoubleVector.fromArray(S, c, ci + 2 * L).add(c02);
                c12 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 2 * L).add(c12);
                c22 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 2 * L).add(c22);
            }
            c02.intoArray(c, ci + 2 * L);
            c12.intoArray(c, ci + 1 * ldc + 2 * L);
            c22.intoArray(c, ci + 2 * ldc + 2 * L);
        } else {
            // the last panel's third vector reaches past n: its first w lanes, through the scratch row
            c02.intoArray(lanes, 0);
            c12.intoArray(lanes, L);
            c22.intoArray(lanes, 2 * L);
            copyOut(3, w, lanes, L, add, c, ci + 2 * L, ldc);
        }
    }

    /**
     * Four rows × a last panel of two vectors (its rows {@code 2·L} apart) with A's columns contiguous: B's and A's
     * indices step by constants, so C2 hoists their checks out of the loop (as in {@link #panelTile3x3}); 8
     * accumulators, 2 vectors of B and 4 broadcasts fit in 16 registers. Same operations per element as every tile.
     */
    private static void panelTile4x2(int i, int j, int k, double[] a, int aOff, int rowStride,
                                     double[] b, int bOff, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * (2 * L);
            int aq = ap + p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, a[aq + rowStride]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, a[aq + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, a[aq + 3 * rowStride]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + L).add(c01);
            c10 = DoubleVector.fromArray(S, c, ci + ldc).add(c10);
            c11 = DoubleVector.fromArray(S, c, ci + ldc + L).add(c11);
            c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20);
            c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L).add(c21);
            c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30);
            c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L).add(c31);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
    }

    /** {@link #tile4x3} with A's columns contiguous (colStride 1): A's index checks leave the loop (see {@link #panelTile3x3}). */
    private static void unitTile4x3(int i, int j, int k, double[] a, int aOff, int rowStride,
                                    double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + 1 * L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bq + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            DoubleVector x1 = DoubleVector.broadcast(S, a[aq + 1 * rowStride]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            DoubleVector x2 = DoubleVector.broadcast(S, a[aq + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            DoubleVector x3 = DoubleVector.broadcast(S, a[aq + 3 * rowStride]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + 1 * L).add(c01);
            c02 = DoubleVector.fromArray(S, c, ci + 2 * L).add(c02);
            c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc).add(c10);
            c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 1 * L).add(c11);
            c12 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 2 * L).add(c12);
            c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20);
            c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 1 * L).add(c21);
            c22 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 2 * L).add(c22);
            c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30);
            c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 1 * L).add(c31);
            c32 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 2 * L).add(c32);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + 1 * L);
        c02.intoArray(c, ci + 2 * L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c12.intoArray(c, ci + 1 * ldc + 2 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c32.intoArray(c, ci + 3 * ldc + 2 * L);
    }

    /**
     * Six rows × 2 vectors of C where A's rows are adjacent (rowStride 1: A is Gᵀ, its column p a row of G),
     * so the six values of A at step p are {@code a[aq .. aq + 5]}: C2 checks them as one range (two compares,
     * its first and last index, instead of six; it cannot hoist checks out of the loop: the indices step by
     * the variable colStride and ldb). 12
     * accumulators and 2 vectors of B leave two of the 16 registers for broadcasts (a 4 × 3 tile with one
     * check for A's four values spilled an accumulator: C2 loaded two broadcasts ahead). Same operations
     * per element as every tile.
     */
    private static void gradTile6x2(int i, int j, int k, double[] a, int aOff, int colStride,
                                    double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        int aq = aOff + i;
        int bq = bOff + j;
        for (int p = 0; p < k; p++, aq += colStride, bq += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, a[aq + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, a[aq + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, a[aq + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            DoubleVector x4 = DoubleVector.broadcast(S, a[aq + 4]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            DoubleVector x5 = DoubleVector.broadcast(S, a[aq + 5]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + L).add(c01);
            c10 = DoubleVector.fromArray(S, c, ci + ldc).add(c10);
            c11 = DoubleVector.fromArray(S, c, ci + ldc + L).add(c11);
            c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20);
            c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L).add(c21);
            c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30);
            c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L).add(c31);
            c40 = DoubleVector.fromArray(S, c, ci + 4 * ldc).add(c40);
            c41 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L).add(c41);
            c50 = DoubleVector.fromArray(S, c, ci + 5 * ldc).add(c50);
            c51 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L).add(c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
    }

    private static void tile1x3(int i, int j, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + 1 * L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bq + 2 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + 1 * L).add(c01);
            c02 = DoubleVector.fromArray(S, c, ci + 2 * L).add(c02);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + 1 * L);
        c02.intoArray(c, ci + 2 * L);
    }

    private static void tile4x2(int i, int j, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + 1 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            DoubleVector x1 = DoubleVector.broadcast(S, a[aq + 1 * rowStride]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            DoubleVector x2 = DoubleVector.broadcast(S, a[aq + 2 * rowStride]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            DoubleVector x3 = DoubleVector.broadcast(S, a[aq + 3 * rowStride]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + 1 * L).add(c01);
            c10 = DoubleVector.fromArray(S, c, ci + 1 * ldc).add(c10);
            c11 = DoubleVector.fromArray(S, c, ci + 1 * ldc + 1 * L).add(c11);
            c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20);
            c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + 1 * L).add(c21);
            c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30);
            c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + 1 * L).add(c31);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + 1 * L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + 1 * L);
    }

    /**
     * Eight rows × 1 vector of C where A's rows are adjacent (as {@link #gradTile6x2}): the column left over
     * from the 2-vector tiles (a 20-feature layer's weight gradient), 8 chains in flight where a 4-row tile has 4
     * (each waits a fused multiply-add's latency). Same operations per element as every tile.
     */
    private static void gradTile8x1(int i, int j, int k, double[] a, int aOff, int colStride,
                                    double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = DoubleVector.zero(S);
        DoubleVector c2 = DoubleVector.zero(S);
        DoubleVector c3 = DoubleVector.zero(S);
        DoubleVector c4 = DoubleVector.zero(S);
        DoubleVector c5 = DoubleVector.zero(S);
        DoubleVector c6 = DoubleVector.zero(S);
        DoubleVector c7 = DoubleVector.zero(S);
        int aq = aOff + i;
        int bq = bOff + j;
        for (int p = 0; p < k; p++, aq += colStride, bq += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            c0 = DoubleVector.broadcast(S, a[aq + 0]).fma(b0, c0);
            c1 = DoubleVector.broadcast(S, a[aq + 1]).fma(b0, c1);
            c2 = DoubleVector.broadcast(S, a[aq + 2]).fma(b0, c2);
            c3 = DoubleVector.broadcast(S, a[aq + 3]).fma(b0, c3);
            c4 = DoubleVector.broadcast(S, a[aq + 4]).fma(b0, c4);
            c5 = DoubleVector.broadcast(S, a[aq + 5]).fma(b0, c5);
            c6 = DoubleVector.broadcast(S, a[aq + 6]).fma(b0, c6);
            c7 = DoubleVector.broadcast(S, a[aq + 7]).fma(b0, c7);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c0 = DoubleVector.fromArray(S, c, ci + 0 * ldc).add(c0);
            c1 = DoubleVector.fromArray(S, c, ci + 1 * ldc).add(c1);
            c2 = DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c2);
            c3 = DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c3);
            c4 = DoubleVector.fromArray(S, c, ci + 4 * ldc).add(c4);
            c5 = DoubleVector.fromArray(S, c, ci + 5 * ldc).add(c5);
            c6 = DoubleVector.fromArray(S, c, ci + 6 * ldc).add(c6);
            c7 = DoubleVector.fromArray(S, c, ci + 7 * ldc).add(c7);
        }
        c0.intoArray(c, ci + 0 * ldc);
        c1.intoArray(c, ci + 1 * ldc);
        c2.intoArray(c, ci + 2 * ldc);
        c3.intoArray(c, ci + 3 * ldc);
        c4.intoArray(c, ci + 4 * ldc);
        c5.intoArray(c, ci + 5 * ldc);
        c6.intoArray(c, ci + 6 * ldc);
        c7.intoArray(c, ci + 7 * ldc);
    }

    private static void tile1x2(int i, int j, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < k; p++) {
            int bq = bp + p * ldb;
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + 1 * L);
            DoubleVector x0 = DoubleVector.broadcast(S, a[aq]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
        }
        int ci = cOff + i * ldc + j;
        if (add) {
            c00 = DoubleVector.fromArray(S, c, ci).add(c00);
            c01 = DoubleVector.fromArray(S, c, ci + 1 * L).add(c01);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + 1 * L);
    }

    /** Rows [0, rows) × columns [0, w) of the scratch tile (rows of sw values) into C at ci: {@code c + sum} or {@code sum}. */
    private static void copyOut(int rows, int w, double[] scratch, int sw, boolean add, double[] c, int ci, int ldc) {
        for (int x = 0; x < rows; x++) {
            int cx = ci + x * ldc;
            for (int l = 0; l < w; l++) {
                c[cx + l] = add ? c[cx + l] + scratch[x * sw + l] : scratch[x * sw + l];
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

    /**
     * Four rows × the w (&lt; L) columns from j: vector fused multiply-adds for p &lt; pv, then each
     * lane's sum continues with scalar fused multiply-adds for p ≥ pv (the same chain per element).
     */
    private static void tile4xT(int i, int j, int w, int pv, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc, double[] tmp) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S), c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < pv; p++) {
            int aq = ap + p * colStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp + p * ldb);
            c0 = DoubleVector.broadcast(S, a[aq]).fma(b0, c0);
            c1 = DoubleVector.broadcast(S, a[aq + rowStride]).fma(b0, c1);
            c2 = DoubleVector.broadcast(S, a[aq + 2 * rowStride]).fma(b0, c2);
            c3 = DoubleVector.broadcast(S, a[aq + 3 * rowStride]).fma(b0, c3);
        }
        c0.intoArray(tmp, 0);
        c1.intoArray(tmp, L);
        c2.intoArray(tmp, 2 * L);
        c3.intoArray(tmp, 3 * L);
        finishLanes(4, i, j, w, pv, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc, tmp);
    }

    /** One row × the w (&lt; L) columns from j, as {@link #tile4xT}. */
    private static void tile1xT(int i, int j, int w, int pv, int k, double[] a, int aOff, int rowStride, int colStride,
                                double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc, double[] tmp) {
        DoubleVector c0 = DoubleVector.zero(S);
        int ap = aOff + i * rowStride;
        int bp = bOff + j;
        for (int p = 0; p < pv; p++) {
            c0 = DoubleVector.broadcast(S, a[ap + p * colStride]).fma(DoubleVector.fromArray(S, b, bp + p * ldb), c0);
        }
        c0.intoArray(tmp, 0);
        finishLanes(1, i, j, w, pv, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc, tmp);
    }

    /** The scalar steps p ≥ pv of rows [i, i + rows) × columns [j, j + w), from the lane sums in tmp, and the write-back. */
    private static void finishLanes(int rows, int i, int j, int w, int pv, int k, double[] a, int aOff, int rowStride,
                                    int colStride, double[] b, int bOff, int ldb, boolean add,
                                    double[] c, int cOff, int ldc, double[] tmp) {
        for (int x = 0; x < rows; x++) {
            int ax = aOff + (i + x) * rowStride;
            int ci = cOff + (i + x) * ldc + j;
            for (int l = 0; l < w; l++) {
                double sum = tmp[x * L + l];
                for (int p = pv; p < k; p++) {
                    sum = Math.fma(a[ax + p * colStride], b[bOff + p * ldb + j + l], sum);
                }
                c[ci + l] = add ? c[ci + l] + sum : sum;
            }
        }
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
