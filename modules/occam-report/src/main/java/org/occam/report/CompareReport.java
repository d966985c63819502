package org.occam.report;

import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs side by side: their summaries and verdicts, their metrics on train, validation and test,
 * their validation curves in one plot, their weight distributions as box plots per layer, and —
 * for two-feature classifiers — their decision boundaries next to each other, with the number of
 * connected regions each boundary makes.
 */
public final class CompareReport {
    private CompareReport() {}

    /**
     * Writes the comparison into a directory.
     * @param runs the run directories
     * @param out where {@code report.html}, {@code report.md} and {@code report/} go
     * @throws IOException if writing fails
     */
    public static void write(List<Path> runs, Path out) throws IOException {
        List<RecordedRun> recorded = new ArrayList<>();
        for (Path r : runs) {
            recorded.add(RecordedRun.open(r));
        }
        Files.createDirectories(out);
        page(recorded).write(out);
    }

    /**
     * @param runs the runs
     * @return the page
     */
    public static Page page(List<RecordedRun> runs) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("a comparison needs at least two runs, found " + runs.size());
        }
        List<String> names = names(runs);
        Page page = new Page("Comparison of " + runs.size() + " runs", String.join(" · ", names));
        page.heading("Summaries");
        List<String> header = new ArrayList<>(List.of("field"));
        header.addAll(names);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (RecordedRun r : runs) {
            var s = r.summary();
            add(rows, "run directory", r.directory().toString());
            add(rows, "experiment", s.path("experiment").asText());
            add(rows, "dataset", s.path("dataset").asText());
            add(rows, "penalties", r.penaltyTypes());
            add(rows, "λ", Html.number(r.lambda()));
            add(rows, "convention", s.path("convention").asText("–"));
            add(rows, "seed", s.path("seed").asText());
            add(rows, "architecture", s.path("architecture").asText());
            add(rows, "epochs", s.path("epochsRun").asText() + " (" + s.path("stopReason").asText() + ")");
            Verdict v = r.verdict();
            add(rows, "verdict", v.kind().word());
            add(rows, "verdict evidence", String.join("; ", v.reasons()));
        }
        List<List<String>> summaryRows = table(rows);
        page.table(header, summaryRows, differingRows(summaryRows, Set.of("run directory", "verdict evidence")));
        page.note("Highlighted: the fields whose values differ between the runs.");

        page.heading("Settings that differ");
        RunReport.section(page, "settings", () -> settings(page, runs, header));

        page.heading("Metrics");
        Map<String, List<String>> metrics = new LinkedHashMap<>();
        List<String> names2 = runs.get(0).classification() ? List.of("accuracy", "macroF1", "auc") : List.of("mse", "r2", "mae");
        for (RecordedRun r : runs) {
            for (String split : List.of("train", "validation", "test")) {
                for (String m : names2) {
                    add(metrics, split + " " + m, Html.fixed(r.metric(split, m), 4));
                }
            }
            add(metrics, "generalization gap", Html.fixed(r.record().path("generalizationGap").path("value").asDouble(Double.NaN), 4));
        }
        page.table(header, table(metrics));

        page.heading("Validation curves");
        RunReport.section(page, "validation curves", () -> curves(page, runs, names));

        page.heading("Weights");
        RunReport.section(page, "weights", () -> weights(page, runs, names));

        RunReport.section(page, "decision boundaries", () -> boundaries(page, runs, names));
        return page;
    }

    private static void curves(Page page, List<RecordedRun> runs, List<String> names) {
        XYChart curves = Charts.xy("Validation loss per epoch", "epoch", "validation loss", 700, 420);
        XYChart train = Charts.xy("Train data loss per epoch", "epoch", "train data loss", 700, 420);
        for (int i = 0; i < runs.size(); i++) {
            HistoryTable h = runs.get(i).history();
            Color c = Charts.PALETTE[i % Charts.PALETTE.length];
            Charts.line(curves, names.get(i), h.epochs(), h.column("validation_loss"), c, Charts.SOLID);
            Charts.line(train, names.get(i), h.epochs(), h.column("data_loss"), c, Charts.SOLID);
        }
        double[] allEpochs = runs.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.history().epochs())).toArray();
        Charts.epochAxis(curves, allEpochs);
        Charts.epochAxis(train, allEpochs);
        List<Page.Figure> curveFigures = new ArrayList<>();
        if (!curves.getSeriesMap().isEmpty()) {
            curveFigures.add(new Page.Figure("validation-curves.png", Charts.png(curves), "validation loss of each run", "Data loss on the validation rows."));
        }
        if (!train.getSeriesMap().isEmpty()) {
            curveFigures.add(new Page.Figure("train-curves.png", Charts.png(train), "train data loss of each run", "Data loss on the training minibatches, penalty excluded."));
        }
        if (!curveFigures.isEmpty()) {
            page.figures(curveFigures);
        }

    }

    /**
     * The settings table: every setting whose value is not the same in all runs, one column per
     * run (read from each run's provenance, so defaults and overrides count).
     */
    private static void settings(Page page, List<RecordedRun> runs, List<String> header) {
        List<Map<String, String>> settings = new ArrayList<>();
        for (RecordedRun r : runs) {
            settings.add(r.settings());
        }
        Map<String, List<String>> differing = RunSettings.differing(settings);
        if (settings.stream().allMatch(Map::isEmpty)) {
            page.note("The runs' settings could not be read from their provenance.");
        } else if (differing.isEmpty()) {
            page.note("Every recorded setting is the same in all runs (" + settings.get(0).size() + " settings compared).");
        } else {
            List<String> h = new ArrayList<>(header);
            h.set(0, "setting");
            List<List<String>> rows = new ArrayList<>();
            differing.forEach((k, v) -> {
                List<String> row = new ArrayList<>(List.of(k));
                row.addAll(v);
                rows.add(row);
            });
            page.table(h, rows);
            page.note(differing.size() + " of " + settings.stream().mapToInt(Map::size).max().orElse(0)
                    + " settings differ (read from each run's recorded provenance: defaults and overrides included).");
        }
    }

    /** @return indices of the rows whose value cells are not all equal, except the named fields */
    static Set<Integer> differingRows(List<List<String>> rows, Set<String> ignored) {
        Set<Integer> out = new java.util.TreeSet<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (!ignored.contains(row.get(0)) && new java.util.HashSet<>(row.subList(1, row.size())).size() > 1) {
                out.add(i);
            }
        }
        return out;
    }

    private static void boundaries(Page page, List<RecordedRun> runs, List<String> names) {
        if (runs.stream().allMatch(RecordedRun::classification)) {
            List<Page.Figure> boundaries = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                RecordedRun r = runs.get(i);
                RunRows data = r.rows();
                if (data == null) {
                    problems.add(names.get(i) + ": " + r.rowsProblem());
                    continue;
                }
                if (data.features().size() != 2) {
                    continue;
                }
                DecisionBoundary b = DecisionBoundary.evaluate(r.model(), data, DecisionBoundary.RESOLUTION);
                boundaries.add(new Page.Figure("boundary-" + (char) ('a' + i) + ".png",
                        Charts.png(Charts.decisionBoundary(b, data, names.get(i), 460, 480, true)), "decision boundary of " + names.get(i),
                        names.get(i) + ": " + b.regions() + " connected regions on a " + b.resolution() + " × " + b.resolution() + " grid " + b.regionsByClass() + "."));
            }
            if (!boundaries.isEmpty()) {
                page.heading("Decision boundaries");
                page.figures(boundaries);
            }
            problems.forEach(page::note);
        }
    }

    private static void weights(Page page, List<RecordedRun> runs, List<String> names) {
        List<List<WeightSummary>> all = new ArrayList<>();
        for (RecordedRun r : runs) {
            all.add(r.weights());
        }
        List<String> layers = all.get(0).stream().map(WeightSummary::layer).toList();
        List<Page.Figure> figures = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String layer : layers) {
            List<WeightSummary> boxes = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<Color> colors = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                for (WeightSummary w : all.get(i)) {
                    if (w.layer().equals(layer)) {
                        boxes.add(w);
                        labels.add(Character.toString('A' + i));
                        colors.add(Charts.PALETTE[i % Charts.PALETTE.length]);
                        rows.add(List.of(layer, names.get(i), Html.fixed(w.min(), 4), Html.fixed(w.q1(), 4), Html.fixed(w.median(), 4),
                                Html.fixed(w.q3(), 4), Html.fixed(w.max(), 4), Html.fixed(w.range(), 4), Html.fixed(w.std(), 4),
                                Html.fixed(w.l2(), 3), Html.fixed(w.sparsity(), 4)));
                    }
                }
            }
            if (boxes.size() > 0) {
                figures.add(new Page.Figure("weights-" + layer + ".png",
                        Charts.png(Charts.boxPlot("Weights of " + layer, "weight value", labels, boxes, colors, Math.max(360, 110 * boxes.size() + 120))),
                        "box plots of " + layer + " weights per run", layer + ": box = quartiles, bar = median, whiskers = min and max, diamond = mean."));
            }
        }
        page.table(List.of("layer", "run", "min", "q1", "median", "q3", "max", "range", "std", "‖W‖₂", "sparsity"), rows);
        page.figures(figures);
    }

    private static List<String> names(List<RecordedRun> runs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            out.add((char) ('A' + i) + ": " + runs.get(i).label());
        }
        return out;
    }

    private static void add(Map<String, List<String>> rows, String field, String value) {
        rows.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
    }

    private static List<List<String>> table(Map<String, List<String>> rows) {
        List<List<String>> out = new ArrayList<>();
        rows.forEach((k, v) -> {
            List<String> row = new ArrayList<>(List.of(k));
            row.addAll(v);
            out.add(row);
        });
        return out;
    }
}
