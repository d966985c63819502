package org.occam.experiments.record;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.occam.core.train.AbstractMLPTrainer;
import org.occam.experiments.PenaltyInfo;
import org.occam.experiments.RunResult;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Writes a run record, {@code <root>/<experiment>/<run-id>/} with
 * <ul>
 *   <li>{@code run.json}: the {@link RunRecord} as JSON: the summary a person reads first, metrics per split, the generalization
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
    /**
     * File name of a failed or diverged run's record: a {@link RunRecord} with its status and
     * reason and no metrics. Named apart from {@link #RUN_JSON} so that nothing reading finished
     * runs (sweep results, reports, reproduce) mistakes it for one; its directory holds only it and
     * {@link #CONFIG_FILE}.
     */
    public static final String FAILED_JSON = "failed-run.json";
    /** Name prefix of a run directory being assembled; such a directory is never a record. */
    public static final String INCOMPLETE_PREFIX = ".incomplete-";

    private static final Logger logger = Logger.getLogger(RunRecorder.class.getName());

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RunRecorder() {}

    /**
     * A written record.
     * @param directory the run directory
     * @param record the typed record ({@code run.json})
     * @param summary the flat summary (the store row, {@link RunRecord#storeRow derived} from the record)
     * @param provenanceJson the model provenance as JSON
     */
    public record Written(Path directory, RunRecord record, RunSummary summary, String provenanceJson) {}

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
            RunRecord record = RunRecord.of(result, runId, created, configText, provenanceJson);
            RunSummary summary = record.storeRow(target);
            Files.writeString(temp.resolve(RUN_JSON), record.toJson(), StandardCharsets.UTF_8);
            if (result.history() != null) {
                Files.writeString(temp.resolve(HISTORY_CSV), HistoryCsv.render(result.history()), StandardCharsets.UTF_8);
            }
            result.model().serializeToFile(temp.resolve(MODEL_FILE));
            Files.writeString(temp.resolve(CONFIG_FILE), configText, StandardCharsets.UTF_8);
            org.occam.experiments.PhaseTiming.mark("record files");
            for (ReportHook hook : reports) {
                try {
                    hook.writeRunReport(temp, target, result);
                } catch (IOException | RuntimeException e) {
                    // One line, no stack trace: the run itself is complete and is recorded.
                    logger.warning("run " + runId + ": the report of " + hook.getClass().getSimpleName()
                            + " was not written (regenerate it with occam report " + target + "): " + e);
                }
            }
            org.occam.experiments.PhaseTiming.mark("reports");
            moveIntoPlace(temp, target);
            return new Written(target, record, summary, provenanceJson);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof IOException) {
                throw new UncheckedIOException("could not write the run record under " + experimentDir + ": " + e.getMessage(), (IOException) e);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Prepares, on a background thread while the run trains, the code that writing its record
     * runs cold on the critical path otherwise: {@code history.csv}'s number formatting (some
     * thousand {@code %.10g} formats, slow until compiled), Jackson's serializers for
     * {@code run.json}, OLCUT's JSON provenance marshalling and the protobuf descriptors of the model
     * file. Everything is done on throwaway values: nothing is written, nothing shared with the run.
     * @return the running warm-up; {@linkplain org.occam.experiments.Warmup#await() wait} for it before the process ends
     */
    public static org.occam.experiments.Warmup warmUp() {
        return org.occam.experiments.Warmup.start("occam-record-warmup", RunRecorder::warmUpWork);
    }

    /** What {@link #warmUp()} does (package-private for the test). */
    static void warmUpWork() {
        org.occam.core.history.TrainingHistory history = new org.occam.core.history.TrainingHistory();
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        for (int e = 1; e <= 200; e++) {
            List<org.occam.core.history.LayerStats> layers = List.of(
                    new org.occam.core.history.LayerStats("dense0", random.nextDouble() * 50, random.nextDouble() * 5, random.nextDouble(), 0.0, 0.0),
                    new org.occam.core.history.LayerStats("dense1", random.nextDouble() * 50, random.nextDouble() * 5, random.nextDouble(), 0.0, 0.0));
            history.add(new org.occam.core.history.EpochRecord(e, random.nextDouble(), java.util.Map.of("L2", random.nextDouble() * 1e-3),
                    random.nextDouble(), random.nextDouble(), java.util.Map.of("accuracy", random.nextDouble()),
                    java.util.Map.of("accuracy", random.nextDouble()), layers, 0.01, e));
        }
        HistoryCsv.render(history);
        RunRecord.warmUp();
        new JsonProvenanceSerialization(true).marshalAndSerialize(new org.tribuo.provenance.SimpleDataSourceProvenance("warm-up",
                new org.tribuo.classification.LabelFactory()));
        new org.tribuo.classification.LabelFactory().serialize().toByteArray();
        org.tribuo.protos.core.ModelProto.getDescriptor();
        org.occam.core.protos.MLPModelProto.getDescriptor();
    }

    /**
     * Records a run that failed or diverged after its training had started: {@code target/}
     * with {@link #FAILED_JSON} and {@link #CONFIG_FILE}, assembled in a hidden sibling and moved
     * into place whole (no model, history or report: there is none).
     * @param experiment the experiment
     * @param started the data and split training started with
     * @param error what ended the run
     * @param configText the config text
     * @param target the run directory to create; it must not exist
     * @param runId the run id
     * @param wallMillis wall time until the failure
     * @return the written record; its summary has status {@link RunSummary#FAILED} or {@link RunSummary#DIVERGED}
     */
    public static Written writeFailed(org.occam.experiments.Experiment experiment, org.occam.experiments.ExperimentRunner.Started started,
                                      Throwable error, String configText, Path target, String runId, long wallMillis) {
        org.occam.core.train.TrainingDivergedException diverged = org.occam.experiments.ExperimentConfig.find(error,
                org.occam.core.train.TrainingDivergedException.class);
        String status = diverged != null ? RunSummary.DIVERGED : RunSummary.FAILED;
        String reason = org.occam.experiments.ExperimentConfig.describe(diverged != null ? diverged : error);
        int epochs = diverged != null ? Math.max(0, diverged.epoch() - 1) : 0;
        Path experimentDir = target.toAbsolutePath().getParent();
        Path temp = experimentDir.resolve(incompleteName(runId));
        try {
            Files.createDirectories(temp);
            RunRecord record = RunRecord.failed(experiment, started, runId, Instant.now(), configText, status, reason, epochs, wallMillis);
            RunSummary summary = record.storeRow(target);
            Files.writeString(temp.resolve(FAILED_JSON), record.toJson(), StandardCharsets.UTF_8);
            Files.writeString(temp.resolve(CONFIG_FILE), configText, StandardCharsets.UTF_8);
            moveIntoPlace(temp, target);
            return new Written(target, record, summary, record.provenanceJson());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof IOException) {
                throw new UncheckedIOException("could not write the failed run's record under " + experimentDir + ": " + e.getMessage(), (IOException) e);
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

    /**
     * @param r a run
     * @return its penalties' summaries (empty for a non-Occam trainer)
     */
    public static List<PenaltyInfo> penalties(RunResult r) {
        return penalties(r.experiment().trainer(), r.partition().train().length);
    }

    /**
     * @param trainer a trainer
     * @param trainRows the training rows n
     * @return its penalties' summaries (empty for a non-Occam trainer without penalties)
     */
    public static List<PenaltyInfo> penalties(org.tribuo.Trainer<?> trainer, int trainRows) {
        if (!(trainer instanceof AbstractMLPTrainer)) {
            Provenance b = trainer.getProvenance().getConfiguredParameters().get("minibatchSize");
            int batch = b instanceof com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance
                    ? ((com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance) b).getValue() : 1;
            return PenaltyInfo.find(trainer.getProvenance(), trainRows, batch);
        }
        AbstractMLPTrainer<?> t = (AbstractMLPTrainer<?>) trainer;
        return PenaltyInfo.describe(t.penalties(), trainRows, t.minibatchSize());
    }
}
