package org.occam.core.train;

import org.occam.core.math.Matrix;

/**
 * The rows of an epoch's minibatches: row {@code order[i]} of the inputs and targets for position
 * i of the epoch. Shuffled rows are gathered ahead, many batches at once (at most
 * {@link #DEFAULT_CHUNK_VALUES} values, in whole batches), and each batch is then a contiguous copy
 * out of that chunk. The values are those of gathering each batch's rows by itself; only the
 * memory access differs: a batch's 64 rows sit at random places of the data set, and gathering
 * them between the steps' other work cost ~24 µs a step (1 thread, synthetic 50k × 20, 8 MB of
 * inputs), most of it waiting on the memory; one long gather per chunk keeps many of those reads
 * in flight at once. Rows in their stored order (no shuffling) are copied straight from the data.
 * <p>
 * A small data set (below {@link #GATHER_AHEAD_MIN_VALUES} values of x and y) stays in the caches, and
 * there the copy ahead only adds traffic (the chunk written, then read again): its batches are gathered
 * by themselves. Digits (1 797 × 74 values): −0.6 % training CPU (SwitchAB, 30 rounds ABBA, median ratio
 * 1.0063); 50k × 22 values, gathered ahead as before (per batch: 0.9986, no difference).
 */
final class MinibatchRows {
    /** Inputs and targets gathered ahead, at most this many values (16 MiB). */
    static final int DEFAULT_CHUNK_VALUES = 1 << 21;
    /** Data sets with fewer values of x and y than this (4 MiB) are gathered batch by batch. */
    static final int GATHER_AHEAD_MIN_VALUES = 1 << 19;

    private final Matrix x;
    private final Matrix y;
    private final int batchSize;
    private final int rowsPerChunk;
    /** Whether shuffled rows are gathered ahead in chunks (else batch by batch). */
    private final boolean ahead;
    private Matrix chunkX;
    private Matrix chunkY;
    private int chunkFrom;
    private int chunkRows;

    /**
     * @param x inputs, n × features
     * @param y targets, n × outputs
     * @param batchSize the minibatch size (batches start at multiples of it)
     * @param chunkValues at most this many values of x and y are gathered ahead (at least one batch's)
     */
    MinibatchRows(Matrix x, Matrix y, int batchSize, int chunkValues) {
        this(x, y, batchSize, chunkValues, 0);
    }

    /**
     * @param x inputs, n × features
     * @param y targets, n × outputs
     * @param batchSize the minibatch size (batches start at multiples of it)
     * @param chunkValues at most this many values of x and y are gathered ahead (at least one batch's)
     * @param aheadFromValues rows are gathered ahead only when x and y hold at least this many values
     */
    MinibatchRows(Matrix x, Matrix y, int batchSize, int chunkValues, long aheadFromValues) {
        this.ahead = (long) x.size() + y.size() >= aheadFromValues;
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        long perBatch = (long) batchSize * (x.cols() + y.cols());
        long batches = Math.max(1, chunkValues / Math.max(1, perBatch));
        this.rowsPerChunk = (int) Math.min(x.rows(), batches * batchSize);
    }

    /** Forgets the gathered rows: the order changed (a new epoch's shuffle). */
    void newOrder() {
        chunkRows = 0;
    }

    /**
     * Writes the rows {@code order[from], …, order[from + size − 1]} of x and y into batchX and batchY.
     * @param order the epoch's order of rows, or null for the stored order
     * @param from the batch's first position, a multiple of the batch size
     * @param batchX size × features, written
     * @param batchY size × outputs, written
     */
    void copyBatch(int[] order, int from, Matrix batchX, Matrix batchY) {
        int size = batchX.rows();
        if (order == null) {
            copyRows(x, from, batchX);
            copyRows(y, from, batchY);
            return;
        }
        if (!ahead) {
            x.gatherRowsInto(order, from, batchX);
            y.gatherRowsInto(order, from, batchY);
            return;
        }
        if (from < chunkFrom || from + size > chunkFrom + chunkRows) {
            if (from % batchSize != 0) {
                throw new IllegalArgumentException("batch starts at " + from + ", not a multiple of " + batchSize);
            }
            chunkFrom = from;
            chunkRows = Math.min(order.length - from, rowsPerChunk);
            chunkX = Matrix.reuse(chunkX, chunkRows, x.cols());
            chunkY = Matrix.reuse(chunkY, chunkRows, y.cols());
            x.gatherRowsInto(order, from, chunkX);
            y.gatherRowsInto(order, from, chunkY);
        }
        copyRows(chunkX, from - chunkFrom, batchX);
        copyRows(chunkY, from - chunkFrom, batchY);
    }

    /** Copies rows {@code [first, first + out.rows())} of m into out. */
    private static void copyRows(Matrix m, int first, Matrix out) {
        System.arraycopy(m.data(), first * m.cols(), out.data(), 0, out.size());
    }
}
