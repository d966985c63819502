package org.occam.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The report of one run, written into its run directory: the summary, the overfitting verdict
 * with its evidence, the metrics on train, validation and test, learning curves (train data loss
 * against validation loss, and the objective split into data loss and each penalty's loss), metric
 * curves, per-layer weight statistics with box plots and histograms and the weight norms over the
 * epochs, and — when the data can be reloaded — the decision boundary of a two-feature classifier
 * with its training and test rows, the confusion matrix, or for regression predicted against
 * actual values and the residuals.
 */
public final class RunReport {
    private static final Logger logger = Logger.getLogger(RunReport.class.getName());

    private RunReport() {}

    /**
     * Writes {@code report.html}, {@code report.md} and {@code report/} into the run's directory.
     * @param run the run
     * @throws IOException if writing fails
     */
    public static void write(RecordedRun run) throws IOException {
        page(run).write(run.directory());
    }

    /**
     * @param run the run
     * @return the report page
     */
    public static Page page(RecordedRun run) {
        return page(run, drawingThreads());
    }

    /**
     * Threads that draw a run report's charts: {@code occam.report.threads} (1 = all on the calling
     * thread), by default 2 when the machine has two processors or more.
     * @return the thread count, at least 1
     */
    static int drawingThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Integer.getInteger("occam.report.threads", Math.min(2, cpus)));
    }

    /**
     * The report page, its three chart sections (learning curves, weights, predictions) drawn on
     * {@code threads} threads: each into its own {@linkplain Page#fragment() part}, appended in
     * the report's order, so the page, its Markdown and every PNG are the same bytes on any
     * thread count (a test compares them).
     * @param run the run
     * @param threads drawing threads (1: everything on the calling thread)
     * @return the report page
     */
    static Page page(RecordedRun run, int threads) {
        JsonNode s = run.summary();
        Page page = new Page("Run " + run.runId(), s.path("experiment").asText() + " · " + s.path("dataset").asText()
                + " · " + run.label() + " · " + s.path("created").asText());
        section(page, "summary", () -> summary(page, run));
        Verdict[] verdict = new Verdict[1];
        page.heading("Verdict");
        section(page, "verdict", () -> {
            verdict[0] = run.verdict();
            page.verdict(verdict[0], null);
            evidence(page, verdict[0], run.classification());
        });
        page.heading("Metrics");
        section(page, "metrics", () -> metrics(page, run));
        Verdict v = verdict[0];
        Page curves = Page.fragment();
        Page weights = Page.fragment();
        Page predictions = Page.fragment();
        // Taken in this order by the threads: the decision boundary (when not drawn ahead) first.
        List<Runnable> parts = List.of(
                () -> section(predictions, "predictions", () -> predictions(predictions, run)),
                () -> section(curves, "learning curves", () -> learningCurves(curves, run, v)),
                () -> section(weights, "weights", () -> weights(weights, run)));
        drawAll(parts, threads);
        page.heading("Learning curves").append(curves);
        page.heading("Weights").append(weights);
        page.heading(run.classification() ? "Predictions" : "Predictions (regression)").append(predictions);
        page.heading("Files");
        page.paragraph("run.json (summary, metrics, full provenance), history.csv (one row per epoch), model.tribuo (Tribuo protobuf), "
                + "config.xml (the configuration). Regenerate this report with: occam report " + run.finalDirectory());
        return page;
    }

    /**
     * Runs the parts on the calling thread and up to {@code threads − 1} helper threads (daemons),
     * each thread taking the next part not yet taken, in list order, until none is left; returns
     * when all are done. Each part draws into its own page part, so which thread drew which part
     * changes no byte of the report. A part never throws (each is a {@link #section}); an error that
     * escapes one anyway is rethrown here.
     */
    private static void drawAll(List<Runnable> parts, int threads) {
        int helpers = Math.min(threads - 1, parts.size() - 1);
        if (helpers <= 0) {
            parts.forEach(Runnable::run);
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < parts.size(); i = next.getAndIncrement()) {
                parts.get(i).run();
            }
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(helpers, r -> {
            Thread t = new Thread(r, "occam-report-draw");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> started = new ArrayList<>();
            for (int h = 0; h < helpers; h++) {
                started.add(pool.submit(worker));
            }
            worker.run();
            for (java.util.concurrent.Future<?> f : started) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw thrownBy(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while drawing the report", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs one section; a failure leaves a note in the report and one WARNING line in the log
     * (no stack trace: the note says what failed), instead of losing the whole report.
     * @param page the page
     * @param name the section's name, as the note and the log line give it
     * @param section draws the section into the page
     */
    static void section(Page page, String name, Runnable section) {
        try {
            section.run();
        } catch (RuntimeException | java.awt.AWTError | LinkageError e) {
            // AWTError and LinkageError: a JVM without usable fonts or graphics libraries cannot draw.
            String why = org.occam.experiments.ExperimentConfig.describe(e);
            logger.warning("report section '" + name + "' could not be drawn (the rest of the report is written): " + why);
            page.note("The " + name + " section could not be drawn: " + why);
        }
    }

    private static void summary(Page page, RecordedRun run) {
        JsonNode s = run.summary();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("experiment", s.path("experiment").asText()));
        rows.add(List.of("run id", run.runId()));
        rows.add(List.of("dataset", s.path("dataset").asText() + " (sha256 " + abbreviate(s.path("datasetSha256").asText()) + ")"));
        rows.add(List.of("task", s.path("task").asText()));
        rows.add(List.of("rows", "train " + s.path("rows").path("train").asText() + ", validation " + s.path("rows").path("validation").asText()
                + ", test " + s.path("rows").path("test").asText()));
        rows.add(List.of("split", s.path("split").asText()));
        rows.add(List.of("architecture", s.path("architecture").asText()));
        if (s.path("penalties").isEmpty()) {
            rows.add(List.of("penalties", "none"));
        }
        for (JsonNode p : s.path("penalties")) {
            List<String> tensors = new ArrayList<>();
            p.path("penalizedTensors").forEach(t -> tensors.add(t.asText()));
            List<String> coef = coefficientText(p.path("effectiveCoefficient"));
            rows.add(List.of("penalty " + p.path("name").asText(), "λ = " + (p.path("lambda").isNumber() ? Html.number(p.path("lambda").asDouble()) : "–")
                    + ", convention " + p.path("convention").asText("–") + (coef.isEmpty() ? "" : " (" + String.join(", ", coef) + ")")
                    + "; penalizes " + (tensors.isEmpty() ? "–" : String.join(", ", tensors))));
        }
        rows.add(List.of("seed", s.path("seed").asText()));
        rows.add(List.of("epochs", s.path("epochsRun").asText() + " (" + s.path("stopReason").asText() + ")"));
        rows.add(List.of("wall time", String.format(Locale.ROOT, "%.1f s", s.path("wallMillis").asDouble() / 1000)));
        rows.add(List.of("config sha256", abbreviate(run.record().path("config").path("sha256").asText())));
        rows.add(List.of("Occam", run.record().path("occam").path("version").asText() + " (commit " + abbreviate(run.record().path("occam").path("gitCommit").asText()) + ")"));
        page.table(List.of("field", "value"), rows);
    }

    static void evidence(Page page, Verdict v, boolean classification) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("best epoch (lowest smoothed validation loss)", v.bestEpoch() == 0 ? "– (no validation curve)" : v.bestEpoch() + " of " + v.epochsRun()));
        rows.add(List.of("smoothed validation loss: minimum → last epoch", Html.fixed(v.minValidationLoss(), 4) + " → " + Html.fixed(v.endValidationLoss(), 4)));
        rows.add(List.of("rise after the minimum", Double.isNaN(v.rise()) ? "–" : Html.fixed(100 * v.rise(), 1) + "% (overfitting evidence at ≥ " + Html.number(100 * Verdict.MIN_RISE) + "%)"));
        String gapName = classification ? "train − " + v.gapAgainst() + " accuracy" : "relative MSE gap vs " + v.gapAgainst();
        rows.add(List.of("gap at the best epoch (" + (classification ? "train − validation accuracy" : "relative MSE gap") + ")", Html.fixed(v.gapAtBest(), 4)));
        rows.add(List.of("gap of the final model (" + gapName + ")", Html.fixed(v.gap(), 4) + " (overfitting at ≥ "
                + Html.number(classification ? Verdict.GAP_CLASSIFICATION : Verdict.GAP_REGRESSION) + ")"));
        rows.add(List.of(classification ? "fit: share of the majority-class guess's training error removed" : "fit: training R²",
                Html.fixed(v.fit(), 3) + " (underfitting below " + Html.number(Verdict.MIN_FIT) + ")"));
        page.table(List.of("evidence", "value"), rows);
    }

    private static void metrics(Page page, RecordedRun run) {
        List<String> names = run.classification()
                ? List.of("accuracy", "macroF1", "microF1", "macroPrecision", "macroRecall", "auc", "logLoss")
                : List.of("mse", "rmse", "mae", "r2");
        List<String> splits = new ArrayList<>();
        for (String sp : List.of("train", "validation", "test")) {
            if (run.record().path("metrics").has(sp)) {
                splits.add(sp);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (String m : names) {
            List<String> row = new ArrayList<>(List.of(m));
            boolean any = false;
            for (String sp : splits) {
                double v = run.metric(sp, m);
                any |= !Double.isNaN(v);
                row.add(Html.fixed(v, 4));
            }
            if (any) {
                rows.add(row);
            }
        }
        List<String> header = new ArrayList<>(List.of("metric"));
        splits.forEach(sp -> header.add(sp + " (" + run.record().path("metrics").path(sp).path("rows").asText() + " rows)"));
        page.table(header, rows);
        if (!run.classification() && !targetNames(run).isEmpty()) {
            page.note("Regression output" + (targetNames(run).size() == 1 ? ": " : "s (metrics averaged over them): ") + String.join(", ", targetNames(run)) + ".");
        }
        JsonNode gap = run.record().path("generalizationGap");
        page.note("Generalization gap, " + gap.path("metric").asText() + ": " + Html.fixed(gap.path("value").asDouble(Double.NaN), 4) + ".");
    }

    private static void learningCurves(Page page, RecordedRun run, Verdict v) {
        HistoryTable h = run.history();
        if (h.rows() == 0) {
            page.note("No training history was recorded for this run.");
            return;
        }
        double[] epochs = h.epochs();
        XYChart losses = Charts.xy("Train vs validation loss", "epoch", "data loss (mean per example)", 600, 380);
        Charts.line(losses, "train data loss (training mode)", epochs, h.column("data_loss"), Charts.PALETTE[0], Charts.SOLID);
        Charts.line(losses, "validation loss", epochs, h.column("validation_loss"), Charts.PALETTE[1], Charts.SOLID);
        if (h.has("validation_loss")) {
            Charts.line(losses, "validation loss, smoothed (verdict)", epochs, Verdict.smooth(h.column("validation_loss"),
                    Math.max(1, h.rows() / 40)), Charts.PALETTE[3], Charts.DASHED);
        }
        if (v != null && v.bestEpoch() > 0) {
            double[] vl = h.column("validation_loss");
            double lo = Arrays.stream(vl).filter(Double::isFinite).min().orElse(0);
            double hi = Arrays.stream(vl).filter(Double::isFinite).max().orElse(1);
            Charts.vertical(losses, "best epoch " + v.bestEpoch(), v.bestEpoch(), lo, hi, Color.GRAY);
        }
        Charts.epochAxis(losses, epochs);
        XYChart parts = Charts.xy("Training objective: data loss + penalty loss", "epoch", "loss", 600, 380);
        boolean log = positive(h.column("total_loss")) && positive(h.column("data_loss"));
        parts.getStyler().setYAxisLogarithmic(log);
        Charts.line(parts, "total", epochs, h.column("total_loss"), Color.BLACK, Charts.SOLID);
        Charts.line(parts, "data loss", epochs, h.column("data_loss"), Charts.PALETTE[0], Charts.SOLID);
        List<String> penalties = h.penaltyColumns();
        List<String> zero = new ArrayList<>();
        for (int i = 0; i < penalties.size(); i++) {
            String name = penalties.get(i).replace("penalty_", "penalty ") + " loss";
            double[] y = h.column(penalties.get(i));
            if (log) {
                // A log axis cannot show zero: points ≤ 0 are left out (λ = 0 gives a penalty of exactly 0).
                y = Arrays.stream(y).map(d -> d > 0 ? d : Double.NaN).toArray();
            }
            if (Charts.line(parts, name, epochs, y, Charts.PALETTE[(3 + i) % Charts.PALETTE.length], Charts.DASHED) == null) {
                zero.add(name);
            }
        }
        if (penalties.isEmpty()) {
            zero.add("penalty loss (no penalty)");
        }
        Charts.epochAxis(parts, epochs);
        page.figures(List.of(
                new Page.Figure("learning-curves.png", Charts.png(losses), "train and validation loss per epoch",
                        "Data loss on the training minibatches (training mode, penalty excluded) and on the validation rows (inference mode)"
                                + (v != null && v.bestEpoch() > 0 ? "; the dotted line marks the best epoch." : "; no validation rows.")),
                new Page.Figure("loss-components.png", Charts.png(parts), "data loss, penalty loss and total per epoch",
                        "The objective the optimizer minimized, split into the data loss and each penalty's loss term"
                                + (log ? " (log scale)." : ".") + (zero.isEmpty() ? "" : " Zero throughout, not drawn: " + String.join(", ", zero) + "."))));
        String m = run.classification() ? "accuracy" : "mse";
        XYChart metric = Charts.xy(run.classification() ? "Accuracy per epoch" : "MSE per epoch (standardized targets)", "epoch",
                run.classification() ? "accuracy" : "MSE", 600, 380);
        Charts.line(metric, "train", epochs, h.column("train_" + m), Charts.PALETTE[0], Charts.SOLID);
        Charts.line(metric, "validation", epochs, h.column("validation_" + m), Charts.PALETTE[1], Charts.SOLID);
        metric.getStyler().setLegendPosition(run.classification() ? org.knowm.xchart.style.Styler.LegendPosition.InsideSE
                : org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        List<Page.Figure> figs = new ArrayList<>();
        Charts.epochAxis(metric, epochs);
        if (!metric.getSeriesMap().isEmpty()) {
            figs.add(new Page.Figure("metric-curves.png", Charts.png(metric), m + " per epoch",
                    "Evaluated at the end of every epoch in inference mode" + (run.classification() ? "." : ", in the standardized units the network is trained in.")));
        }
        List<String> layers = h.layers();
        if (!layers.isEmpty()) {
            XYChart norms = Charts.xy("Weight norm ‖W‖₂ per layer", "epoch", "‖W‖₂ (Frobenius)", 600, 380);
            for (int i = 0; i < layers.size(); i++) {
                Charts.line(norms, layers.get(i), epochs, h.column(layers.get(i) + "_l2"), Charts.PALETTE[i % Charts.PALETTE.length], Charts.SOLID);
            }
            Charts.epochAxis(norms, epochs);
            figs.add(new Page.Figure("weight-norms.png", Charts.png(norms), "weight norm per layer and epoch",
                    "Frobenius norm of each dense layer's weight matrix at the end of each epoch."));
        }
        if (!figs.isEmpty()) {
            page.figures(figs);
        }
    }

    private static boolean positive(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double d : v) {
            if (Double.isFinite(d)) {
                if (d <= 0) {
                    return false;
                }
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
        }
        return max / min > 20;
    }

    private static void weights(Page page, RecordedRun run) {
        List<WeightSummary> w = run.weights();
        if (w.isEmpty()) {
            page.note("The model is not an Occam MLP; no weight statistics.");
            return;
        }
        page.table(List.of("weight matrix", "entries", "min", "q1", "median", "q3", "max", "mean", "std", "‖W‖₂", "sparsity (|w| < 1e-6)"),
                weightRows(w));
        List<String> labels = w.stream().map(WeightSummary::layer).toList();
        List<Color> colors = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            colors.add(Charts.PALETTE[i % Charts.PALETTE.length]);
        }
        page.figure(new Page.Figure("weights-boxplot.png", Charts.png(Charts.boxPlot("Weights per layer", "weight value", labels, w, colors,
                Math.max(420, 160 * w.size()))), "box plots of each layer's weights",
                "Box: quartiles; bar: median; whiskers: minimum and maximum; diamond: mean."));
        List<Page.Figure> hist = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            WeightSummary s = w.get(i);
            hist.add(new Page.Figure("weights-histogram-" + s.layer() + ".png",
                    Charts.png(Charts.histogram(s, "Histogram of " + s.tensor(), 40, colors.get(i))),
                    "histogram of " + s.tensor(), s.values().length + " weights, 40 bins from min to max."));
        }
        page.figures(hist);
    }

    /**
     * A penalty's effective coefficient in words, from either record layout: per λ field c on a full
     * batch, the formula, and c on the epoch's last batch when it differs.
     */
    static List<String> coefficientText(JsonNode node) {
        List<String> coef = new ArrayList<>();
        org.occam.experiments.EffectiveCoefficient c = node.isObject() ? org.occam.experiments.EffectiveCoefficient.fromJson(node) : null;
        if (c == null || c.coefficients() == null) {
            return coef;
        }
        c.coefficients().forEach((field, value) -> {
            Double last = c.lastBatchCoefficients() == null ? null : c.lastBatchCoefficients().get(field);
            coef.add(field + " → c = " + Html.number(value)
                    + (last != null && !last.equals(value) ? " (last batch of " + c.lastBatchSize() + " rows: " + Html.number(last) + ")" : ""));
        });
        if (c.formula() != null) {
            coef.add(c.formula());
        }
        return coef;
    }

    static List<List<String>> weightRows(List<WeightSummary> w) {
        List<List<String>> rows = new ArrayList<>();
        for (WeightSummary s : w) {
            rows.add(List.of(s.tensor(), Integer.toString(s.values().length), Html.fixed(s.min(), 4), Html.fixed(s.q1(), 4),
                    Html.fixed(s.median(), 4), Html.fixed(s.q3(), 4), Html.fixed(s.max(), 4), Html.fixed(s.mean(), 4),
                    Html.fixed(s.std(), 4), Html.fixed(s.l2(), 3), Html.fixed(s.sparsity(), 4)));
        }
        return rows;
    }

    private static void predictions(Page page, RecordedRun run) {
        RunRows rows = run.rows();
        if (run.classification()) {
            confusion(page, run);
            if (rows == null) {
                page.note("No decision boundary: " + run.rowsProblem());
            } else if (rows.features().size() == 2) {
                long unplaced = Arrays.stream(rows.x()).filter(r -> !Double.isFinite(r[0]) || !Double.isFinite(r[1])).count();
                if (unplaced > 0) {
                    page.note(unplaced + " of " + rows.x().length + " rows are left out of the decision boundary: a feature value is not finite.");
                }
                BoundaryFigure f = run.boundaryFigure(rows);
                DecisionBoundary b = f.boundary();
                page.figure(new Page.Figure("decision-boundary.png", f.png(),
                        "decision boundary with training and test rows",
                        String.format(Locale.ROOT, "Predicted class on a %d × %d grid (pale), training rows (circles) and test rows (diamonds) in their true class. "
                                + "Connected regions per class: %s.", b.resolution(), b.resolution(), b.regionsByClass())));
            } else {
                page.note("No decision boundary: the data has " + rows.features().size() + " features (a boundary is drawn for 2).");
            }
            return;
        }
        if (rows == null) {
            page.note("No prediction plots: " + run.rowsProblem());
            return;
        }
        int[] test = rows.partition().test().length > 0 ? rows.partition().test() : rows.partition().train();
        String split = rows.partition().test().length > 0 ? "test" : "train";
        double[] predicted = rows.regress(run.model(), test);
        double[] actual = new double[test.length];
        double[] residual = new double[test.length];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int dropped = 0;
        for (int i = 0; i < test.length; i++) {
            actual[i] = rows.targets()[test[i]];
            residual[i] = actual[i] - predicted[i];
            if (Double.isFinite(actual[i]) && Double.isFinite(predicted[i]) && Double.isFinite(residual[i])) {
                lo = Math.min(lo, Math.min(actual[i], predicted[i]));
                hi = Math.max(hi, Math.max(actual[i], predicted[i]));
            } else {
                dropped++;
            }
        }
        if (dropped == test.length) {
            page.note("No prediction plots: no " + split + " row has a finite prediction and target.");
            return;
        }
        if (dropped > 0) {
            page.note(dropped + " of " + test.length + " " + split + " rows are left out of the plots: their prediction, target or residual is not finite.");
        }
        String target = targetNames(run).isEmpty() ? "target" : targetNames(run).get(0);
        XYChart pa = Charts.xy("Predicted vs actual " + target + " (" + split + ")", "actual", "predicted", 520, 480);
        Charts.line(pa, "y = x", new double[]{lo, hi}, new double[]{lo, hi}, Color.GRAY, Charts.DASHED);
        Charts.scatter(pa, split + " rows", actual, predicted, Charts.PALETTE[0], org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        pa.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        XYChart res = Charts.xy("Residuals (" + split + ")", "predicted", "actual − predicted", 520, 480);
        Charts.line(res, "zero", new double[]{Arrays.stream(predicted).filter(Double::isFinite).min().orElse(0),
                        Arrays.stream(predicted).filter(Double::isFinite).max().orElse(1)},
                new double[]{0, 0}, Color.GRAY, Charts.DASHED);
        Charts.scatter(res, split + " rows", predicted, residual, Charts.PALETTE[1], org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        page.figures(List.of(
                new Page.Figure("predicted-vs-actual.png", Charts.png(pa), "predicted against actual values",
                        "Output " + target + " (the first one), original units; points on the dashed line are exact."),
                new Page.Figure("residuals.png", Charts.png(res), "residuals against predictions",
                        "Residual = actual − predicted; a pattern means structure the model missed.")));
    }

    /**
     * What a task on another thread threw, to be thrown on the waiting one as it was thrown there: an
     * unchecked exception itself, an error thrown from here, a checked exception wrapped.
     * @param e the wrapper {@link java.util.concurrent.Future#get()} threw
     * @return the exception to throw
     */
    static RuntimeException thrownBy(java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
            return r;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(c);
    }

    /**
     * A two-feature classifier's decision boundary: the evaluated grid and its chart's PNG.
     * @param boundary the grid
     * @param png the chart
     */
    record BoundaryFigure(DecisionBoundary boundary, byte[] png) {}

    /**
     * Evaluates the decision boundary of a two-feature classifier on its rows and draws it, as the
     * report shows it (whether drawn here or {@linkplain HtmlReportHook#modelTrained ahead}).
     * @param model the classifier
     * @param rows its rows (two features)
     * @return the grid and the chart
     */
    static BoundaryFigure boundaryFigure(org.tribuo.Model<?> model, RunRows rows) {
        DecisionBoundary b = DecisionBoundary.evaluate(model, rows, DecisionBoundary.RESOLUTION);
        return new BoundaryFigure(b, Charts.png(Charts.decisionBoundary(b, rows, "Decision boundary", 620, 600, true)));
    }

    /** The regression outputs' names as the record's metrics name them (the target columns; DIM-0 in old records). */
    static List<String> targetNames(RecordedRun run) {
        List<String> names = new ArrayList<>();
        for (String split : List.of("test", "validation", "train")) {
            JsonNode d = run.record().path("metrics").path(split).path("perDimension");
            if (d.isObject() && d.size() > 0) {
                d.fieldNames().forEachRemaining(names::add);
                break;
            }
        }
        return names;
    }

    private static void confusion(Page page, RecordedRun run) {
        for (String split : List.of("test", "validation", "train")) {
            JsonNode cm = run.record().path("metrics").path(split).path("confusionMatrix");
            if (cm.isMissingNode()) {
                continue;
            }
            List<String> labels = new ArrayList<>();
            cm.path("labels").forEach(l -> labels.add(l.asText()));
            double[][] m = new double[labels.size()][labels.size()];
            for (int t = 0; t < labels.size(); t++) {
                for (int p = 0; p < labels.size(); p++) {
                    m[t][p] = cm.path("rowsTrueColumnsPredicted").path(t).path(p).asDouble();
                }
            }
            page.figure(new Page.Figure("confusion-matrix.png", Charts.png(Charts.confusion("Confusion matrix (" + split + ")", labels, m)),
                    "confusion matrix on the " + split + " rows", "Counts; rows are the true class, columns the predicted class."));
            return;
        }
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
