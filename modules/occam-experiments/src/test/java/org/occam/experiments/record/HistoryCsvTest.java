package org.occam.experiments.record;

import org.junit.jupiter.api.Test;
import org.occam.core.history.EpochRecord;
import org.occam.core.history.LayerStats;
import org.occam.core.history.TrainingHistory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** history.csv from a hand-built training history: columns, order, number format, gaps. */
class HistoryCsvTest {
    private static Map<String, Double> map(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void rendersHeaderAndOneRowPerEpoch() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochRecord(1, 0.75, map("L2", 0.5, "L1#2", 0.25), 1.5, 0.9,
                map("accuracy", 0.75), map("accuracy", 0.5),
                List.of(new LayerStats("hidden1", 3, 2, 1.5, 0.25, 0.1), new LayerStats("output", 1, 0.5, 0.25, 0, Double.NaN)),
                0.05, 12));
        // epoch 2: no validation loss, no validation metric, the output layer's stats missing
        h.add(new EpochRecord(2, 1e-7, map("L2", 0.125, "L1#2", 0.0), 0.125000100, Double.NaN,
                map("accuracy", 1.0), map(),
                List.of(new LayerStats("hidden1", 30, 20, 15, 1, 0)), 0.025, 7));
        h.setStopReason("completed 2 epochs");

        List<String> lines = HistoryCsv.render(h).lines().toList();
        assertEquals(3, lines.size());
        assertEquals("epoch,data_loss,penalty_loss,total_loss,validation_loss,penalty_L2,penalty_L1#2,"
                + "train_accuracy,validation_accuracy,learning_rate,"
                + "hidden1_l1,hidden1_l2,hidden1_max_abs,hidden1_sparsity,hidden1_dead_fraction,"
                + "output_l1,output_l2,output_max_abs,output_sparsity,output_dead_fraction,wall_ms", lines.get(0));
        assertEquals("1,0.7500000000,0.7500000000,1.500000000,0.9000000000,0.5000000000,0.2500000000,"
                + "0.7500000000,0.5000000000,0.05000000000,"
                + "3.000000000,2.000000000,1.500000000,0.2500000000,0.1000000000,"
                + "1.000000000,0.5000000000,0.2500000000,0.000000000,,12", lines.get(1));
        assertEquals("2,1.000000000e-07,0.1250000000,0.1250001000,,0.1250000000,0.000000000,"
                + "1.000000000,,0.02500000000,"
                + "30.00000000,20.00000000,15.00000000,1.000000000,0.000000000,"
                + ",,,,,7", lines.get(2));
    }

    @Test
    void valuesReadBackToTenSignificantDigits() {
        TrainingHistory h = new TrainingHistory();
        double loss = 0.693147180559945;
        h.add(new EpochRecord(1, loss, map(), loss, Double.NaN, map(), map(), List.of(), 1.0 / 3, 0));
        String[] row = HistoryCsv.render(h).lines().toList().get(1).split(",", -1);
        assertEquals(loss, Double.parseDouble(row[1]), 1e-10 * loss);
        assertEquals("0.000000000", row[2], "no penalties: penalty loss 0");
        assertEquals(1.0 / 3, Double.parseDouble(row[5]), 1e-10);
    }

    @Test
    void emptyHistoryIsTheHeaderOnly() {
        assertEquals("epoch,data_loss,penalty_loss,total_loss,validation_loss,learning_rate,wall_ms\n",
                HistoryCsv.render(new TrainingHistory()));
    }
}
