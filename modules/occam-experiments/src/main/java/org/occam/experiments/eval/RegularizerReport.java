package org.occam.experiments.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.occam.experiments.record.BuildInfo;
import org.occam.experiments.record.RunRecorder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds {@code evaluation/regularizers.md} from the run records of the regularizer comparison
 * ({@code evaluation/regularizers/run.sh}): per setting, every technique's train and test metrics,
 * its generalization gap and the gap's change against the unregularized baseline, and whether the
 * techniques the issue names (L2, dropout, early stopping, mixup) reduce the gap on both settings.
 * Experiments are named {@code <setting>-<technique>}; the latest record of each is used. A run that
 * diverged or failed ({@link RunRecorder#FAILED_JSON}) is listed under its setting with its status and
 * reason instead of being left out, and a required technique that did not finish does not count as
 * narrowing the gap.
 */
public final class RegularizerReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("l2", "dropout", "earlystopping", "mixup");

    private RegularizerReport() {}

    /**
     * One run's numbers; a run that did not finish has NaN metrics, its status and its reason.
     * @param status {@code FINISHED}, {@code DIVERGED} or {@code FAILED}
     * @param stop the stop reason of a finished run, the failure's reason otherwise
     */
    record Row(String setting, String technique, String task, double train, double test, double gap, double r2, int epochs, String stop,
               String status) {
        boolean finished() {
            return FINISHED.equals(status);
        }
    }

    private static final String FINISHED = org.occam.experiments.store.RunSummary.FINISHED;

    /**
     * @param args the runs directory and the Markdown file to write
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RegularizerReport RUNS_DIR OUTPUT.md");
            System.exit(2);
        }
        Map<String, Map<String, Row>> rows = read(Paths.get(args[0]));
        Files.writeString(Paths.get(args[1]), render(rows), StandardCharsets.UTF_8);
        System.out.println("wrote " + args[1]);
    }

    static Map<String, Map<String, Row>> read(Path runs) throws IOException {
        Map<String, Map<String, Row>> out = new TreeMap<>();
        List<Path> records;
        try (Stream<Path> s = Files.walk(runs, 3)) {
            records = s.filter(p -> p.getFileName().toString().equals(RunRecorder.RUN_JSON)
                    || p.getFileName().toString().equals(RunRecorder.FAILED_JSON)).sorted().toList();
        }
        for (Path p : records) {
            JsonNode r = JSON.readTree(p.toFile());
            String experiment = r.path("summary").path("experiment").asText();
            int dash = experiment.indexOf('-');
            if (dash < 0) {
                continue;
            }
            String setting = experiment.substring(0, dash);
            String technique = experiment.substring(dash + 1);
            boolean cls = "CLASSIFICATION".equals(r.path("summary").path("task").asText());
            String status = r.path("status").asText(FINISHED);
            if (!FINISHED.equals(status)) {
                out.computeIfAbsent(setting, k -> new TreeMap<>()).put(technique, new Row(setting, technique, cls ? "CLASSIFICATION" : "REGRESSION",
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, r.path("summary").path("epochsRun").asInt(),
                        r.path("reason").asText(r.path("summary").path("stopReason").asText()), status));
                continue;
            }
            String key = cls ? "accuracy" : "mse";
            double train = r.path("metrics").path("train").path(key).asDouble();
            double test = r.path("metrics").path("test").path(key).asDouble();
            double r2 = cls ? Double.NaN : r.path("metrics").path("test").path("r2").asDouble();
            out.computeIfAbsent(setting, k -> new TreeMap<>()).put(technique, new Row(setting, technique, cls ? "CLASSIFICATION" : "REGRESSION",
                    train, test, cls ? train - test : test - train, r2, r.path("summary").path("epochsRun").asInt(),
                    r.path("summary").path("stopReason").asText(), FINISHED));
        }
        return out;
    }

    static String render(Map<String, Map<String, Row>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Regularizers against the unregularized baseline\n\n");
        sb.append("Generated by `evaluation/regularizers/run.sh` (Occam ").append(BuildInfo.version()).append(", commit ")
                .append(BuildInfo.commit()).append(") from the configs in `evaluation/regularizers/`. Each technique is the baseline ")
                .append("config plus one regularizer; everything else (data, split, network, optimizer, epochs, seed) is the same. ")
                .append("The generalization gap is train − test accuracy for moons and test − train MSE for diabetes; ")
                .append("Δ gap < 0 means the technique narrowed it.\n\n");
        Map<String, Boolean> requiredHeld = new TreeMap<>();
        for (Map.Entry<String, Map<String, Row>> e : rows.entrySet()) {
            Row base = e.getValue().get("baseline");
            base = base != null && base.finished() ? base : null;
            boolean cls = base == null || base.task().equals("CLASSIFICATION");
            sb.append("## ").append(e.getKey()).append("\n\n");
            if (cls) {
                sb.append("| technique | train accuracy | test accuracy | gap | Δ gap | narrows the gap | epochs |\n|---|---|---|---|---|---|---|\n");
            } else {
                sb.append("| technique | train MSE | test MSE | test R² | gap | Δ gap | narrows the gap | epochs |\n|---|---|---|---|---|---|---|---|\n");
            }
            List<Row> ordered = new ArrayList<>(e.getValue().values().stream().filter(Row::finished).toList());
            List<Row> unfinished = e.getValue().values().stream().filter(r -> !r.finished()).toList();
            ordered.sort((a, b) -> a.technique().equals("baseline") ? -1 : b.technique().equals("baseline") ? 1 : a.technique().compareTo(b.technique()));
            for (Row r : ordered) {
                double delta = base == null ? Double.NaN : r.gap() - base.gap();
                boolean narrows = base != null && !r.technique().equals("baseline") && delta < 0;
                String verdict = r.technique().equals("baseline") ? "—" : narrows ? "yes" : "no";
                if (REQUIRED.contains(r.technique())) {
                    requiredHeld.merge(r.technique(), narrows, Boolean::logicalAnd);
                }
                if (cls) {
                    sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %+.4f | %s | %s | %d |\n", r.technique(), r.train(), r.test(),
                            r.gap(), r.technique().equals("baseline") ? "—" : String.format(Locale.ROOT, "%+.4f", delta), verdict, r.epochs()));
                } else {
                    sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.3f | %+.1f | %s | %s | %d |\n", r.technique(), r.train(), r.test(),
                            r.r2(), r.gap(), r.technique().equals("baseline") ? "—" : String.format(Locale.ROOT, "%+.1f", delta), verdict, r.epochs()));
                }
            }
            sb.append('\n');
            if (!unfinished.isEmpty()) {
                sb.append("Did not finish (no metrics, not in the table):\n\n");
                for (Row r : unfinished) {
                    if (REQUIRED.contains(r.technique())) {
                        requiredHeld.merge(r.technique(), false, Boolean::logicalAnd);
                    }
                    sb.append("- `").append(e.getKey()).append('-').append(r.technique()).append("`: ").append(r.status())
                            .append(" after ").append(r.epochs()).append(" completed epochs: ").append(r.stop()).append('\n');
                }
                sb.append('\n');
            }
        }
        sb.append("## The claim: L2, dropout, early stopping and mixup narrow the gap on both settings\n\n");
        sb.append("| technique | narrows the gap on every setting |\n|---|---|\n");
        for (String t : REQUIRED) {
            Boolean held = requiredHeld.get(t);
            sb.append("| ").append(t).append(" | ").append(held == null ? "not run" : held ? "yes" : "no").append(" |\n");
        }
        sb.append('\n');
        return sb.toString();
    }
}
