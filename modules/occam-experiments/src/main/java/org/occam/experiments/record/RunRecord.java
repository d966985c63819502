package org.occam.experiments.record;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Gemm;
import org.occam.core.train.AbstractMLPTrainer;
import org.occam.experiments.EffectiveCoefficient;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.PenaltyInfo;
import org.occam.experiments.RunResult;
import org.occam.experiments.WeightStatistics;
import org.occam.experiments.data.Hashing;
import org.occam.experiments.data.LoadedData;
import org.occam.experiments.data.Task;
import org.occam.experiments.store.RunSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The typed content of a run's {@code run.json}: the one value from which both the file and the
 * run-store row ({@link #storeRow(Path)}) are derived, by the local path and by any other engine
 * alike. Jackson writes the components in declaration order, so the file's layout is this
 * record's layout; adding a field to {@code run.json} is adding a component here (and its value in
 * {@link #of}).
 *
 * <p>Reading ({@link #fromJson(String)}) ignores fields this version does not know and leaves
 * absent ones null (or 0), so records written by older and newer Occams can still be listed.
 *
 * @param summary what a person reads first
 * @param metrics metric name → value per split ({@code train}, {@code validation}, {@code test})
 * @param generalizationGap train − test accuracy or test − train MSE
 * @param finalWeights statistics of the recorded model's weight matrices; null for a model that is
 *                     not an Occam network, and in records written before they were recorded
 * @param config the config text and its sha256
 * @param occam Occam's version and git commit
 * @param environment Java, OS, processors and GEMM backend of the run
 * @param provenance the full Tribuo model provenance (OLCUT's JSON form); for a failed run, the
 *        experiment's configured provenance (there is no model)
 * @param status how the run ended: {@link RunSummary#FINISHED}, {@link RunSummary#FAILED} or
 *        {@link RunSummary#DIVERGED}; null in records written before statuses were recorded (read as FINISHED)
 * @param reason why a failed or diverged run stopped, one line; null for a finished run
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(Summary summary, Map<String, Map<String, Object>> metrics, Gap generalizationGap,
                        FinalWeights finalWeights, ConfigText config, Build occam, Environment environment,
                        JsonNode provenance, String status, String reason) {

    /**
     * A finished run's record (status {@link RunSummary#FINISHED}, no reason).
     * @param summary what a person reads first
     * @param metrics metric name → value per split
     * @param generalizationGap train − test accuracy or test − train MSE
     * @param finalWeights the recorded model's weight statistics (null when it is not an Occam network)
     * @param config the config text and its sha256
     * @param occam Occam's version and git commit
     * @param environment where the run ran
     * @param provenance the full Tribuo model provenance
     */
    public RunRecord(Summary summary, Map<String, Map<String, Object>> metrics, Gap generalizationGap,
                     FinalWeights finalWeights, ConfigText config, Build occam, Environment environment, JsonNode provenance) {
        this(summary, metrics, generalizationGap, finalWeights, config, occam, environment, provenance, RunSummary.FINISHED, null);
    }

    /**
     * @return the status, {@link RunSummary#FINISHED} for a record written before statuses were recorded
     */
    public String statusOrFinished() {
        return status == null ? RunSummary.FINISHED : status;
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The record's {@code summary}.
     * @param runId the run id (unique in the run store)
     * @param created when the record was written, ISO-8601 UTC
     * @param experiment the experiment's name
     * @param dataset the data set's name
     * @param datasetSha256 the data file's SHA-256
     * @param data the data source's description
     * @param dataPreparation what loading did to the data
     * @param task CLASSIFICATION or REGRESSION
     * @param rows rows per split
     * @param split the split's description
     * @param standardizeFeatures whether features were standardized
     * @param penaltyTypes the penalties' simple class names, in order
     * @param lambda the first penalty's λ, null without one (or when it has none)
     * @param convention the first penalty's λ convention, null without one
     * @param penalties every penalty in full
     * @param seed the trainer's seed (−1 when unknown)
     * @param epochsRun epochs trained
     * @param stopReason why training stopped
     * @param wallMillis wall time of the run
     * @param model the model's class
     * @param architecture the network's layers, empty for a non-Occam model
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(String runId, String created, String experiment, String dataset, String datasetSha256,
                          String data, DataPreparation dataPreparation, String task, Rows rows, String split,
                          boolean standardizeFeatures, List<String> penaltyTypes, Double lambda, String convention,
                          List<Penalty> penalties, long seed, int epochsRun, String stopReason, long wallMillis,
                          String model, String architecture) {}

    /**
     * What loading did to the data.
     * @param missingValues the missing-value policy
     * @param droppedRows how many rows were dropped
     * @param droppedLines the dropped rows' file lines
     * @param imputedCells how many cells were imputed
     * @param imputationMeans feature → training mean imputed
     * @param labelSpellings class-label spellings merged (spelling → label)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DataPreparation(String missingValues, int droppedRows, List<Integer> droppedLines, int imputedCells,
                                  Map<String, Double> imputationMeans, Map<String, String> labelSpellings) {}

    /**
     * Rows per split.
     * @param train training rows
     * @param validation validation rows
     * @param test test rows
     */
    public record Rows(int train, int validation, int test) {}

    /**
     * One penalty.
     * @param type its simple class name
     * @param name its instance name ({@code L2}, {@code L2#2})
     * @param lambda its λ, null when it has none
     * @param convention its λ convention
     * @param effectiveCoefficient what it applied per step: the formula, c on a full batch and c on
     *        the epoch's last batch (old records: only the map λ field → c, read into
     *        {@link EffectiveCoefficient#coefficients()}); null without a convention
     * @param trainingRows n
     * @param batchSize b
     * @param settings its other settings
     * @param penalizedTensors the tensors it touched
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Penalty(String type, String name, Double lambda, String convention,
                          EffectiveCoefficient effectiveCoefficient, int trainingRows, int batchSize,
                          Map<String, String> settings, List<String> penalizedTensors) {}

    /**
     * The generalization gap.
     * @param metric which difference
     * @param value its value, null without both train and test metrics
     */
    public record Gap(String metric, Double value) {}

    /**
     * The weights of the model the run recorded ({@code model.tribuo}: after the last epoch, or the
     * restored best epoch's weights under early stopping with restore-best), one entry per weight
     * matrix in network order; computed by {@link WeightStatistics}, as the run report's weight
     * tables are.
     * @param sparsityThreshold |w| below it counts as a zero in {@code sparsity}
     * @param tensors the statistics per weight matrix
     */
    public record FinalWeights(double sparsityThreshold, List<WeightStatistics> tensors) {
        /**
         * @param model the trained model
         * @return its weights' statistics, null when it is not an Occam network
         */
        static FinalWeights of(org.tribuo.Model<?> model) {
            var mlp = ExperimentRunner.mlp(model);
            return mlp == null ? null : new FinalWeights(WeightStatistics.ZERO_THRESHOLD, WeightStatistics.ofWeights(mlp.parameterValues()));
        }
    }

    /**
     * The config the run was made from.
     * @param sha256 its SHA-256
     * @param text its text
     */
    public record ConfigText(String sha256, String text) {}

    /**
     * The Occam build.
     * @param version Occam's version
     * @param gitCommit its git commit
     * @param numericsVersion the arithmetic the run was trained with ({@code Numerics.VERSION});
     *        null in records written before it was recorded
     * @param gitDirty whether the build's work tree had uncommitted changes (null when unknown)
     */
    public record Build(String version, String gitCommit, Integer numericsVersion, Boolean gitDirty) {}

    /**
     * Where the run ran.
     * @param java Java version and vendor
     * @param os OS name, version and architecture
     * @param processors available processors
     * @param gemmBackend the GEMM backend used
     */
    public record Environment(String java, String os, int processors, String gemmBackend) {}

    /**
     * Builds the record of a finished run.
     * @param r what the run produced
     * @param runId the run id
     * @param created when the record is written
     * @param configText the config text
     * @param provenanceJson the model provenance as OLCUT JSON
     * @return the record
     */
    public static RunRecord of(RunResult r, String runId, Instant created, String configText, String provenanceJson) {
        boolean classification = r.data().task() == Task.CLASSIFICATION;
        TrainingHistory h = r.history();
        List<PenaltyInfo> infos = RunRecorder.penalties(r.experiment().trainer(), r.partition().train().length);
        List<Penalty> penalties = infos.stream().map(p -> new Penalty(p.type(), p.name(),
                Double.isNaN(p.lambda()) ? null : p.lambda(), p.convention(), p.effective(), p.trainingRows(),
                p.batchSize(), p.settings(),
                h == null ? List.of() : h.penalizedTensors().getOrDefault(p.name(), List.of()))).toList();
        Penalty first = penalties.isEmpty() ? null : penalties.get(0);
        var mlp = ExperimentRunner.mlp(r.model());
        Summary summary = new Summary(runId, created.toString(), r.experiment().name(), r.data().name(),
                r.data().sha256(), r.experiment().data().toString(), dataPreparation(r), r.data().task().name(),
                new Rows(r.partition().train().length, r.partition().validation().length, r.partition().test().length),
                r.experiment().split().toString(), r.experiment().standardizeFeatures(),
                penalties.stream().map(Penalty::type).toList(), first == null ? null : first.lambda(),
                first == null ? null : first.convention(), penalties, seed(r.experiment()), h == null ? 0 : h.epochsRun(),
                h == null ? "no training history (not an Occam trainer)" : h.stopReason(), r.wallMillis(),
                r.model().getClass().getName(), mlp == null ? "" : mlp.architecture());
        Gap gap = new Gap(classification ? "accuracy (train − test)" : "mse (test − train)", gap(r));
        Environment env = currentEnvironment();
        try {
            return new RunRecord(summary, r.metrics(), gap, FinalWeights.of(r.model()), new ConfigText(Hashing.sha256(configText), configText),
                    new Build(BuildInfo.version(), BuildInfo.commit(), org.occam.core.train.Numerics.VERSION, BuildInfo.dirty()), env, JSON.readTree(provenanceJson));
        } catch (IOException e) {
            throw new UncheckedIOException("model provenance is not JSON: " + e.getMessage(), e);
        }
    }

    /** @return this JVM's environment, as a record names it */
    public static Environment currentEnvironment() {
        return new Environment(System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Gemm.backend().name());
    }

    /**
     * Builds the record of a run that failed or diverged after its training had started: what was
     * known then (experiment, data, split, penalties, seed), no metrics, the experiment's
     * configured provenance in place of a model's, and the status and reason.
     * @param experiment the experiment
     * @param started the data and split training started with
     * @param runId the run id
     * @param created when the record is written
     * @param configText the config text
     * @param status {@link RunSummary#FAILED} or {@link RunSummary#DIVERGED}
     * @param reason why, one line
     * @param epochsRun epochs completed before the failure
     * @param wallMillis wall time until the failure
     * @return the record
     */
    public static RunRecord failed(org.occam.experiments.Experiment experiment, ExperimentRunner.Started started, String runId,
                                   Instant created, String configText, String status, String reason, int epochsRun, long wallMillis) {
        if (RunSummary.FINISHED.equals(status) || !RunSummary.STATUSES.contains(status)) {
            throw new IllegalArgumentException("a failed run's status is " + RunSummary.FAILED + " or " + RunSummary.DIVERGED + ", not " + status);
        }
        LoadedData data = started.data();
        int trainRows = started.partition().train().length;
        List<Penalty> penalties = RunRecorder.penalties(experiment.trainer(), trainRows).stream().map(p -> new Penalty(p.type(), p.name(),
                Double.isNaN(p.lambda()) ? null : p.lambda(), p.convention(), p.effective(), p.trainingRows(),
                p.batchSize(), p.settings(), List.of())).toList();
        Penalty first = penalties.isEmpty() ? null : penalties.get(0);
        String line = reason == null ? status.toLowerCase(java.util.Locale.ROOT) : reason.strip().replaceAll("\\s*\\R\\s*", " ");
        LoadedData.Preparation p = data.preparation();
        DataPreparation preparation = new DataPreparation(p.missingValues().toString(), p.droppedLines().size(), p.droppedLines(),
                p.missingCells().values().stream().mapToInt(List::size).sum(), Map.of(), p.labelSpellings());
        Summary summary = new Summary(runId, created.toString(), experiment.name(), data.name(), data.sha256(),
                experiment.data().toString(), preparation, data.task().name(),
                new Rows(trainRows, started.partition().validation().length, started.partition().test().length),
                experiment.split().toString(), experiment.standardizeFeatures(), penalties.stream().map(Penalty::type).toList(),
                first == null ? null : first.lambda(), first == null ? null : first.convention(), penalties, seed(experiment),
                epochsRun, line, wallMillis, null, "");
        boolean classification = data.task() == Task.CLASSIFICATION;
        JsonNode provenance;
        try {
            provenance = JSON.readTree(new com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization(true)
                    .marshalAndSerialize(experiment.getProvenance()));
        } catch (IOException | RuntimeException e) {
            provenance = JSON.nullNode();
        }
        return new RunRecord(summary, Map.of(), new Gap(classification ? "accuracy (train − test)" : "mse (test − train)", null),
                null, new ConfigText(Hashing.sha256(configText), configText),
                new Build(BuildInfo.version(), BuildInfo.commit(), org.occam.core.train.Numerics.VERSION, BuildInfo.dirty()),
                currentEnvironment(), provenance, status, line);
    }

    /**
     * The run-store row of this record; the only place a row is derived from a record.
     * @param dir the run directory (the row's {@code recordPath}, as given)
     * @return the row
     */
    public RunSummary storeRow(Path dir) {
        Summary s = summary;
        boolean classification = Task.CLASSIFICATION.name().equals(s.task());
        List<Penalty> penalties = s.penalties() == null ? List.of() : s.penalties();
        List<String> types = s.penaltyTypes() == null ? List.of() : s.penaltyTypes();
        return new RunSummary(s.runId(), Instant.parse(s.created()), s.experiment(), config == null ? null : config.sha256(),
                s.dataset(), s.datasetSha256(), s.task(), String.join(",", types), s.lambda(),
                penalties.stream().map(p -> p.lambda() == null ? "" : Double.toString(p.lambda())).collect(Collectors.joining(",")),
                s.convention(), s.seed(), s.epochsRun(), s.stopReason(),
                classification ? metric("train", "accuracy") : null,
                classification ? metric("validation", "accuracy") : null,
                classification ? metric("test", "accuracy") : null,
                classification ? metric("test", "macroF1") : null,
                classification ? null : metric("train", "mse"),
                classification ? null : metric("validation", "mse"),
                classification ? null : metric("test", "mse"),
                classification ? null : metric("test", "r2"),
                generalizationGap == null ? null : generalizationGap.value(), dir.toString(), statusOrFinished(),
                RunSummary.FINISHED.equals(statusOrFinished()) ? null : reason);
    }

    /**
     * The provenance as compact JSON text (what the run store keeps).
     * @return the JSON
     */
    public String provenanceJson() {
        if (provenance == null || provenance.isNull()) {
            return "{}";
        }
        try {
            return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(provenance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds Jackson's serializer of this record type (for {@link RunRecorder#warmUp()}). */
    static void warmUp() {
        JSON.canSerialize(RunRecord.class);
    }

    /**
     * This record as {@code run.json} text.
     * @return indented JSON
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run record " + summary.runId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code run.json} text.
     * @param json the text
     * @return the record
     * @throws IOException if the text is not a run record
     */
    public static RunRecord fromJson(String json) throws IOException {
        RunRecord r = JSON.readValue(json, RunRecord.class);
        if (r == null || r.summary() == null || r.summary().runId() == null || r.summary().created() == null) {
            throw new IOException("not a run record (no summary.runId / summary.created)");
        }
        return r;
    }

    private Double metric(String split, String key) {
        Map<String, Object> m = metrics == null ? null : metrics.get(split);
        return m == null || !(m.get(key) instanceof Number n) ? null : n.doubleValue();
    }

    /** train − test accuracy (classification) or test − train MSE (regression); null without both. */
    static Double gap(RunResult r) {
        Map<String, Object> train = r.metrics().get("train");
        Map<String, Object> test = r.metrics().get("test");
        if (train == null || test == null) {
            return null;
        }
        boolean classification = r.data().task() == Task.CLASSIFICATION;
        String key = classification ? "accuracy" : "mse";
        double tr = ((Number) train.get(key)).doubleValue();
        double te = ((Number) test.get(key)).doubleValue();
        return classification ? tr - te : te - tr;
    }

    private static long seed(org.occam.experiments.Experiment experiment) {
        if (experiment.trainer() instanceof AbstractMLPTrainer<?> t) {
            return t.seed();
        }
        Provenance seed = experiment.trainer().getProvenance().getConfiguredParameters().get("seed");
        return seed instanceof LongProvenance l ? l.getValue() : -1;
    }

    /**
     * What loading did to the data: the missing-value policy, rows dropped, the training means
     * imputed (read back from the model's run provenance, where {@code occam predict} finds them)
     * and class-label spellings merged.
     */
    private static DataPreparation dataPreparation(RunResult r) {
        LoadedData.Preparation p = r.data().preparation();
        Map<String, Double> means = new LinkedHashMap<>();
        Provenance m = r.model().getProvenance().getInstanceProvenance().getMap().get(ExperimentRunner.IMPUTATION_KEY);
        if (m instanceof MapProvenance<?> map) {
            map.getMap().forEach((k, v) -> means.put(k, ((DoubleProvenance) v).getValue()));
        }
        return new DataPreparation(p.missingValues().toString(), p.droppedLines().size(), p.droppedLines(),
                p.missingCells().values().stream().mapToInt(List::size).sum(), means, p.labelSpellings());
    }
}
