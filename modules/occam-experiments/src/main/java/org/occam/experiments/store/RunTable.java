package org.occam.experiments.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Renders run summaries as the aligned plain-text table that {@code occam runs} prints:
 * <pre>
 * run id                     experiment     created          status   dataset     penalty    λ conv  seed val acc test acc
 * -------------------------- -------------- ---------------- -------- ----------- ------- ---- ----- ---- ------- --------
 * 20261202-071411-095-14f12a moons-l2-keras 2026-12-02 07:14 FINISHED moons_n1000 L2       0.1 KERAS    1  0.7533   0.8720
 * </pre>
 * Columns: run id, experiment, creation time (UTC, to the minute), status, dataset, penalty types
 * ({@code none} for a run without penalty), λ (the first penalty's, or the comma-separated list
 * when there are several penalties), convention, seed, and the validation and test metric:
 * accuracy for classification, MSE for regression. The metric columns are headed {@code val acc}
 * and {@code test acc} when every run is a classification, {@code val MSE} and {@code test MSE}
 * when every run is a regression, {@code val acc|MSE} and {@code test acc|MSE} for a mix. Text is
 * left-aligned, numbers right-aligned; metrics have four decimals; a null value is a blank cell.
 * Columns are one space apart (a typical row fits in 120 characters). Every line has the same width and ends with a newline; an empty list gives the header and rule
 * only. Everything else a row holds is in {@link RunListing#csv CSV} and {@link RunListing#json JSON}.
 */
public final class RunTable {

    private record Column(String header, boolean numeric, Function<RunSummary, String> cell) {}

    private static final java.time.format.DateTimeFormatter CREATED =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private static List<Column> columns(List<RunSummary> runs) {
        boolean anyClassification = runs.stream().anyMatch(RunTable::classification);
        boolean anyRegression = runs.stream().anyMatch(r -> !classification(r));
        String metric = anyClassification && anyRegression ? "acc|MSE" : anyRegression ? "MSE" : "acc";
        return List.of(
                new Column("run id", false, RunSummary::runId),
                new Column("experiment", false, RunSummary::experiment),
                new Column("created", false, r -> CREATED.format(r.created())),
                new Column("status", false, RunSummary::status),
                new Column("dataset", false, RunSummary::dataset),
                new Column("penalty", false, RunTable::penalty),
                new Column("λ", true, RunTable::lambda),
                new Column("conv", false, RunSummary::convention),
                new Column("seed", true, r -> Long.toString(r.seed())),
                new Column("val " + metric, true, r -> metric(classification(r) ? r.validationAccuracy() : r.validationMse())),
                new Column("test " + metric, true, r -> metric(classification(r) ? r.testAccuracy() : r.testMse())));
    }

    private static boolean classification(RunSummary r) {
        return !"REGRESSION".equals(r.task());
    }

    private static final String SEPARATOR = " ";

    private RunTable() {}

    /**
     * Formats runs as an aligned table, one line per run in the given order; no line ends in a space.
     * @param runs the runs, e.g. from {@link RunStore#query(List)}
     * @return the table text, lines ending in {@code \n}
     */
    public static String format(List<RunSummary> runs) {
        Objects.requireNonNull(runs, "runs");
        List<Column> columns = columns(runs);
        List<String[]> cells = new ArrayList<>();
        for (RunSummary run : runs) {
            String[] row = new String[columns.size()];
            for (int c = 0; c < row.length; c++) {
                String value = columns.get(c).cell().apply(run);
                row[c] = value == null ? "" : value;
            }
            cells.add(row);
        }
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).header().length();
            for (String[] row : cells) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        String[] header = columns.stream().map(Column::header).toArray(String[]::new);
        appendLine(out, columns, header, widths);
        String[] rule = new String[widths.length];
        for (int c = 0; c < widths.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        appendLine(out, columns, rule, widths);
        for (String[] row : cells) {
            appendLine(out, columns, row, widths);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<Column> columns, String[] cells, int[] widths) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                out.append(SEPARATOR);
            }
            String padding = " ".repeat(widths[c] - cells[c].length());
            out.append(columns.get(c).numeric() ? padding + cells[c] : cells[c] + padding);
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;   // blank cells at the end of a line (a failed run's metrics) leave no trailing spaces
        }
        out.setLength(end);
        out.append('\n');
    }

    private static String penalty(RunSummary run) {
        String types = run.penaltyTypes();
        return types == null ? null : types.isEmpty() ? "none" : types;
    }

    private static String lambda(RunSummary run) {
        String lambdas = run.lambdas();
        if (lambdas != null && lambdas.contains(",")) {
            return lambdas;
        }
        return run.lambda() == null ? null : number(run.lambda());
    }

    /**
     * The shortest decimal that reads back as the same double, plain when it has at most six
     * decimals and nine integer digits ({@code 0.01}, {@code 0.000001}, {@code 3}), else scientific
     * ({@code 1E-7}, {@code 1.5E+12}).
     */
    static String number(double value) {
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            return Double.toString(value);
        }
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        boolean plain = decimal.scale() <= 6 && decimal.precision() - decimal.scale() <= 9;
        return plain ? decimal.toPlainString() : decimal.toString();
    }

    private static String metric(Double value) {
        if (value == null) {
            return null;
        }
        if (value.isInfinite() || value.isNaN()) {
            return value.toString();
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
