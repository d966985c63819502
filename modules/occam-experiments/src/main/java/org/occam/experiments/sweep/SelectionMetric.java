package org.occam.experiments.sweep;

import org.occam.experiments.data.DataException;

import java.util.List;

/**
 * The validation metric a sweep chooses its best setting by, and which way is better. The test
 * split never takes part in the choice.
 * @param name the metric's name in a run record's {@code metrics.validation}
 * @param higherIsBetter true for accuracy, F1, AUC and R², false for the errors
 */
public record SelectionMetric(String name, boolean higherIsBetter) {
    /** The metric names a sweep can select by. */
    public static final List<String> NAMES = List.of("accuracy", "macroF1", "auc", "mse", "rmse", "mae", "r2");

    /**
     * @param name a metric name, or empty for the task default
     * @param classification whether the task is classification
     * @return the metric
     * @throws DataException for an unknown name or one that does not fit the task
     */
    public static SelectionMetric of(String name, boolean classification) {
        String n = name == null || name.isEmpty() ? (classification ? "accuracy" : "mse") : name;
        if (!NAMES.contains(n)) {
            throw new DataException("unknown selection metric '" + n + "', expected one of " + NAMES);
        }
        boolean classificationMetric = List.of("accuracy", "macroF1", "auc").contains(n);
        if (classificationMetric != classification) {
            throw new DataException("selection metric '" + n + "' does not apply to a " + (classification ? "classification" : "regression") + " task");
        }
        return new SelectionMetric(n, !List.of("mse", "rmse", "mae").contains(n));
    }

    @Override
    public String toString() {
        return "validation " + name + " (" + (higherIsBetter ? "higher" : "lower") + " is better)";
    }
}
