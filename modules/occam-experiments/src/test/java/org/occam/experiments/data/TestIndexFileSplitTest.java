package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fixed test set from an index file: sizes, disjointness, determinism, bad lines named. */
class TestIndexFileSplitTest {
    @TempDir
    Path tmp;

    private TestIndexFileSplit split(String indexText, double validationFraction, long seed) throws Exception {
        Path file = Files.writeString(tmp.resolve("idx.txt"), indexText);
        return new TestIndexFileSplit(file.toString(), validationFraction, seed);
    }

    @Test
    void testRowsAreTheFileValidationIsDrawnFromTheRest() throws Exception {
        Partition p = split("7\n2\n\n11\n 5 \n", 0.25, 3).split(20);
        assertArrayEquals(new int[]{2, 5, 7, 11}, p.test(), "sorted, blank lines and spaces ignored");
        assertEquals(4, p.validation().length, "round(0.25·16)");
        assertEquals(12, p.train().length);
        FractionSplitTest.assertPartitionOf(20, p);
        assertEquals(0, split("1\n", 0.0, 3).split(5).validation().length);
    }

    @Test
    void validationHoldOutIsSeeded() throws Exception {
        Partition a = split("0\n1\n", 0.3, 9).split(100);
        Partition b = split("0\n1\n", 0.3, 9).split(100);
        Partition c = split("0\n1\n", 0.3, 10).split(100);
        assertArrayEquals(a.validation(), b.validation());
        assertArrayEquals(a.train(), b.train());
        assertFalse(Arrays.equals(a.validation(), c.validation()));
        assertArrayEquals(a.test(), c.test(), "the test rows never depend on the seed");
    }

    @Test
    void shippedSplitFitsItsDataset() {
        // relative, as in the shipped configs: resolved by BaseDir against the repository root
        Partition p = new TestIndexFileSplit("datasets/splits/moons_n1000_test_idx.txt", 0.2, 7).split(1000);
        assertEquals(250, p.test().length);
        assertEquals(150, p.validation().length);
        FractionSplitTest.assertPartitionOf(1000, p);
    }

    @Test
    void nonNumericLineIsNamed() throws Exception {
        DataException e = assertThrows(DataException.class, () -> split("3\n4\nfive\n", 0, 1).split(10));
        assertTrue(e.getMessage().contains("idx.txt: line 3: not a row index: 'five'"), e.getMessage());
    }

    @Test
    void indexOutsideTheDataIsNamed() throws Exception {
        DataException e = assertThrows(DataException.class, () -> split("3\n10\n", 0, 1).split(10));
        assertTrue(e.getMessage().contains("idx.txt: line 2: row index 10 outside the data's 0..9"), e.getMessage());
        DataException negative = assertThrows(DataException.class, () -> split("-1\n", 0, 1).split(10));
        assertTrue(negative.getMessage().contains("line 1: row index -1"), negative.getMessage());
    }

    @Test
    void aRepeatedIndexNamesFileLineAndIndex() throws Exception {
        DataException e = assertThrows(DataException.class, () -> split("3\n4\n\n3\n", 0, 1).split(10));
        assertTrue(e.getMessage().contains("idx.txt: line 4: row index 3 appears again (first on line 1)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void splitsThatMustHaveRowsButHaveNone() throws Exception {
        DataException empty = assertThrows(DataException.class, () -> split("\n\n", 0, 1).split(10));
        assertTrue(empty.getMessage().contains("idx.txt: lists no row index, so the test split would have no rows"), empty.getMessage());
        DataException noValidation = assertThrows(DataException.class, () -> split("0\n", 0.1, 1).split(4));
        assertTrue(noValidation.getMessage().contains("validationFraction=0.1 of the 3 non-test rows rounds to no validation rows"),
                noValidation.getMessage());
        DataException noTraining = assertThrows(DataException.class, () -> split("0\n", 0.9, 1).split(2));
        assertTrue(noTraining.getMessage().contains("leaves no training rows"), noTraining.getMessage());
    }

    @Test
    void missingFileNamesFileAndProperty() {
        Path missing = tmp.resolve("absent_idx.txt");
        DataException e = assertThrows(DataException.class, () -> new TestIndexFileSplit(missing.toString(), 0, 1).split(10));
        assertEquals(missing + ": no such test-index file (property 'path' of TestIndexFileSplit)", e.getMessage());
    }

    @Test
    void allRowsInTheTestSetLeaveNothingToTrainOn() throws Exception {
        DataException e = assertThrows(DataException.class, () -> split("0\n1\n2\n", 0, 1).split(3));
        assertTrue(e.getMessage().contains("nothing is left to train on"), e.getMessage());
    }

    @Test
    void invalidPropertiesAreRejected() {
        assertEquals("path", assertThrows(PropertyException.class, () -> new TestIndexFileSplit(" ", 0, 1)).getProperty());
        assertEquals("path", assertThrows(PropertyException.class, () -> new TestIndexFileSplit(null, 0, 1)).getProperty());
        for (double bad : new double[]{-0.5, 1.0, Double.NaN}) {
            assertEquals("validationFraction", assertThrows(PropertyException.class,
                    () -> new TestIndexFileSplit("x.txt", bad, 1)).getProperty());
        }
    }

    @Test
    void configRoundTrip() throws Exception {
        DataConfigs.roundTrip(split("1\n", 0.2, 5));
    }
}
