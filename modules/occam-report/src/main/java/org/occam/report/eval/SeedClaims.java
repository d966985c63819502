package org.occam.report.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.sweep.SweepManifest;
import org.occam.report.CompareReport;
import org.occam.report.DecisionBoundary;
import org.occam.report.Html;
import org.occam.report.RecordedRun;
import org.occam.report.RunRows;
import org.occam.report.SweepReport;
import org.occam.report.Verdict;
import org.occam.report.WeightSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The first evaluation suite: the seed notes' claims about L2 on moons, measured on the runs of
 * the λ sweep {@code evaluation/seed-claims/moons200-l2.xml} and written to
 * {@code evaluation/RESULTS.md} with the sweep report and a λ = 0 vs λ = 0.01 comparison.
 * <p>
 * Every claim is decided by a rule fixed in advance (stated in RESULTS.md), on the mean over the
 * sweep's seeds; a claim that does not hold is reported as not holding.
 * <p>
 * Usage: {@code SeedClaims SWEEP_DIR RESULTS_MD REPORTS_DIR}.
 */
public final class SeedClaims {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] GUIDE = {0, 0.01, 0.1, 1};

    private SeedClaims() {}

    /** What one run measured. */
    record Measured(RecordedRun run, long seed, double train, double validation, double test, int regions,
                    double firstLayerRange, double firstLayerStd, double nearZero, Verdict verdict) {}

    /**
     * @param args sweep directory, RESULTS.md path, reports directory
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SeedClaims SWEEP_DIR RESULTS_MD REPORTS_DIR");
            System.exit(2);
        }
        Path sweep = Paths.get(args[0]);
        Path results = Paths.get(args[1]);
        Path reports = Paths.get(args[2]);
        Map<Double, List<Measured>> byLambda = measure(sweep);
        for (double l : GUIDE) {
            if (!byLambda.containsKey(l) || byLambda.get(l).isEmpty()) {
                throw new IllegalStateException(sweep + " has no finished run with λ = " + l);
            }
        }
        Path sweepReport = reports.resolve("seed-claims-sweep");
        Path compareReport = reports.resolve("seed-claims-l0-vs-l001");
        Files.createDirectories(sweepReport);
        SweepReport.page(sweep).write(sweepReport);
        CompareReport.write(List.of(byLambda.get(0.0).get(0).run().directory(), byLambda.get(0.01).get(0).run().directory()), compareReport);
        String md = render(sweep, byLambda, results.getParent() == null ? Paths.get(".") : results.getParent(), sweepReport, compareReport);
        Files.writeString(results, md, StandardCharsets.UTF_8);
        System.out.println("wrote " + results + ", " + sweepReport.resolve("report.html") + ", " + compareReport.resolve("report.html"));
    }

    static Map<Double, List<Measured>> measure(Path sweep) throws IOException {
        JsonNode manifest = JSON.readTree(sweep.resolve(SweepManifest.FILE).toFile());
        Map<Double, List<Measured>> out = new TreeMap<>();
        for (JsonNode c : manifest.path("combinations")) {
            Path dir = sweep.resolve(c.path("id").asText());
            if (!RunRecords.isRecord(dir)) {
                continue;
            }
            RecordedRun r = RecordedRun.open(dir);
            RunRows rows = r.rows();
            if (rows == null) {
                throw new IllegalStateException(dir + ": " + r.rowsProblem());
            }
            DecisionBoundary b = DecisionBoundary.evaluate(r.model(), rows, DecisionBoundary.RESOLUTION);
            WeightSummary first = r.weights().get(0);
            double near = 0;
            for (double w : first.values()) {
                near += Math.abs(w) < 0.1 ? 1 : 0;
            }
            out.computeIfAbsent(r.lambda(), k -> new ArrayList<>()).add(new Measured(r, c.path("seed").asLong(),
                    r.metric("train", "accuracy"), r.metric("validation", "accuracy"), r.metric("test", "accuracy"), b.regions(),
                    first.range(), first.std(), near / first.values().length, r.verdict()));
        }
        return out;
    }

    private static double mean(List<Measured> m, ToDoubleFunction<Measured> f) {
        return m.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double std(List<Measured> m, ToDoubleFunction<Measured> f) {
        double mean = mean(m, f);
        double ss = m.stream().mapToDouble(f).map(v -> (v - mean) * (v - mean)).sum();
        return m.size() > 1 ? Math.sqrt(ss / (m.size() - 1)) : 0;
    }

    private static String pm(List<Measured> m, ToDoubleFunction<Measured> f, int digits) {
        return Html.pm(mean(m, f), std(m, f), digits);
    }

    private static String perSeed(List<Measured> m, ToDoubleFunction<Measured> f, int digits) {
        List<String> v = new ArrayList<>();
        for (Measured x : m) {
            v.add(Html.fixed(f.applyAsDouble(x), digits));
        }
        return String.join(" / ", v);
    }

    private static Map<String, Integer> verdicts(List<Measured> m) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.forEach(x -> out.merge(x.verdict().kind().word(), 1, Integer::sum));
        return out;
    }

    private static boolean majority(List<Measured> m, Verdict.Kind kind) {
        return m.stream().filter(x -> x.verdict().kind() == kind).count() * 2 > m.size();
    }

    private static String held(boolean b) {
        return b ? "**held**" : "**did not hold**";
    }

    static String render(Path sweep, Map<Double, List<Measured>> byLambda, Path base, Path sweepReport, Path compareReport) throws IOException {
        JsonNode manifest = JSON.readTree(sweep.resolve(SweepManifest.FILE).toFile());
        JsonNode results = JSON.readTree(sweep.resolve("results.json").toFile());
        List<Measured> l0 = byLambda.get(0.0);
        List<Measured> lHundredth = byLambda.get(0.01);
        List<Measured> lTenth = byLambda.get(0.1);
        List<Measured> lOne = byLambda.get(1.0);
        int seeds = l0.size();

        boolean smoother = mean(lHundredth, Measured::regions) < mean(l0, Measured::regions);
        boolean concentrated = mean(lHundredth, Measured::firstLayerRange) < mean(l0, Measured::firstLayerRange)
                && mean(lHundredth, Measured::firstLayerStd) < mean(l0, Measured::firstLayerStd);
        boolean notWorse = mean(lHundredth, Measured::test) >= mean(l0, Measured::test);
        boolean overfit0 = majority(l0, Verdict.Kind.OVERFITTING);
        boolean balanced = majority(lHundredth, Verdict.Kind.FINE);
        boolean smooth = mean(lTenth, Measured::regions) <= mean(lHundredth, Measured::regions) && !majority(lTenth, Verdict.Kind.UNDERFITTING);
        boolean underfit = majority(lOne, Verdict.Kind.UNDERFITTING);

        StringBuilder md = new StringBuilder();
        md.append("# Evaluation results\n\n");
        md.append("Regenerated by `evaluation/run.sh` (see `evaluation/README.md`); do not edit by hand. ")
                .append("Occam ").append(l0.get(0).run().record().path("occam").path("version").asText())
                .append(", commit ").append(l0.get(0).run().record().path("occam").path("gitCommit").asText()).append(".\n\n");
        md.append("## Suite 1: the seed notes' L2 claims on moons\n\n");
        md.append("**Setup.** `evaluation/seed-claims/moons200-l2.xml`: `datasets/moons_n200.csv` (200 points, noise 0.3) split by ")
                .append("`datasets/splits/moons_n200_test_idx.txt` into ").append(l0.get(0).run().summary().path("rows").path("train").asText())
                .append(" train / ").append(l0.get(0).run().summary().path("rows").path("validation").asText()).append(" validation / ")
                .append(l0.get(0).run().summary().path("rows").path("test").asText())
                .append(" test rows; 2→128→128→2 ReLU, SGD (η = 0.05, momentum 0.9, minibatch 32), ")
                .append(l0.get(0).run().summary().path("epochsRun").asText()).append(" epochs; L2 in the KERAS convention (λ·Σw² on the hidden ")
                .append("layers' weights). λ = 0 makes the penalty and its gradient exactly zero: it is the unregularized network. ")
                .append("Sweep `").append(sweep.getFileName()).append("`: λ ∈ {0, 0.01, 0.1, 1} × ").append(seeds).append(" seeds (")
                .append(seedList(l0)).append("); every number below is the mean ± standard deviation over the seeds, per-seed values in order.\n\n");
        md.append("**Measures.** Connected regions: the predicted class on a ").append(DecisionBoundary.RESOLUTION).append(" × ")
                .append(DecisionBoundary.RESOLUTION).append(" grid over the data's bounding box (+10% margin), counting the 4-connected regions ")
                .append("of each class and adding them up (a single smooth boundary between two classes gives 2). First-layer weights: ")
                .append("the 256 entries of `hidden1.weight`. Verdicts: the run reports' overfitting verdict (thresholds in the README, ")
                .append("section *Sweeps and reports*).\n\n");

        md.append("### Claims\n\n");
        md.append("| # | claim | rule (fixed in advance) | λ = 0 | λ = 0.01 | result |\n| --- | --- | --- | --- | --- | --- |\n");
        md.append("| 1 | L2 (λ = 0.01) gives a smoother boundary | fewer connected regions on the grid (mean) | ")
                .append(pm(l0, Measured::regions, 2)).append(" (").append(perSeed(l0, Measured::regions, 0)).append(") | ")
                .append(pm(lHundredth, Measured::regions, 2)).append(" (").append(perSeed(lHundredth, Measured::regions, 0)).append(") | ")
                .append(held(smoother)).append(" |\n");
        md.append("| 2 | first-layer weights concentrate near zero | range (max − min) and std of `hidden1.weight` both smaller (means) | range ")
                .append(pm(l0, Measured::firstLayerRange, 3)).append(", std ").append(pm(l0, Measured::firstLayerStd, 3)).append(", share of \\|w\\| < 0.1: ")
                .append(pm(l0, Measured::nearZero, 3)).append(" | range ").append(pm(lHundredth, Measured::firstLayerRange, 3)).append(", std ")
                .append(pm(lHundredth, Measured::firstLayerStd, 3)).append(", share of \\|w\\| < 0.1: ").append(pm(lHundredth, Measured::nearZero, 3)).append(" | ")
                .append(held(concentrated)).append(" |\n");
        md.append("| 3 | test accuracy is not worse | mean test accuracy at λ = 0.01 ≥ at λ = 0 | ")
                .append(pm(l0, Measured::test, 4)).append(" (").append(perSeed(l0, Measured::test, 2)).append(") | ")
                .append(pm(lHundredth, Measured::test, 4)).append(" (").append(perSeed(lHundredth, Measured::test, 2)).append(") | ")
                .append(held(notWorse)).append(" |\n\n");

        md.append("### The λ guide: 0 over-fits, 0.01 balances, 0.1 smooths, 1 under-fits\n\n");
        md.append("| λ | train accuracy | validation accuracy | test accuracy | train − test | connected regions | verdicts | guide says | rule | result |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        guideRow(md, "0", l0, "over-fit", "verdict *overfitting* for most seeds", overfit0);
        guideRow(md, "0.01", lHundredth, "balanced", "verdict *fine* for most seeds", balanced);
        guideRow(md, "0.1", lTenth, "smooth", "no more regions than at λ = 0.01, and not *underfitting* for most seeds", smooth);
        guideRow(md, "1", lOne, "under-fit", "verdict *underfitting* for most seeds", underfit);
        md.append("\n");
        JsonNode best = results.path("best");
        md.append("The sweep's own choice (highest mean validation accuracy, test never used): ")
                .append(best.isNull() ? "none" : best.path("values").toString() + String.format(Locale.ROOT, ", validation accuracy %.4f ± %.4f",
                        best.path("mean").asDouble(), best.path("std").asDouble())).append(".\n\n");
        md.append("### Reports\n\n");
        md.append("- Sweep report: [").append(base.relativize(sweepReport.resolve("report.html"))).append("](")
                .append(base.relativize(sweepReport.resolve("report.html"))).append(") (Markdown: [report.md](")
                .append(base.relativize(sweepReport.resolve("report.md"))).append("))\n");
        md.append("- λ = 0 vs λ = 0.01, first seed: [").append(base.relativize(compareReport.resolve("report.html"))).append("](")
                .append(base.relativize(compareReport.resolve("report.html"))).append(")\n\n");
        md.append("![decision boundaries across λ](").append(base.relativize(sweepReport.resolve("report/boundaries-vs-lambda.png"))).append(")\n\n");
        md.append("![accuracy against λ](").append(base.relativize(sweepReport.resolve("report/metric-vs-lambda.png"))).append(")\n\n");
        md.append("![first-layer weights, λ = 0 (A) vs λ = 0.01 (B)](").append(base.relativize(compareReport.resolve("report/weights-hidden1.png"))).append(")\n");
        return md.toString();
    }

    private static void guideRow(StringBuilder md, String lambda, List<Measured> m, String guide, String rule, boolean held) {
        md.append("| ").append(lambda).append(" | ").append(pm(m, Measured::train, 4)).append(" | ").append(pm(m, Measured::validation, 4))
                .append(" | ").append(pm(m, Measured::test, 4)).append(" | ").append(pm(m, x -> x.train() - x.test(), 4)).append(" | ")
                .append(pm(m, Measured::regions, 2)).append(" | ").append(verdictText(verdicts(m))).append(" | ").append(guide).append(" | ")
                .append(rule).append(" | ").append(held(held)).append(" |\n");
    }

    private static String verdictText(Map<String, Integer> v) {
        List<String> parts = new ArrayList<>();
        v.forEach((k, n) -> parts.add(n + " " + k));
        return String.join(", ", parts);
    }

    private static String seedList(List<Measured> m) {
        List<String> s = new ArrayList<>();
        m.forEach(x -> s.add(Long.toString(x.seed())));
        return "trainer seeds " + String.join(", ", s);
    }
}
