package org.occam.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.occam.experiments.data.Task;
import org.occam.experiments.record.RunRecords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's results, aggregated from its run records: per grid point, mean ± standard deviation
 * over its seeds and folds of every metric on train, validation and test, of the generalization
 * gap and of the epochs run; and the best point by the selection metric on validation data
 * (cross-validation folds' validation data with {@code --folds}). Ties go to the earlier point in
 * grid order. Test metrics are reported, never used to choose. A {@code --no-select} sweep chooses
 * nothing ({@code best} is -1, {@code basis} says so) and needs no validation rows.
 * <p>
 * Written as {@code results.json} and {@code results.csv} in the sweep directory.
 * @param selection the selection metric
 * @param basis how the selection metric was measured, in words
 * @param points one entry per grid point with at least one finished run
 * @param best index into {@code points} of the chosen point, or -1 when none has the metric
 * @param complete whether every combination of the plan has a record
 * @param select whether a best setting was to be chosen (false: {@code --no-select})
 */
public record SweepResults(SelectionMetric selection, String basis, List<PointResult> points, int best, boolean complete,
                           boolean select) {
    /** File name of the JSON results. */
    public static final String JSON_FILE = "results.json";
    /** File name of the CSV results. */
    public static final String CSV_FILE = "results.csv";
    /** What a {@code --no-select} sweep's manifest and results say about choosing. */
    public static final String NO_SELECTION = "no selection (--no-select): nothing is chosen; train and test metrics are reported";

    /**
     * Mean and sample standard deviation (n − 1; 0 for one value) of finite values.
     * @param mean the mean (NaN without values)
     * @param std the standard deviation
     * @param n how many values
     */
    public record Stat(double mean, double std, int n) {
        static Stat of(List<Double> values) {
            List<Double> v = values.stream().filter(d -> d != null && Double.isFinite(d)).toList();
            if (v.isEmpty()) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
            double ss = 0;
            for (double d : v) {
                ss += (d - mean) * (d - mean);
            }
            return new Stat(mean, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0.0, v.size());
        }
    }

    /**
     * One grid point's aggregate.
     * @param point the point index
     * @param values axis key → value
     * @param runs the combination ids aggregated (finished runs only)
     * @param stats statistic name ({@code <split>.<metric>}, {@code gap}, {@code epochsRun}) → value
     */
    public record PointResult(int point, Map<String, String> values, List<String> runs, Map<String, Stat> stats) {}

    /** @return the chosen point, or null */
    public PointResult bestPoint() {
        return best < 0 ? null : points.get(best);
    }

    /**
     * Aggregates the finished combinations of a plan.
     * @param plan the plan
     * @return the results
     */
    public static SweepResults aggregate(SweepPlan plan) {
        List<String> metrics = plan.task() == Task.CLASSIFICATION
                ? List.of("accuracy", "macroF1", "auc") : List.of("mse", "rmse", "mae", "r2");
        Map<Integer, List<SweepPlan.Combination>> byPoint = new LinkedHashMap<>();
        boolean complete = true;
        for (SweepPlan.Combination c : plan.combinations()) {
            if (RunRecords.isRecord(plan.directory().resolve(c.id()))) {
                byPoint.computeIfAbsent(c.point(), k -> new ArrayList<>()).add(c);
            } else {
                complete = false;
            }
        }
        List<PointResult> points = new ArrayList<>();
        for (Map.Entry<Integer, List<SweepPlan.Combination>> e : byPoint.entrySet()) {
            Map<String, List<Double>> values = new LinkedHashMap<>();
            List<String> runs = new ArrayList<>();
            for (SweepPlan.Combination c : e.getValue()) {
                JsonNode record = RunRecords.read(plan.directory().resolve(c.id()));
                runs.add(c.id());
                for (String split : List.of("train", "validation", "test")) {
                    for (String m : metrics) {
                        JsonNode v = record.path("metrics").path(split).path(m);
                        values.computeIfAbsent(split + "." + m, k -> new ArrayList<>()).add(v.isNumber() ? v.asDouble() : null);
                    }
                }
                JsonNode gap = record.path("generalizationGap").path("value");
                values.computeIfAbsent("gap", k -> new ArrayList<>()).add(gap.isNumber() ? gap.asDouble() : null);
                values.computeIfAbsent("epochsRun", k -> new ArrayList<>()).add(record.path("summary").path("epochsRun").asDouble());
            }
            Map<String, Stat> stats = new LinkedHashMap<>();
            values.forEach((k, v) -> {
                Stat s = Stat.of(v);
                if (s.n() > 0) {
                    stats.put(k, s);
                }
            });
            points.add(new PointResult(e.getKey(), e.getValue().get(0).values(), runs, stats));
        }
        String key = "validation." + plan.selection().name();
        int best = -1;
        for (int i = 0; plan.select() && i < points.size(); i++) {
            Stat s = points.get(i).stats().get(key);
            if (s == null) {
                continue;
            }
            Stat b = best < 0 ? null : points.get(best).stats().get(key);
            if (b == null || (plan.selection().higherIsBetter() ? s.mean() > b.mean() : s.mean() < b.mean())) {
                best = i;
            }
        }
        String basis = !plan.select() ? NO_SELECTION : plan.folds() > 0
                ? plan.folds() + "-fold cross-validation (validation fold of each), mean over " + plan.folds() + " folds × " + plan.seeds().size() + " seed(s)"
                : "the split's validation rows, mean over " + plan.seeds().size() + " seed(s)";
        return new SweepResults(plan.selection(), basis, points, best, complete, plan.select());
    }

    /**
     * Writes {@code results.json} and {@code results.csv} into the sweep directory (atomically).
     * @param plan the plan
     */
    public void write(SweepPlan plan) {
        ObjectNode root = SweepManifest.JSON.createObjectNode();
        root.put("format", SweepManifest.FORMAT);
        root.put("hash", plan.hash());
        root.put("experiment", plan.experimentName());
        root.put("complete", complete);
        ObjectNode sel = root.putObject("selection");
        sel.put("metric", selection.name());
        sel.put("higherIsBetter", selection.higherIsBetter());
        if (select) {
            sel.put("split", "validation");
            sel.put("basis", basis);
            sel.put("note", "chosen on validation data only; test metrics are reported, never used to choose");
        } else {
            sel.put("none", true);
            sel.put("basis", basis);
            sel.put("note", NO_SELECTION);
        }
        ArrayNode pts = root.putArray("points");
        for (PointResult p : points) {
            ObjectNode n = pts.addObject();
            n.put("point", p.point());
            ObjectNode values = n.putObject("values");
            p.values().forEach(values::put);
            ArrayNode runs = n.putArray("runs");
            p.runs().forEach(runs::add);
            ObjectNode stats = n.putObject("stats");
            p.stats().forEach((k, s) -> {
                ObjectNode o = stats.putObject(k);
                o.put("mean", s.mean());
                o.put("std", s.std());
                o.put("n", s.n());
            });
        }
        if (best >= 0) {
            PointResult b = points.get(best);
            ObjectNode n = root.putObject("best");
            n.put("point", b.point());
            ObjectNode values = n.putObject("values");
            b.values().forEach(values::put);
            Stat s = b.stats().get("validation." + selection.name());
            n.put("mean", s.mean());
            n.put("std", s.std());
        } else {
            root.putNull("best");
        }
        try {
            SweepManifest.writeAtomically(plan.directory().resolve(JSON_FILE), SweepManifest.JSON.writeValueAsString(root));
            SweepManifest.writeAtomically(plan.directory().resolve(CSV_FILE), csv(plan));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep results in " + plan.directory() + ": " + e.getMessage(), e);
        }
    }

    private String csv(SweepPlan plan) {
        List<String> statKeys = new ArrayList<>();
        for (PointResult p : points) {
            p.stats().keySet().forEach(k -> {
                if (!statKeys.contains(k)) {
                    statKeys.add(k);
                }
            });
        }
        List<String> header = new ArrayList<>(List.of("point"));
        plan.axes().forEach(a -> header.add(a.key()));
        header.add("runs");
        statKeys.forEach(k -> {
            header.add(k + "_mean");
            header.add(k + "_std");
        });
        header.add("chosen");
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (int i = 0; i < points.size(); i++) {
            PointResult p = points.get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(p.point())));
            plan.axes().forEach(a -> row.add(quote(p.values().get(a.key()))));
            row.add(Integer.toString(p.runs().size()));
            for (String k : statKeys) {
                Stat s = p.stats().get(k);
                row.add(s == null ? "" : String.format(Locale.ROOT, "%.10g", s.mean()));
                row.add(s == null ? "" : String.format(Locale.ROOT, "%.10g", s.std()));
            }
            row.add(i == best ? "yes" : "");
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
