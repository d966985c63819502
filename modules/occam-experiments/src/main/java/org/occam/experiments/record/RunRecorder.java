package org.occam.experiments.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.occam.core.history.TrainingHistory;
import org.occam.core.train.AbstractMLPTrainer;
import org.occam.experiments.PenaltyInfo;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.Hashing;
import org.occam.experiments.store.RunSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Writes a run record, {@code <root>/<experiment>/<run-id>/} with
 * <ul>
 *   <li>{@code run.json}: the summary a person reads first, metrics per split, the generalization
 *       gap, the config text and its sha256, Occam's version and commit, Java and OS, and the full
 *       Tribuo model provenance as JSON;</li>
 *   <li>{@code history.csv}: one row per epoch;</li>
 *   <li>{@code model.tribuo}: the model through Tribuo's protobuf serialization;</li>
 *   <li>{@code config.xml}: the config text the run was made from;</li>
 *   <li>whatever the installed {@link ReportHook}s add (the HTML and Markdown run report).</li>
 * </ul>
 * Everything is written into a hidden temporary directory beside the target and moved into place
 * only when complete; on failure the temporary directory is removed.
 */
public final class RunRecorder {
    /** File name of the record. */
    public static final String RUN_JSON = "run.json";
    /** File name of the model. */
    public static final String MODEL_FILE = "model.tribuo";
    /** File name of the history. */
    public static final String HISTORY_CSV = "history.csv";
    /** File name of the config copy. */
    public static final String CONFIG_FILE = "config.xml";
    /** Name prefix of a run directory being assembled; such a directory is never a record. */
    public static final String INCOMPLETE_PREFIX = ".incomplete-";

    private static final Logger logger = Logger.getLogger(RunRecorder.class.getName());

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RunRecorder() {}

    /**
     * A written record.
     * @param directory the run directory
     * @param summary the flat summary (the store row)
     * @param provenanceJson the model provenance as JSON
     */
    public record Written(Path directory, RunSummary summary, String provenanceJson) {}

    /**
     * @return a fresh run id: UTC time to the millisecond plus a random suffix
     */
    public static String newRunId() {
        return ID_TIME.format(Instant.now()) + "-" + String.format(Locale.ROOT, "%06x", new java.util.SplittableRandom().nextInt(1 << 24));
    }

    /**
     * Writes the record under {@code <root>/<experiment>/<new run id>/}, with the report of every
     * {@link ReportHook#installed() installed} report hook.
     * @param result what the run produced
     * @param configText the config file's text
     * @param root the runs root (e.g. {@code runs})
     * @return the written record
     */
    public static Written write(RunResult result, String configText, Path root) {
        String runId = newRunId();
        return write(result, configText, root.resolve(result.experiment().name()).resolve(runId), runId, ReportHook.installed());
    }

