package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KFoldSplitTest {
    private final FractionSplit base = new FractionSplit(0.2, 0.25, 3);

    @Test
    void foldsPartitionTheNonTestRowsAndKeepTheTestRows() {
        int rows = 103;
        Partition b = base.split(rows);
        Set<Integer> pool = new HashSet<>();
        IntStream.of(b.train()).forEach(pool::add);
        IntStream.of(b.validation()).forEach(pool::add);
        Set<Integer> seen = new HashSet<>();
        for (int fold = 0; fold < 4; fold++) {
            Partition p = new KFoldSplit(base, 4, fold, 9).split(rows);
            assertArrayEquals(b.test(), p.test());
            assertEquals(pool.size(), p.train().length + p.validation().length);
            assertTrue(p.validation().length == pool.size() / 4 || p.validation().length == pool.size() / 4 + 1);
            for (int i : p.validation()) {
                assertTrue(seen.add(i), "row " + i + " in two validation folds");
                assertTrue(pool.contains(i));
            }
            Set<Integer> train = new HashSet<>();
            IntStream.of(p.train()).forEach(train::add);
            IntStream.of(p.validation()).forEach(i -> assertTrue(!train.contains(i)));
            int[] sorted = p.train().clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, p.train());
        }
        assertEquals(pool, seen);
    }

    @Test
    void theSeedDecidesTheFolds() {
        assertArrayEquals(new KFoldSplit(base, 3, 1, 5).split(60).validation(), new KFoldSplit(base, 3, 1, 5).split(60).validation());
        assertTrue(!Arrays.equals(new KFoldSplit(base, 3, 1, 5).split(60).validation(), new KFoldSplit(base, 3, 1, 6).split(60).validation()));
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(PropertyException.class, () -> new KFoldSplit(base, 1, 0, 1));
        assertThrows(PropertyException.class, () -> new KFoldSplit(base, 3, 3, 1));
        assertThrows(PropertyException.class, () -> new KFoldSplit(base, 3, -1, 1));
        assertThrows(PropertyException.class, () -> new KFoldSplit(null, 3, 0, 1));
        assertThrows(DataException.class, () -> new KFoldSplit(base, 50, 0, 1).split(40));
    }

    @Test
    void provenanceIsTheConfigurationNotTheRows() {
        KFoldSplit split = new KFoldSplit(base, 5, 2, 11);
        var prov = split.getProvenance();
        assertEquals(Set.of("base", "k", "fold", "seed"), prov.getConfiguredParameters().keySet());
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(prov));
        KFoldSplit rebuilt = (KFoldSplit) cm.lookupAll(KFoldSplit.class).get(0);
        assertEquals(split.toString(), rebuilt.toString());
        assertArrayEquals(split.split(80).validation(), rebuilt.split(80).validation());
    }
}
