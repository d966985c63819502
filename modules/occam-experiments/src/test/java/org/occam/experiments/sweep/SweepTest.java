package org.occam.experiments.sweep;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.Test;
import org.occam.experiments.data.DataException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTest {
    @Test
    void rejectsBadSettings() {
        assertThrows(PropertyException.class, () -> new Sweep(List.of("l2.lambda"), 1, 0, 1, ""));
        assertThrows(PropertyException.class, () -> new Sweep(List.of(), 0, 0, 1, ""));
        assertThrows(PropertyException.class, () -> new Sweep(List.of(), 1, 1, 1, ""));
        assertThrows(PropertyException.class, () -> new Sweep(List.of(), 1, -2, 1, ""));
        assertThrows(PropertyException.class, () -> new Sweep(List.of(), 1, 0, 1, "precision"));
    }

    @Test
    void configAndProvenanceRoundTrip() {
        Sweep s = new Sweep(List.of("l2.lambda=0,0.1", "trainer.penalties=l1,l2"), 3, 5, 7, "macroF1");
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(s.getProvenance()));
        Sweep rebuilt = cm.lookupAll(Sweep.class).get(0);
        assertEquals(s.toString(), rebuilt.toString());
        assertEquals(List.of("l2.lambda=0,0.1", "trainer.penalties=l1,l2"), rebuilt.axes().stream().map(GridAxis::spec).toList());
        assertEquals(3, rebuilt.seeds());
        assertEquals(5, rebuilt.folds());
        assertEquals(7, rebuilt.foldSeed());
        assertEquals("macroF1", rebuilt.selectionMetric());
    }

    @Test
    void selectionMetricDirections() {
        assertTrue(SelectionMetric.of("", true).higherIsBetter());
        assertEquals("accuracy", SelectionMetric.of("", true).name());
        assertEquals("mse", SelectionMetric.of("", false).name());
        assertTrue(!SelectionMetric.of("mae", false).higherIsBetter());
        assertTrue(SelectionMetric.of("r2", false).higherIsBetter());
        assertThrows(DataException.class, () -> SelectionMetric.of("accuracy", false));
        assertThrows(DataException.class, () -> SelectionMetric.of("loss", true));
    }
}
