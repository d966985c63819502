package org.occam.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.occam.experiments.data.DataException;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.sweep.SweepManifest;
import org.occam.experiments.sweep.SweepResults;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report of a sweep, written into its sweep directory: the chosen setting (by the validation
 * metric, never test), a table of every grid point (mean ± std over seeds and folds), and the
 * plots against λ — validation and test metric with error bars, the train − test gap, the weight
 * norm and the sparsity, one curve per penalty type (and per value of any other grid axis) — plus,
 * for two-feature classification, the decision boundaries across λ side by side.
 * <p>
 * λ is each run's first penalty's λ (0 without a penalty); the λ axis is logarithmic when λ spans
 * several positive values, with λ = 0 drawn one decade left of the smallest positive λ. When λ
 * does not vary, the plots are against the grid point instead.
 */
public final class SweepReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LAMBDA_PROPERTIES = Set.of("lambda", "l1Lambda", "l2Lambda");

    private SweepReport() {}

    /** One grid point as the report sees it. */
    private record Point(int index, Map<String, String> values, String series, double lambda, List<RecordedRun> runs,
                         Map<String, SweepResults.Stat> stats, SweepResults.Stat norm, SweepResults.Stat sparsity,
                         Map<String, Integer> verdicts) {}

    /**
     * Writes {@code report.html}, {@code report.md} and {@code report/} into a sweep directory.
     * @param sweepDir the sweep directory (with {@code sweep.json} and {@code results.json})
     * @throws IOException if writing fails
     */
    public static void write(Path sweepDir) throws IOException {
        page(sweepDir).write(sweepDir);
    }

    /**
     * @param sweepDir the sweep directory
     * @return the report page
     * @throws IOException if the manifest or results cannot be read
     */
    public static Page page(Path sweepDir) throws IOException {
        Path manifestFile = sweepDir.resolve(SweepManifest.FILE);
        Path resultsFile = sweepDir.resolve(SweepResults.JSON_FILE);
        if (!Files.isRegularFile(manifestFile) || !Files.isRegularFile(resultsFile)) {
            throw new DataException(sweepDir + ": not a sweep directory (needs " + SweepManifest.FILE + " and " + SweepResults.JSON_FILE + ")");
        }
        JsonNode manifest = JSON.readTree(manifestFile.toFile());
        JsonNode results = JSON.readTree(resultsFile.toFile());
        boolean classification = "CLASSIFICATION".equals(manifest.path("task").asText());
        String metric = results.path("selection").path("metric").asText();
        List<String> seriesAxes = new ArrayList<>();
        for (JsonNode g : manifest.path("grid")) {
            String property = g.path("property").asText();
            if (!LAMBDA_PROPERTIES.contains(property) && !g.path("listProperty").asBoolean()) {
                seriesAxes.add(g.path("key").asText());
            }
        }
        List<Point> points = points(sweepDir, results, seriesAxes);
        int best = -1;
        JsonNode bestNode = results.path("best");
        for (int i = 0; i < points.size(); i++) {
            if (!bestNode.isNull() && bestNode.path("point").asInt(-2) == points.get(i).index()) {
                best = i;
            }
        }

        Page page = new Page("Sweep " + manifest.path("hash").asText() + " — " + manifest.path("experiment").asText(),
                manifest.path("config").path("path").asText() + " · " + describeGrid(manifest));
        boolean noSelection = results.path("selection").path("none").asBoolean(false);
        page.heading(noSelection ? "No selection" : "Chosen setting");
        if (noSelection) {
            page.paragraph("Nothing was chosen: " + results.path("selection").path("note").asText() + ".");
        } else if (best >= 0) {
            Point b = points.get(best);
            SweepResults.Stat v = b.stats().get("validation." + metric);
            SweepResults.Stat t = b.stats().get("test." + metric);
            page.paragraph("Chosen: " + values(b.values()) + " (λ = " + Html.number(b.lambda()) + ", " + b.series() + "), by "
                    + results.path("selection").path("basis").asText() + ": validation " + metric + " " + Html.pm(v.mean(), v.std(), 4)
                    + (t == null ? "" : "; its test " + metric + " is " + Html.pm(t.mean(), t.std(), 4)) + ".");
        } else {
            page.paragraph("No setting could be chosen: no run has a validation " + metric + ".");
        }
        if (!noSelection) {
            page.note("The choice uses validation data only (" + (results.path("selection").path("higherIsBetter").asBoolean() ? "highest" : "lowest")
                    + " mean validation " + metric + "; ties go to the earlier grid point). Test metrics are reported, never used to choose.");
        }

        page.heading("Grid points");
        table(page, points, best, metric, classification);

        page.heading("Metrics against λ");
        int chosen = best;
        RunReport.section(page, "metrics against λ", () -> charts(page, points, chosen, metric, classification));

        RunReport.section(page, "decision boundaries across λ", () -> {
            List<Page.Figure> boundaries = boundaries(points);
            if (!boundaries.isEmpty()) {
                page.heading("Decision boundaries across λ");
                page.figures(boundaries);
            }
        });
        page.heading("Files");
        page.paragraph("sweep.json (the manifest: config, grid, seeds, folds, every combination), results.json and results.csv (the aggregates), "
                + "and one run directory per combination, each with its own report. Regenerate with: occam report " + sweepDir);
        return page;
    }

    private static List<Point> points(Path dir, JsonNode results, List<String> seriesAxes) {
        List<Point> out = new ArrayList<>();
        for (JsonNode p : results.path("points")) {
            Map<String, String> values = new LinkedHashMap<>();
            p.path("values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            List<RecordedRun> runs = new ArrayList<>();
            for (JsonNode id : p.path("runs")) {
                Path runDir = dir.resolve(id.asText());
                if (RunRecords.isRecord(runDir)) {
                    runs.add(RecordedRun.open(runDir));
                }
            }
            if (runs.isEmpty()) {
                continue;
            }
            Map<String, SweepResults.Stat> stats = new LinkedHashMap<>();
            p.path("stats").fields().forEachRemaining(e -> stats.put(e.getKey(),
                    new SweepResults.Stat(e.getValue().path("mean").asDouble(Double.NaN), e.getValue().path("std").asDouble(Double.NaN), e.getValue().path("n").asInt())));
            List<Double> norms = new ArrayList<>();
            List<Double> sparsity = new ArrayList<>();
            Map<String, Integer> verdicts = new LinkedHashMap<>();
            for (RecordedRun r : runs) {
                Map<String, Double> pooled = WeightSummary.pooled(r.weights());
                norms.add(pooled.get("l2"));
                sparsity.add(pooled.get("sparsity"));
                verdicts.merge(r.verdict().kind().word(), 1, Integer::sum);
            }
            StringBuilder series = new StringBuilder(runs.get(0).penaltyTypes());
            for (String k : seriesAxes) {
                if (values.containsKey(k)) {
                    series.append(", ").append(k).append('=').append(values.get(k));
                }
            }
            out.add(new Point(p.path("point").asInt(), values, series.toString(), runs.get(0).lambda(), runs, stats,
                    stat(norms), stat(sparsity), verdicts));
        }
        return out;
    }

    private static SweepResults.Stat stat(List<Double> v) {
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = v.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
        return new SweepResults.Stat(mean, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0, v.size());
    }

    private static void table(Page page, List<Point> points, int best, String metric, boolean classification) {
        List<String> header = new ArrayList<>(List.of("", "point", "setting", "penalty", "λ", "runs",
                "validation " + metric, "test " + metric, "train " + metric,
                classification ? "gap (train − test acc.)" : "gap (test − train MSE)", "‖W‖₂", "sparsity", "verdicts"));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            rows.add(List.of(i == best ? "chosen" : "", "p" + p.index(), values(p.values()), p.runs().get(0).penaltyTypes(),
                    Html.number(p.lambda()), Integer.toString(p.runs().size()), pm(p, "validation." + metric), pm(p, "test." + metric),
                    pm(p, "train." + metric), pm(p, "gap"), Html.pm(p.norm().mean(), p.norm().std(), 2),
                    Html.pm(p.sparsity().mean(), p.sparsity().std(), 3), verdicts(p.verdicts())));
        }
        page.table(header, rows);
        page.note("Mean ± sample standard deviation over each point's runs (seeds × folds). ‖W‖₂: Frobenius norm of all weight matrices together; "
                + "sparsity: share of weights with |w| < 1e-6. Verdicts: see the run reports.");
    }

    private static String verdicts(Map<String, Integer> v) {
        List<String> parts = new ArrayList<>();
        v.forEach((k, n) -> parts.add(n + " " + k));
        return String.join(", ", parts);
    }

    private static String pm(Point p, String key) {
        SweepResults.Stat s = p.stats().get(key);
        return s == null ? "–" : Html.pm(s.mean(), s.std(), 4);
    }

    private static void charts(Page page, List<Point> points, int best, String metric, boolean classification) {
        double[] lambdas = points.stream().mapToDouble(Point::lambda).toArray();
        boolean byLambda = points.stream().map(Point::lambda).distinct().count() > 1;
        Charts.LambdaAxis axis = Charts.lambdaAxis(lambdas);
        List<String> series = points.stream().map(Point::series).distinct().toList();
        String xTitle = byLambda ? "λ" + (axis.log() ? " (log scale)" : "") : "grid point";

        XYChart m = Charts.xy((classification ? "Accuracy" : metric.toUpperCase(Locale.ROOT)) + " against " + (byLambda ? "λ" : "grid point"),
                xTitle, metric, 760, 420);
        XYChart gap = Charts.xy("Generalization gap", xTitle, classification ? "train − test accuracy" : "test − train MSE", 640, 420);
        XYChart norm = Charts.xy("Weight norm", xTitle, "‖W‖₂ of all weight matrices", 640, 420);
        XYChart sparse = Charts.xy("Sparsity", xTitle, "share of |w| < 1e-6", 640, 420);
        for (XYChart c : List.of(m, gap, norm, sparse)) {
            if (byLambda) {
                axis.apply(c);
            }
        }
        for (int s = 0; s < series.size(); s++) {
            String name = series.get(s);
            List<Point> ps = points.stream().filter(p -> p.series().equals(name))
                    .sorted((a, b) -> byLambda ? Double.compare(a.lambda(), b.lambda()) : Integer.compare(a.index(), b.index())).toList();
            Color col = Charts.PALETTE[s % Charts.PALETTE.length];
            double[] x = ps.stream().mapToDouble(p -> byLambda ? axis.x(p.lambda()) : p.index()).toArray();
            errorSeries(m, name + " validation", x, ps, p -> p.stats().get("validation." + metric), col, Charts.SOLID);
            errorSeries(m, name + " test", x, ps, p -> p.stats().get("test." + metric), col, Charts.DASHED);
            errorSeries(gap, name, x, ps, p -> p.stats().get("gap"), col, Charts.SOLID);
            errorSeries(norm, name, x, ps, Point::norm, col, Charts.SOLID);
            errorSeries(sparse, name, x, ps, Point::sparsity, col, Charts.SOLID);
        }
        if (best >= 0) {
            Point b = points.get(best);
            SweepResults.Stat v = b.stats().get("validation." + metric);
            XYSeries chosen = m.addSeries("chosen (validation)", new double[]{byLambda ? axis.x(b.lambda()) : b.index()}, new double[]{v.mean()});
            chosen.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            chosen.setMarker(SeriesMarkers.CIRCLE);
            chosen.setMarkerColor(Color.BLACK);
        }
        for (XYChart c : List.of(m, gap, norm, sparse)) {
            c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        }
        m.getStyler().setMarkerSize(7);
        String note = (byLambda ? axis.note() + " " : "") + "Error bars: ± one standard deviation over seeds and folds.";
        page.figures(List.of(
                new Page.Figure("metric-vs-lambda.png", Charts.png(m), metric + " against λ",
                        "Validation (solid) and test (dashed) " + metric + " per penalty type; the black dot is the chosen setting. " + note),
                new Page.Figure("gap-vs-lambda.png", Charts.png(gap), "generalization gap against λ",
                        (classification ? "Train − test accuracy" : "Test − train MSE") + ": how much better the model does on rows it was trained on. " + note)));
        page.figures(List.of(
                new Page.Figure("weight-norm-vs-lambda.png", Charts.png(norm), "weight norm against λ",
                        "Frobenius norm of all dense weight matrices together, at the end of training. " + note),
                new Page.Figure("sparsity-vs-lambda.png", Charts.png(sparse), "sparsity against λ",
                        "Share of weights with |w| < 1e-6 (L1's proximal update makes exact zeros; L2 only shrinks). " + note)));
    }

    private static void errorSeries(XYChart c, String name, double[] x, List<Point> ps,
                                     java.util.function.Function<Point, SweepResults.Stat> f, Color color, java.awt.BasicStroke stroke) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> es = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            SweepResults.Stat s = f.apply(ps.get(i));
            if (s != null && Double.isFinite(s.mean())) {
                xs.add(x[i]);
                ys.add(s.mean());
                es.add(Double.isFinite(s.std()) ? s.std() : 0.0);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name, xs, ys, es);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    private static List<Page.Figure> boundaries(List<Point> points) {
        if (points.isEmpty() || !points.get(0).runs().get(0).classification()) {
            return List.of();
        }
        RunRows first = points.get(0).runs().get(0).rows();
        if (first == null || first.features().size() != 2) {
            return List.of();
        }
        List<String> series = points.stream().map(Point::series).distinct().toList();
        TreeSet<Double> lambdaSet = new TreeSet<>();
        points.forEach(p -> lambdaSet.add(p.lambda()));
        List<Double> lambdas = new ArrayList<>(lambdaSet);
        List<XYChart> charts = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        for (String name : series) {
            for (double l : lambdas) {
                Point p = points.stream().filter(q -> q.series().equals(name) && q.lambda() == l).findFirst().orElse(null);
                if (p == null) {
                    XYChart empty = Charts.xy(name + ", λ = " + Html.number(l) + ": not in the grid", "", "", 330, 330);
                    empty.getStyler().setLegendVisible(false);
                    Charts.line(empty, "none", new double[]{0}, new double[]{0}, Color.WHITE, Charts.SOLID);
                    charts.add(empty);
                    continue;
                }
                RecordedRun r = p.runs().get(0);
                RunRows rows = r.rows();
                if (rows == null) {
                    return List.of();
                }
                DecisionBoundary b = DecisionBoundary.evaluate(r.model(), rows, 80);
                charts.add(Charts.decisionBoundary(b, rows, name + ", λ = " + Html.number(l) + " (" + b.regions() + (b.regions() == 1 ? " region)" : " regions)"), 330, 330, false));
                regions.add(name + " λ=" + Html.number(l) + ": " + b.regions());
            }
        }
        return List.of(new Page.Figure("boundaries-vs-lambda.png", Charts.pngGrid(charts, series.size(), lambdas.size()),
                "decision boundaries across λ",
                "One run per point (its first seed and fold): predicted class on an 80 × 80 grid, training rows as circles, test rows as diamonds. "
                        + "Connected regions on the grid: " + String.join("; ", regions) + "."));
    }

    private static String values(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return parts.isEmpty() ? "(no grid axis)" : String.join(" ", parts);
    }

    private static String describeGrid(JsonNode manifest) {
        List<String> axes = new ArrayList<>();
        manifest.path("grid").forEach(g -> {
            List<String> v = new ArrayList<>();
            g.path("values").forEach(x -> v.add(x.asText()));
            axes.add(g.path("key").asText() + " ∈ {" + String.join(", ", v) + "}");
        });
        int seeds = manifest.path("seeds").size();
        int folds = manifest.path("folds").asInt();
        return String.join(" × ", axes) + " × " + seeds + " seed(s)" + (folds > 0 ? " × " + folds + " folds" : "")
                + " = " + manifest.path("combinations").size() + " runs";
    }
}