    /**
     * Writes the record into {@code target}, assembled in the hidden sibling
     * {@code .incomplete-<run id>} and moved into place when complete (reports included), so a
     * directory named {@code target} is always a complete record.
     * @param result what the run produced
     * @param configText the config text to keep beside the record
     * @param target the run directory to create; it must not exist
     * @param runId the run id (unique in the run store)
     * @param reports report hooks asked to add their report before the move (failures are logged, not thrown)
     * @return the written record
     */
    public static Written write(RunResult result, String configText, Path target, String runId, List<ReportHook> reports) {
        Path experimentDir = target.toAbsolutePath().getParent();
        Path temp = experimentDir.resolve(incompleteName(runId));
        try {
            Files.createDirectories(temp);
            Instant created = Instant.now();
            String provenanceJson = new JsonProvenanceSerialization(true).marshalAndSerialize(result.model().getProvenance());
            RunSummary summary = summarize(result, runId, created, configText, target);
            ObjectNode record = buildRecord(result, summary, configText, provenanceJson);
            Files.writeString(temp.resolve(RUN_JSON), JSON.writeValueAsString(record), StandardCharsets.UTF_8);
            if (result.history() != null) {
                Files.writeString(temp.resolve(HISTORY_CSV), HistoryCsv.render(result.history()), StandardCharsets.UTF_8);
            }
            result.model().serializeToFile(temp.resolve(MODEL_FILE));
            Files.writeString(temp.resolve(CONFIG_FILE), configText, StandardCharsets.UTF_8);
            for (ReportHook hook : reports) {
                try {
                    hook.writeRunReport(temp, target, result);
                } catch (IOException | RuntimeException e) {
                    // One line, no stack trace: the run itself is complete and is recorded.
                    logger.warning("run " + runId + ": the report of " + hook.getClass().getSimpleName()
                            + " was not written (regenerate it with occam report " + target + "): " + e);
                }
            }
            moveIntoPlace(temp, target);
            return new Written(target, summary, provenanceJson);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof IOException) {
                throw new UncheckedIOException("could not write the run record under " + experimentDir + ": " + e.getMessage(), (IOException) e);
            }
            throw (RuntimeException) e;
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("run directory " + target + " already exists", e);
        }
    }

    /**
     * The hidden name a record is assembled under: {@code .incomplete-pid<owner pid>-<run id>}, so
     * a later command can tell a live process's directory from one whose owner was killed.
     * @param runId the run id
     * @return the directory name
     */
    static String incompleteName(String runId) {
        return INCOMPLETE_PREFIX + "pid" + ProcessHandle.current().pid() + "-" + runId;
    }

    /**
     * Removes the {@code .incomplete-*} directories a killed process left under a runs root (in
     * experiment directories and their sweep directories): those whose owner process (named in the
     * directory name) is no longer running, and those of the older naming without an owner. A
     * directory of a live process (a concurrent run or sweep) is kept.
     * @param root the runs root; nothing happens if it does not exist
     * @return the directories removed
     */
    public static List<Path> removeStaleIncomplete(Path root) {
        List<Path> removed = new java.util.ArrayList<>();
        if (root == null || !Files.isDirectory(root)) {
            return removed;
        }
        try (Stream<Path> s = Files.find(root, 3, (p, a) -> a.isDirectory() && p.getFileName() != null
                && p.getFileName().toString().startsWith(INCOMPLETE_PREFIX))) {
            for (Path p : s.toList()) {
                java.util.regex.Matcher m = OWNER.matcher(p.getFileName().toString());
                boolean alive = m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    logger.info(() -> "removing the unfinished run record left by a killed process: " + p);
                    deleteQuietly(p);
                    removed.add(p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            logger.log(Level.FINE, "could not look for unfinished run records under " + root, e);
        }
        return removed;
    }

    private static final java.util.regex.Pattern OWNER = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(INCOMPLETE_PREFIX) + "pid(\\d{1,18})-.*");

    /**
     * Deletes a directory tree, ignoring errors.
     * @param dir the directory
     */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    /** Everything the record's "summary" and the store row need. */
    static RunSummary summarize(RunResult r, String runId, Instant created, String configText, Path dir) {
        List<PenaltyInfo> penalties = penalties(r);
        Map<String, Object> train = r.metrics().get("train");
        Map<String, Object> valid = r.metrics().get("validation");
        Map<String, Object> test = r.metrics().get("test");
        boolean classification = r.data().task() == org.occam.experiments.data.Task.CLASSIFICATION;
        Double gap = gap(r);
        TrainingHistory h = r.history();
        return new RunSummary(runId, created, r.experiment().name(), Hashing.sha256(configText), r.data().name(),
                r.data().sha256(), r.data().task().name(),
                penalties.stream().map(PenaltyInfo::type).collect(Collectors.joining(",")),
                penalties.isEmpty() || Double.isNaN(penalties.get(0).lambda()) ? null : penalties.get(0).lambda(),
                penalties.stream().map(p -> Double.isNaN(p.lambda()) ? "" : Double.toString(p.lambda())).collect(Collectors.joining(",")),
                penalties.isEmpty() ? null : penalties.get(0).convention(),
                seed(r), h == null ? 0 : h.epochsRun(), h == null ? "no training history (not an Occam trainer)" : h.stopReason(),
                classification ? metric(train, "accuracy") : null,
                classification ? metric(valid, "accuracy") : null,
                classification ? metric(test, "accuracy") : null,
                classification ? metric(test, "macroF1") : null,
                classification ? null : metric(train, "mse"),
                classification ? null : metric(valid, "mse"),
                classification ? null : metric(test, "mse"),
                classification ? null : metric(test, "r2"),
                gap, dir.toString());
    }

    /**
     * @param r a run
     * @return train − test accuracy (classification) or test − train MSE (regression); null without both
     */
    static Double gap(RunResult r) {
        Map<String, Object> train = r.metrics().get("train");
        Map<String, Object> test = r.metrics().get("test");
        if (train == null || test == null) {
            return null;
        }
        boolean classification = r.data().task() == org.occam.experiments.data.Task.CLASSIFICATION;
        String key = classification ? "accuracy" : "mse";
        double tr = ((Number) train.get(key)).doubleValue();
        double te = ((Number) test.get(key)).doubleValue();
        return classification ? tr - te : te - tr;
    }

    private static Double metric(Map<String, Object> m, String key) {
        return m == null || !(m.get(key) instanceof Number) ? null : ((Number) m.get(key)).doubleValue();
    }

    private static long seed(RunResult r) {
        if (r.experiment().trainer() instanceof AbstractMLPTrainer) {
            return ((AbstractMLPTrainer<?>) r.experiment().trainer()).seed();
        }
        Provenance seed = r.experiment().trainer().getProvenance().getConfiguredParameters().get("seed");
        return seed instanceof com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance
                ? ((com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance) seed).getValue() : -1;
    }

    /**
     * @param r a run
     * @return its penalties' summaries (empty for a non-Occam trainer)
     */
    public static List<PenaltyInfo> penalties(RunResult r) {
        if (!(r.experiment().trainer() instanceof AbstractMLPTrainer)) {
            Provenance b = r.experiment().trainer().getProvenance().getConfiguredParameters().get("minibatchSize");
            int batch = b instanceof com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance
                    ? ((com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance) b).getValue() : 1;
            return PenaltyInfo.find(r.experiment().trainer().getProvenance(), r.partition().train().length, batch);
        }
        AbstractMLPTrainer<?> t = (AbstractMLPTrainer<?>) r.experiment().trainer();
        return PenaltyInfo.describe(t.penalties(), r.partition().train().length, t.minibatchSize());
    }

    /**
     * What loading did to the data: the missing-value policy, rows dropped, the training means
     * imputed (read back from the model's run provenance, where {@code occam predict} finds them)
     * and class-label spellings merged.
     */
    private static Map<String, Object> dataPreparation(RunResult r) {
        org.occam.experiments.data.LoadedData.Preparation p = r.data().preparation();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("missingValues", p.missingValues().toString());
        out.put("droppedRows", p.droppedLines().size());
        out.put("droppedLines", p.droppedLines());
        out.put("imputedCells", p.missingCells().values().stream().mapToInt(List::size).sum());
        Map<String, Double> means = new LinkedHashMap<>();
        Provenance m = r.model().getProvenance().getInstanceProvenance().getMap().get(org.occam.experiments.ExperimentRunner.IMPUTATION_KEY);
        if (m instanceof com.oracle.labs.mlrg.olcut.provenance.MapProvenance) {
            ((com.oracle.labs.mlrg.olcut.provenance.MapProvenance<?>) m).getMap().forEach((k, v) ->
                    means.put(k, ((com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance) v).getValue()));
        }
        out.put("imputationMeans", means);
        out.put("labelSpellings", p.labelSpellings());
        return out;
    }

    private static ObjectNode buildRecord(RunResult r, RunSummary s, String configText, String provenanceJson) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runId", s.runId());
        summary.put("created", s.created().toString());
        summary.put("experiment", s.experiment());
        summary.put("dataset", s.dataset());
        summary.put("datasetSha256", s.datasetSha256());
        summary.put("data", r.experiment().data().toString());
        summary.put("dataPreparation", dataPreparation(r));
        summary.put("task", s.task());
        Map<String, Integer> rows = new LinkedHashMap<>();
        rows.put("train", r.partition().train().length);
        rows.put("validation", r.partition().validation().length);
        rows.put("test", r.partition().test().length);
        summary.put("rows", rows);
        summary.put("split", r.experiment().split().toString());
        summary.put("standardizeFeatures", r.experiment().standardizeFeatures());
        List<Map<String, Object>> penalties = new ArrayList<>();
        for (PenaltyInfo p : penalties(r)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", p.type());
            m.put("name", p.name());
            m.put("lambda", Double.isNaN(p.lambda()) ? null : p.lambda());
            m.put("convention", p.convention());
            m.put("effectiveCoefficient", p.coefficients());
            m.put("trainingRows", p.trainingRows());
            m.put("batchSize", p.batchSize());
            m.put("settings", p.settings());
            m.put("penalizedTensors", r.history() == null ? List.of() : r.history().penalizedTensors().getOrDefault(p.name(), List.of()));
            penalties.add(m);
        }
        summary.put("penaltyTypes", s.penaltyTypes().isEmpty() ? List.of() : List.of(s.penaltyTypes().split(",")));
        summary.put("lambda", s.lambda());
        summary.put("convention", s.convention());
        summary.put("penalties", penalties);
        summary.put("seed", s.seed());
        summary.put("epochsRun", s.epochsRun());
        summary.put("stopReason", s.stopReason());
        summary.put("wallMillis", r.wallMillis());
        summary.put("model", r.model().getClass().getName());
        summary.put("architecture", org.occam.experiments.ExperimentRunner.mlp(r.model()) == null ? ""
                : org.occam.experiments.ExperimentRunner.mlp(r.model()).architecture());
        root.set("summary", JSON.valueToTree(summary));
        root.set("metrics", JSON.valueToTree(r.metrics()));
        Map<String, Object> gap = new LinkedHashMap<>();
        boolean classification = r.data().task() == org.occam.experiments.data.Task.CLASSIFICATION;
        gap.put("metric", classification ? "accuracy (train − test)" : "mse (test − train)");
        gap.put("value", s.generalizationGap());
        root.set("generalizationGap", JSON.valueToTree(gap));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("sha256", s.configSha256());
        config.put("text", configText);
        root.set("config", JSON.valueToTree(config));
        Map<String, Object> occam = new LinkedHashMap<>();
        occam.put("version", BuildInfo.version());
        occam.put("gitCommit", BuildInfo.commit());
        occam.put("numericsVersion", org.occam.core.train.Numerics.VERSION);
        occam.put("gitDirty", BuildInfo.dirty());
        root.set("occam", JSON.valueToTree(occam));
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("processors", Runtime.getRuntime().availableProcessors());
        env.put("gemmBackend", org.occam.core.math.Gemm.backend().name());
        root.set("environment", JSON.valueToTree(env));
        JsonNode prov = JSON.readTree(provenanceJson);
        root.set("provenance", prov);
        return root;
    }
}
