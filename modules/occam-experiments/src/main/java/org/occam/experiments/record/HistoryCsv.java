package org.occam.experiments.record;

import org.occam.core.history.EpochRecord;
import org.occam.core.history.LayerStats;
import org.occam.core.history.TrainingHistory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link TrainingHistory} as CSV, one row per epoch: data loss, penalty loss (total and
 * per penalty), total loss, validation loss, train and validation metrics, learning rate, per
 * dense layer ‖W‖₁, ‖W‖₂, max|w|, sparsity and dead-unit fraction, and wall time.
 */
public final class HistoryCsv {
    private HistoryCsv() {}

    /**
     * @param history the history
     * @return the CSV text with a header line
     */
    public static String render(TrainingHistory history) {
        List<EpochRecord> epochs = history.epochs();
        Set<String> penalties = new LinkedHashSet<>();
        Set<String> trainMetrics = new LinkedHashSet<>();
        Set<String> validMetrics = new LinkedHashSet<>();
        Set<String> layers = new LinkedHashSet<>();
        for (EpochRecord e : epochs) {
            penalties.addAll(e.penaltyLosses().keySet());
            trainMetrics.addAll(e.trainMetrics().keySet());
            validMetrics.addAll(e.validationMetrics().keySet());
            e.layers().forEach(l -> layers.add(l.layer()));
        }
        List<String> header = new ArrayList<>(List.of("epoch", "data_loss", "penalty_loss", "total_loss", "validation_loss"));
        penalties.forEach(p -> header.add("penalty_" + p));
        trainMetrics.forEach(m -> header.add("train_" + m));
        validMetrics.forEach(m -> header.add("validation_" + m));
        header.add("learning_rate");
        for (String l : layers) {
            for (String s : List.of("l1", "l2", "max_abs", "sparsity", "dead_fraction")) {
                header.add(l + "_" + s);
            }
        }
        header.add("wall_ms");
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (EpochRecord e : epochs) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(e.epoch()));
            row.add(num(e.dataLoss()));
            row.add(num(e.penaltyLoss()));
            row.add(num(e.totalLoss()));
            row.add(num(e.validationLoss()));
            penalties.forEach(p -> row.add(num(e.penaltyLosses().getOrDefault(p, Double.NaN))));
            trainMetrics.forEach(m -> row.add(num(e.trainMetrics().getOrDefault(m, Double.NaN))));
            validMetrics.forEach(m -> row.add(num(e.validationMetrics().getOrDefault(m, Double.NaN))));
            row.add(num(e.learningRate()));
            for (String l : layers) {
                LayerStats s = e.layers().stream().filter(x -> x.layer().equals(l)).findFirst().orElse(null);
                if (s == null) {
                    for (int k = 0; k < 5; k++) {
                        row.add("");
                    }
                } else {
                    row.add(num(s.l1()));
                    row.add(num(s.l2()));
                    row.add(num(s.maxAbs()));
                    row.add(num(s.sparsity()));
                    row.add(num(s.deadUnitFraction()));
                }
            }
            row.add(Long.toString(e.wallMillis()));
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.10g", v);
    }
}
