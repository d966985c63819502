package org.occam.core.train;

import org.occam.core.math.Matrix;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The minibatches gathered ahead in chunks against each batch's rows gathered by themselves
 * ({@link Matrix#gatherRowsInto}), value for value, for chunk sizes below one batch, of whole and of
 * fractional batch counts, and above the data set, with a ragged last batch and reshuffled epochs.
 */
class MinibatchRowsTest {

    private static Matrix random(int rows, int cols, SplittableRandom rng) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = rng.nextDouble(-3, 3);
        }
        return m;
    }

    private static void shuffle(int[] order, SplittableRandom rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Every batch of two shuffled epochs as the loop asks for them, against the straightforward gather. */
    private static void assertSameBatches(int n, int batch, int chunkValues) {
        assertSameBatches(n, batch, chunkValues, 0);
    }

    /** As above, rows gathered ahead only from aheadFromValues values of x and y on. */
    private static void assertSameBatches(int n, int batch, int chunkValues, long aheadFromValues) {
        SplittableRandom rng = new SplittableRandom(31L * n + batch);
        Matrix x = random(n, 5, rng);
        Matrix y = random(n, 3, rng);
        MinibatchRows rows = new MinibatchRows(x, y, batch, chunkValues, aheadFromValues);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < 2; epoch++) {
            shuffle(order, rng);
            rows.newOrder();
            for (int from = 0; from < n; from += batch) {
                int size = Math.min(batch, n - from);
                Matrix bx = new Matrix(size, x.cols());
                Matrix by = new Matrix(size, y.cols());
                rows.copyBatch(order, from, bx, by);
                Matrix ex = new Matrix(size, x.cols());
                Matrix ey = new Matrix(size, y.cols());
                x.gatherRowsInto(order, from, ex);
                y.gatherRowsInto(order, from, ey);
                String where = "n " + n + ", batch " + batch + ", chunk " + chunkValues + ", epoch " + epoch + ", from " + from;
                assertArrayEquals(ex.data(), bx.data(), where);
                assertArrayEquals(ey.data(), by.data(), where);
            }
        }
    }

    @Test
    void chunkedBatchesEqualPerBatchGathers() {
        int perBatchOf4 = 4 * (5 + 3);
        for (int chunk : new int[]{1, perBatchOf4 - 1, perBatchOf4, 2 * perBatchOf4 + 7, 3 * perBatchOf4, 1 << 21}) {
            assertSameBatches(13, 4, chunk);       // ragged last batch of 1
            assertSameBatches(12, 4, chunk);       // whole batches
            assertSameBatches(3, 4, chunk);        // one short batch
            assertSameBatches(1, 1, chunk);
        }
    }

    /** A data set below the size for gathering ahead: each batch gathered by itself, the same rows. */
    @Test
    void smallDataSetsAreGatheredBatchByBatch() {
        assertSameBatches(13, 4, 1 << 21, 13 * 8 + 1);
        assertSameBatches(13, 4, 1 << 21, 13 * 8);            // exactly at the size: ahead
        assertSameBatches(3, 4, 1 << 21, Long.MAX_VALUE);
    }

    @Test
    void storedOrderIsCopiedStraight() {
        SplittableRandom rng = new SplittableRandom(5);
        Matrix x = random(10, 2, rng);
        Matrix y = random(10, 1, rng);
        MinibatchRows rows = new MinibatchRows(x, y, 4, 8);
        Matrix bx = new Matrix(2, 2);
        Matrix by = new Matrix(2, 1);
        rows.copyBatch(null, 8, bx, by);
        assertArrayEquals(new double[]{x.get(8, 0), x.get(8, 1), x.get(9, 0), x.get(9, 1)}, bx.data());
        assertArrayEquals(new double[]{y.get(8, 0), y.get(9, 0)}, by.data());
    }

    @Test
    void aNewOrderIsGatheredAgain() {
        Matrix x = Matrix.of(new double[]{0}, new double[]{1}, new double[]{2}, new double[]{3});
        Matrix y = Matrix.of(new double[]{10}, new double[]{11}, new double[]{12}, new double[]{13});
        MinibatchRows rows = new MinibatchRows(x, y, 2, 1 << 20);
        Matrix bx = new Matrix(2, 1);
        Matrix by = new Matrix(2, 1);
        rows.copyBatch(new int[]{3, 2, 1, 0}, 0, bx, by);
        assertArrayEquals(new double[]{3, 2}, bx.data());
        rows.newOrder();
        rows.copyBatch(new int[]{1, 0, 3, 2}, 2, bx, by);
        assertArrayEquals(new double[]{3, 2}, bx.data());
        assertArrayEquals(new double[]{13, 12}, by.data());
        rows.copyBatch(new int[]{1, 0, 3, 2}, 0, bx, by);
        assertEquals(1.0, bx.get(0, 0));
        assertEquals(0.0, bx.get(1, 0));
    }
}
