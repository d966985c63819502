package org.occam.regularizers.batch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageShapeTest {

    @Test
    void layoutIsRowMajorWithTheChannelInnermost() {
        ImageShape s = new ImageShape(3, 4, 2);
        assertEquals(24, s.size());
        assertEquals(12, s.pixels());
        int expected = 0;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(expected++, s.index(r, c, k), "(" + r + "," + c + "," + k + ")");
                }
            }
        }
        // the digits: pixel (r, c) of an 8×8 grey image is feature 8r + c
        assertEquals(8 * 5 + 3, new ImageShape(8, 8, 1).index(5, 3, 0));
    }

    @Test
    void invalidShapesAndMismatchedBatchesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ImageShape(0, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageShape(8, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageShape(8, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImageShape(100_000, 100_000, 1));
        new ImageShape(8, 8, 1).requireFeatureCount("Cutout", 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageShape(8, 8, 1).requireFeatureCount("Cutout", 30));
        assertTrue(e.getMessage().startsWith("Cutout: properties height·width·channels = 8·8·1 = 64 do not match the 30 feature columns"),
                e.getMessage());
    }
}
