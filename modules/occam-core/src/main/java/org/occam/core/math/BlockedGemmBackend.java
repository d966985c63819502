package org.occam.core.math;

/**
 * The shared driver of Occam's own kernels: handles the degenerate cases and α, β (kernels only
 * compute {@code C = A·B} or {@code C += A·B}), brings B into a layout where {@code op(B)}'s rows
 * are contiguous (packing Bᵀ once per call into a per-thread buffer, as one k × n matrix or, for
 * backends with a {@link #panelWidth}, as panels of a few columns each), and hands rectangles of C to
 * the subclass kernel — all of C on the calling thread, or disjoint
 * row (or column) ranges on the {@link GemmThreads} workers when the product is large enough.
 * <p>
 * Kernels compute every element of C as one sum over k, in increasing k, whatever rectangle they
 * are given, so the result is bit-identical for any thread count.
 */
public abstract class BlockedGemmBackend implements GemmBackend {

    private static final ThreadLocal<double[]> PACK_BUFFER = ThreadLocal.withInitial(() -> new double[0]);

    /** For subclasses. */
    protected BlockedGemmBackend() {}

    @Override
    public final void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                           double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                           double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0.0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (transB && !transA && useDotProducts(n, k)) {
            if (alpha == 1.0 && (beta == 0.0 || beta == 1.0)) {
                boolean add = beta == 1.0;
                GemmThreads.run(m, n, k, rowAlignment(), columnAlignment(), (i0, i1, j0, j1) ->
                        dotKernel(i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, add, c, cOff, ldc));
                return;
            }
        }
        int rowStride = transA ? 1 : lda;
        int colStride = transA ? lda : 1;
        if (!transA && !transB && panelWidth() > 0 && usesRowPanels(k) && alpha == 1.0 && (beta == 0.0 || beta == 1.0)) {
            double[] panels = rowPanels(b, bOff, ldb, n, k);
            boolean add = beta == 1.0;
            GemmThreads.run(m, n, k, rowAlignment(), columnAlignment(), (i0, i1, j0, j1) ->
                    panelKernel(i0, i1, j0, j1, k, a, aOff, rowStride, colStride, panels, n, add, c, cOff, ldc));
            return;
        }
        if (usePanels(transB) && alpha == 1.0 && (beta == 0.0 || beta == 1.0)) {
            double[] panels = panels(b, bOff, ldb, n, k);
            boolean add = beta == 1.0;
            GemmThreads.run(m, n, k, rowAlignment(), columnAlignment(), (i0, i1, j0, j1) ->
                    panelKernel(i0, i1, j0, j1, k, a, aOff, rowStride, colStride, panels, n, add, c, cOff, ldc));
            return;
        }
        double[] bp = b;
        int bpOff = bOff;
        int ldbp = ldb;
        if (transB) {
            bp = packTransposed(b, bOff, ldb, n, k);
            bpOff = 0;
            ldbp = n;
        }
        if (alpha == 1.0 && (beta == 0.0 || beta == 1.0)) {
            products(m, n, k, a, aOff, rowStride, colStride, bp, bpOff, ldbp, beta == 1.0, c, cOff, ldc);
        } else if (alpha == 1.0) {
            scale(m, n, beta, c, cOff, ldc);                       // C ← βC, then C += A·B
            products(m, n, k, a, aOff, rowStride, colStride, bp, bpOff, ldbp, true, c, cOff, ldc);
        } else {
            double[] t = new double[m * n];                        // rare: T = A·B, then C = αT + βC
            products(m, n, k, a, aOff, rowStride, colStride, bp, bpOff, ldbp, false, t, 0, n);
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = beta == 0.0 ? alpha * t[i * n + j] : alpha * t[i * n + j] + beta * c[ci + j];
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Backends that {@link #fusesRow() fuse} the row into their kernels' write-back do so here, on
     * the same split of C between threads as {@link #gemm}; the others take the default.
     */
    @Override
    public final void gemmPlusRow(boolean transA, boolean transB, int m, int n, int k,
                                  double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                  double[] r, int rOff, double[] c, int cOff, int ldc) {
        if (!fusesRow() || m == 0 || n == 0 || k == 0) {
            GemmBackend.super.gemmPlusRow(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, r, rOff, c, cOff, ldc);
            return;
        }
        if (transB && !transA && useDotProducts(n, k)) {
            GemmThreads.run(m, n, k, rowAlignment(), columnAlignment(), (i0, i1, j0, j1) ->
                    dotKernelPlusRow(i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, r, rOff, c, cOff, ldc));
            return;
        }
        int rowStride = transA ? 1 : lda;
        int colStride = transA ? lda : 1;
        if (usePanels(transB)) {
            double[] panels = panels(b, bOff, ldb, n, k);
            GemmThreads.run(m, n, k, rowAlignment(), columnAlignment(), (i0, i1, j0, j1) -> {
                copyRow(i0, i1, j0, j1, r, rOff, c, cOff, ldc);
                panelKernel(i0, i1, j0, j1, k, a, aOff, rowStride, colStride, panels, n, true, c, cOff, ldc);
            });
            return;
        }
        double[] bp = b;
        int bpOff = bOff;
        int ldbp = ldb;
        if (transB) {
            bp = packTransposed(b, bOff, ldb, n, k);
            bpOff = 0;
            ldbp = n;
        }
        double[] bpFinal = bp;
        int bpOffFinal = bpOff;
        int ldbpFinal = ldbp;
        GemmThreads.run(m, n, k, rowAlignment(), columnAlignment(), (i0, i1, j0, j1) ->
                kernelPlusRow(i0, i1, j0, j1, k, a, aOff, rowStride, colStride, bpFinal, bpOffFinal, ldbpFinal,
                        r, rOff, c, cOff, ldc));
    }

    /**
     * @return true to compute {@link #gemmPlusRow} with {@link #kernelPlusRow} and
     *         {@link #dotKernelPlusRow} in one pass over C; false (the default) for
     *         {@link GemmBackend#gemmPlusRow}'s two passes (same bits either way)
     */
    protected boolean fusesRow() {
        return false;
    }

    /**
     * As {@link #kernel} without accumulation, writing {@code sum + r[rOff + j]} to each element.
     * Only called when {@link #fusesRow()}. The default writes the row into C's rectangle, then lets
     * {@link #kernel} add the products: every kernel adds a sum formed from zero to C, so each element
     * is {@code r_j + sum}, the same bits as {@code sum + r_j} (IEEE addition is commutative).
     * @param i0 first row
     * @param i1 end row (exclusive)
     * @param j0 first column
     * @param j1 end column (exclusive)
     * @param k inner dimension (≥ 1)
     * @param a A's values
     * @param aOff A's first index
     * @param rowStride A's step between rows i
     * @param colStride A's step between columns p
     * @param b B's values, rows contiguous
     * @param bOff B's first index
     * @param ldb B's row stride
     * @param r the row's values
     * @param rOff the row's first index
     * @param c C's values
     * @param cOff C's first index
     * @param ldc C's row stride
     */
    protected void kernelPlusRow(int i0, int i1, int j0, int j1, int k,
                                 double[] a, int aOff, int rowStride, int colStride,
                                 double[] b, int bOff, int ldb, double[] r, int rOff, double[] c, int cOff, int ldc) {
        copyRow(i0, i1, j0, j1, r, rOff, c, cOff, ldc);
        kernel(i0, i1, j0, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, true, c, cOff, ldc);
    }

    /**
     * As {@link #dotKernel} without accumulation, writing {@code sum + r[rOff + j]} to each element.
     * Only called when {@link #fusesRow()} and {@link #useDotProducts}. The default writes the row,
     * then lets {@link #dotKernel} add the dot products (the same bits, as for {@link #kernelPlusRow}).
     * @param i0 first row
     * @param i1 end row (exclusive)
     * @param j0 first column
     * @param j1 end column (exclusive)
     * @param k inner dimension (≥ 1)
     * @param a A's values
     * @param aOff A's first index
     * @param lda A's row stride
     * @param b B's values
     * @param bOff B's first index
     * @param ldb B's row stride
     * @param r the row's values
     * @param rOff the row's first index
     * @param c C's values
     * @param cOff C's first index
     * @param ldc C's row stride
     */
    protected void dotKernelPlusRow(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
                                    double[] b, int bOff, int ldb, double[] r, int rOff, double[] c, int cOff, int ldc) {
        copyRow(i0, i1, j0, j1, r, rOff, c, cOff, ldc);
        dotKernel(i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, true, c, cOff, ldc);
    }

    /** Writes {@code r[rOff + j0 .. rOff + j1)} into each row [i0, i1) of C's columns [j0, j1). */
    private static void copyRow(int i0, int i1, int j0, int j1, double[] r, int rOff, double[] c, int cOff, int ldc) {
        for (int i = i0; i < i1; i++) {
            System.arraycopy(r, rOff + j0, c, cOff + i * ldc + j0, j1 - j0);
        }
    }

    private void products(int m, int n, int k, double[] a, int aOff, int rowStride, int colStride,
                          double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        GemmThreads.run(m, n, k, rowAlignment(), columnAlignment(), (i0, i1, j0, j1) ->
                kernel(i0, i1, j0, j1, k, a, aOff, rowStride, colStride, b, bOff, ldb, add, c, cOff, ldc));
    }

    /**
     * Computes the rectangle {@code [i0, i1) × [j0, j1)} of {@code C = A·B} (or {@code C += A·B}
     * when {@code add}), where A's element (i, p) is {@code a[aOff + i·rowStride + p·colStride]} and
     * B's element (p, j) is {@code b[bOff + p·ldb + j]}. Must compute each element the same way
     * whatever the rectangle.
     * @param i0 first row
     * @param i1 end row (exclusive)
     * @param j0 first column
     * @param j1 end column (exclusive)
     * @param k inner dimension (≥ 1)
     * @param a A's values
     * @param aOff A's first index
     * @param rowStride A's step between rows i
     * @param colStride A's step between columns p
     * @param b B's values, rows contiguous
     * @param bOff B's first index
     * @param ldb B's row stride
     * @param add add to C instead of overwriting it
     * @param c C's values
     * @param cOff C's first index
     * @param ldc C's row stride
     */
    protected abstract void kernel(int i0, int i1, int j0, int j1, int k,
                                   double[] a, int aOff, int rowStride, int colStride,
                                   double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc);

    /**
     * Whether A·Bᵀ of this shape should be computed as row-by-row dot products (both operands
     * contiguous along k) instead of packing Bᵀ; only asked for {@code alpha = 1}, {@code beta} 0 or 1.
     * @param n columns of C (rows of B)
     * @param k inner dimension
     * @return true to call {@link #dotKernel}
     */
    protected boolean useDotProducts(int n, int k) {
        return false;
    }

    /**
     * Computes the rectangle {@code [i0, i1) × [j0, j1)} of {@code C = A·Bᵀ} (or {@code C += A·Bᵀ})
     * as dot products of A's row i ({@code a[aOff + i·lda + p]}) and B's row j
     * ({@code b[bOff + j·ldb + p]}). Only called when {@link #useDotProducts} says so.
     * @param i0 first row
     * @param i1 end row (exclusive)
     * @param j0 first column
     * @param j1 end column (exclusive)
     * @param k inner dimension (≥ 1)
     * @param a A's values
     * @param aOff A's first index
     * @param lda A's row stride
     * @param b B's values
     * @param bOff B's first index
     * @param ldb B's row stride
     * @param add add to C instead of overwriting it
     * @param c C's values
     * @param cOff C's first index
     * @param ldc C's row stride
     */
    protected void dotKernel(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, boolean add, double[] c, int cOff, int ldc) {
        // portable scalar version; backends that enable useDotProducts override it with a faster one
        for (int i = i0; i < i1; i++) {
            int ai = aOff + i * lda;
            for (int j = j0; j < j1; j++) {
                int bj = bOff + j * ldb;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                int ci = cOff + i * ldc + j;
                c[ci] = add ? c[ci] + s : s;
            }
        }
    }

    /** Whether this product's op(B) is packed into panels for {@link #panelKernel}. */
    private boolean usePanels(boolean transB) {
        return transB && panelWidth() > 0;
    }

    /**
     * @return 0 (the default) to pack a transposed B into a plain k × n matrix for {@link #kernel}; or
     *         the columns of one panel (a multiple of {@link #panelPad} and of {@link #columnAlignment})
     *         to pack it into panels for {@link #panelKernel} instead
     */
    protected int panelWidth() {
        return 0;
    }

    /** @return the multiple to which the last panel's columns are rounded up (with zeros) */
    protected int panelPad() {
        return 1;
    }

    /**
     * @return the distance between the rows of a whole panel ({@link #panelWidth} columns), at least the panel
     *         width (the default); the values past the panel width in each row are never read
     */
    protected int panelStride() {
        return panelWidth();
    }

    /** @return where the panel of columns from jb (a multiple of nr) starts: after jb / nr whole panels of k rows */
    static int panelStart(int jb, int k, int nr, int stride) {
        return jb / nr * stride * k;
    }

    /** @return the row stride of a panel of pw columns (after padding): the whole panels' stride, else pw */
    static int panelRowStride(int pw, int nr, int stride) {
        return pw == nr ? stride : pw;
    }

    /**
     * As {@link #kernel} for a transposed B, packed by {@link #packPanels}: the panel of columns
     * [jb, jb + w) (jb a multiple of the panel width w) starts at {@code panels[jb / w · stride · k]} and holds
     * k rows of w values, {@link #panelStride} apart, the last panel's rows rounded up to {@link #panelPad}
     * values (and as many apart, unless that makes them whole). j0 is a multiple of
     * the panel width. Only called when {@link #panelWidth} is not 0. The default computes each
     * element as one scalar chain {@code acc = fma(a_ip, b_pj, acc)} from 0 (the vector backend's
     * contract, lane by lane), reading B from the panels.
     * @param i0 first row
     * @param i1 end row (exclusive)
     * @param j0 first column
     * @param j1 end column (exclusive)
     * @param k inner dimension (≥ 1)
     * @param a A's values
     * @param aOff A's first index
     * @param rowStride A's step between rows i
     * @param colStride A's step between columns p
     * @param panels op(B) in panels
     * @param n columns of C
     * @param add add to C instead of overwriting it
     * @param c C's values
     * @param cOff C's first index
     * @param ldc C's row stride
     */
    protected void panelKernel(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int rowStride,
                               int colStride, double[] panels, int n, boolean add, double[] c, int cOff, int ldc) {
        int nr = panelWidth();
        int pad = panelPad();
        int stride = panelStride();
        for (int i = i0; i < i1; i++) {
            int ai = aOff + i * rowStride;
            for (int j = j0; j < j1; j++) {
                int jb = j / nr * nr;
                int pw = Math.min(nr, (Math.min(nr, n - jb) + pad - 1) / pad * pad);
                int st = panelRowStride(pw, nr, stride);
                int bj = panelStart(jb, k, nr, stride) + (j - jb);
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[ai + p * colStride], panels[bj + p * st], acc);
                }
                int ci = cOff + i * ldc + j;
                c[ci] = add ? c[ci] + acc : acc;
            }
        }
    }

    /**
     * Packs Bᵀ for {@link #panelKernel}: the layout of {@link #packPanels} with {@link #panelWidth} and
     * {@link #panelPad}. Subclasses may copy the values faster (the same values in the same places).
     * @param b B's values (n × k)
     * @param bOff B's first index
     * @param ldb B's row stride
     * @param n rows of B (columns of C)
     * @param k columns of B (the inner dimension)
     * @return the panels, in this thread's pack buffer
     */
    protected double[] panels(double[] b, int bOff, int ldb, int n, int k) {
        return packPanels(b, bOff, ldb, n, k, panelWidth(), panelPad(), panelStride());
    }

    /**
     * @param k inner dimension (rows of B)
     * @return true to copy an untransposed B of A·B (A untransposed too: a layer's input gradient G·W) into
     *         panels, {@link #rowPanels}, for {@link #panelKernel}; false (the default) for {@link #kernel} on B
     *         in place. Only asked when {@link #panelWidth} is not 0.
     */
    protected boolean usesRowPanels(int k) {
        return false;
    }

    /**
     * Copies B (k × n, row stride ldb, untransposed) into this thread's pack buffer in {@link #packPanels}'s
     * layout: panel row p of the columns from jb holds B's row p there. Subclasses may copy faster.
     * @param b B's values
     * @param bOff B's first index
     * @param ldb B's row stride
     * @param n columns of B and C
     * @param k rows of B (the inner dimension)
     * @return the panels, in this thread's pack buffer
     */
    protected double[] rowPanels(double[] b, int bOff, int ldb, int n, int k) {
        int nr = panelWidth();
        int pad = panelPad();
        int stride = panelStride();
        double[] buf = packBuffer(panelsSize(n, k, nr, pad, stride));
        for (int jb = 0; jb < n; jb += nr) {
            int w = Math.min(nr, n - jb);
            int pw = Math.min(nr, (w + pad - 1) / pad * pad);
            copyRowPanel(b, bOff + jb, ldb, k, w, pw, buf, panelStart(jb, k, nr, stride), panelRowStride(pw, nr, stride));
        }
        return buf;
    }

    /**
     * One panel of {@link #rowPanels}: w values of each of B's k rows from s (row stride ldb) to {@code d + p·st},
     * then zeros up to pw.
     */
    static void copyRowPanel(double[] b, int s, int ldb, int k, int w, int pw, double[] buf, int d, int st) {
        for (int p = 0; p < k; p++, s += ldb, d += st) {
            System.arraycopy(b, s, buf, d, w);
            java.util.Arrays.fill(buf, d + w, d + pw, 0.0);
        }
    }

    /** @return this thread's pack buffer, at least {@code size} long (reused by the next pack on this thread) */
    static double[] packBuffer(int size) {
        double[] buf = PACK_BUFFER.get();
        if (buf.length < size) {
            buf = new double[Math.max(size, buf.length * 2)];
            PACK_BUFFER.set(buf);
        }
        return buf;
    }

    /**
     * Copies Bᵀ (B is n × k with row stride ldb) into this thread's buffer as consecutive panels of
     * {@code nr} columns: the panel of columns [jb, jb + nr) at {@link #panelStart}, its row p
     * {@code p·stride} further, the values between nr and the stride left as they were; the last panel's columns
     * rounded up to a multiple of {@code pad} (pw), the extra values zero, its rows pw apart unless pw is nr.
     * The buffer is reused by the next call on the same thread.
     */
    static double[] packPanels(double[] b, int bOff, int ldb, int n, int k, int nr, int pad, int stride) {
        double[] buf = packBuffer(panelsSize(n, k, nr, pad, stride));
        for (int jb = 0; jb < n; jb += nr) {
            int w = Math.min(nr, n - jb);
            int pw = Math.min(nr, (w + pad - 1) / pad * pad);
            int st = panelRowStride(pw, nr, stride);
            int base = panelStart(jb, k, nr, stride);
            int x = 0;
            for (; x + 4 <= w; x += 4) {               // 4 source rows at a time: 4 adjacent values written per p
                int s0 = bOff + (jb + x) * ldb;
                int s1 = s0 + ldb;
                int s2 = s1 + ldb;
                int s3 = s2 + ldb;
                for (int p = 0, d = base + x; p < k; p++, d += st) {
                    buf[d] = b[s0 + p];
                    buf[d + 1] = b[s1 + p];
                    buf[d + 2] = b[s2 + p];
                    buf[d + 3] = b[s3 + p];
                }
            }
            packLastColumns(b, bOff + jb * ldb, ldb, k, x, w, pw, buf, base, st);
        }
        return buf;
    }

    /** @return the values {@link #packPanels} writes for an n × k matrix: whole panels, then the last one */
    static int panelsSize(int n, int k, int nr, int pad, int stride) {
        int rest = n % nr;
        int last = rest == 0 ? 0 : panelRowStride(Math.min(nr, (rest + pad - 1) / pad * pad), nr, stride);
        return k * (n / nr * stride + last);
    }

    /**
     * The end of one panel of {@link #packPanels}: columns [x, w) of the panel copied one at a time (B's rows
     * from {@code s}, row stride ldb), then the columns [w, pw) zero, every panel row p at {@code base + p·st}.
     */
    static void packLastColumns(double[] b, int s, int ldb, int k, int x, int w, int pw, double[] buf, int base,
                                int st) {
        for (; x < w; x++) {
            int s0 = s + x * ldb;
            for (int p = 0, d = base + x; p < k; p++, d += st) {
                buf[d] = b[s0 + p];
            }
        }
        for (int p = 0, d = base; pw > w && p < k; p++, d += st) {
            for (int l = w; l < pw; l++) {               // a few values per row: no call to Arrays.fill
                buf[d + l] = 0.0;
            }
        }
    }

    /** @return the multiple of rows at which C may be split between threads */
    protected int rowAlignment() {
        return 4;
    }

    /** @return the multiple of columns at which C may be split between threads */
    protected int columnAlignment() {
        return 8;
    }

    /** C ← beta·C (C ← 0 when beta is 0, ignoring NaN). */
    static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1.0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0.0) {
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            } else {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }

