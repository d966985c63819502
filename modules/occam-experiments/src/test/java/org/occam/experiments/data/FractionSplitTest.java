package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random splits by fraction: sizes, disjointness, seeded determinism, bad fractions. */
class FractionSplitTest {
    static void assertPartitionOf(int rows, Partition p) {
        TreeSet<Integer> all = new TreeSet<>();
        for (int[] part : new int[][]{p.train(), p.validation(), p.test()}) {
            int[] sorted = part.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, part, "each part in increasing order");
            for (int i : part) {
                assertTrue(all.add(i), "row " + i + " in two parts");
            }
        }
        assertEquals(IntStream.range(0, rows).boxed().toList(), all.stream().toList(), "every row in one part");
    }

    @Test
    void sizesAreTheRoundedFractions() {
        Partition p = new FractionSplit(0.2, 0.25, 1).split(101);
        assertEquals(25, p.test().length, "round(0.25·101)");
        assertEquals(20, p.validation().length, "round(0.2·101)");
        assertEquals(56, p.train().length);
        assertPartitionOf(101, p);
        assertEquals(0, new FractionSplit(0, 0.5, 1).split(10).validation().length);
        assertEquals(0, new FractionSplit(0, 0, 1).split(10).test().length);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Partition a = new FractionSplit(0.2, 0.3, 42).split(200);
        Partition b = new FractionSplit(0.2, 0.3, 42).split(200);
        Partition c = new FractionSplit(0.2, 0.3, 43).split(200);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.validation(), b.validation());
        assertArrayEquals(a.test(), b.test());
        assertFalse(Arrays.equals(a.test(), c.test()));
        // random, not the first or last rows
        assertTrue(a.test()[0] < 30 && a.test()[a.test().length - 1] > 170, Arrays.toString(a.test()));
    }

    @Test
    void noTrainingRowsLeftIsADataError() {
        DataException e = assertThrows(DataException.class, () -> new FractionSplit(0.45, 0.5, 1).split(2));
        assertTrue(e.getMessage().contains("no training rows"), e.getMessage());
    }

    @Test
    void aFractionThatRoundsToNoRowsIsADataError() {
        DataException test = assertThrows(DataException.class, () -> new FractionSplit(0, 0.1, 1).split(4));
        assertEquals("FractionSplit: testFraction=0.1 of 4 rows rounds to no test rows", test.getMessage());
        DataException validation = assertThrows(DataException.class, () -> new FractionSplit(0.1, 0.5, 1).split(4));
        assertEquals("FractionSplit: validationFraction=0.1 of 4 rows rounds to no validation rows", validation.getMessage());
    }

    @Test
    void invalidFractionsAreRejected() {
        for (double bad : new double[]{-0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            PropertyException v = assertThrows(PropertyException.class, () -> new FractionSplit(bad, 0.2, 1), "validation " + bad);
            assertEquals("validationFraction", v.getProperty());
            PropertyException t = assertThrows(PropertyException.class, () -> new FractionSplit(0.1, bad, 1), "test " + bad);
            assertEquals("testFraction", t.getProperty());
        }
        PropertyException sum = assertThrows(PropertyException.class, () -> new FractionSplit(0.5, 0.5, 1));
        assertTrue(sum.getMessage().contains("must be < 1"), sum.getMessage());
    }

    @Test
    void configRoundTrip() {
        FractionSplit s = DataConfigs.roundTrip(new FractionSplit(0.15, 0.3, 77));
        assertArrayEquals(new FractionSplit(0.15, 0.3, 77).split(50).test(), s.split(50).test());
    }
}