    /**
     * Copies Bᵀ (B is n × k with row stride ldb) into this thread's buffer as a k × n row-major
     * matrix. The buffer is reused by the next call on the same thread.
     */
    static double[] packTransposed(double[] b, int bOff, int ldb, int n, int k) {
        double[] buf = packBuffer(n * k);
        int j = 0;
        for (; j + 8 <= n; j += 8) {                 // 8 source rows at a time: one whole cache line written per p
            int s0 = bOff + j * ldb;
            for (int p = 0, d = j; p < k; p++, d += n) {
                buf[d] = b[s0 + p];
                buf[d + 1] = b[s0 + ldb + p];
                buf[d + 2] = b[s0 + 2 * ldb + p];
                buf[d + 3] = b[s0 + 3 * ldb + p];
                buf[d + 4] = b[s0 + 4 * ldb + p];
                buf[d + 5] = b[s0 + 5 * ldb + p];
                buf[d + 6] = b[s0 + 6 * ldb + p];
                buf[d + 7] = b[s0 + 7 * ldb + p];
            }
        }
        for (; j + 4 <= n; j += 4) {
            int s0 = bOff + j * ldb;
            int s1 = s0 + ldb;
            int s2 = s1 + ldb;
            int s3 = s2 + ldb;
            for (int p = 0, d = j; p < k; p++, d += n) {
                buf[d] = b[s0 + p];
                buf[d + 1] = b[s1 + p];
                buf[d + 2] = b[s2 + p];
                buf[d + 3] = b[s3 + p];
            }
        }
        for (; j < n; j++) {
            int s0 = bOff + j * ldb;
            for (int p = 0, d = j; p < k; p++, d += n) {
                buf[d] = b[s0 + p];
            }
        }
        return buf;
    }
}
