package org.occam.experiments.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.occam.core.math.Matrix;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.train.Numerics;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.DataException;
import org.occam.experiments.record.RunRecorder;
import org.tribuo.Model;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.transform.TransformedModel;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.store.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code occam reproduce RUN}: rebuilds the experiment from the recorded model provenance alone
 * (not from the config file), retrains, and checks that every parameter is bit-identical and every
 * metric equal. On a mismatch it prints what differs — the data checksum, the tensors, the
 * metrics and the provenance lines — and exits with 1. A run recorded under another numerics
 * version ({@link Numerics}) cannot be bit-identical: it says so in one line, without retraining,
 * and exits with 1.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Retrain a recorded run from its provenance alone and check the model is bit-identical.")
final class ReproduceCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory (runs/<experiment>/<run-id>), or a run id "
            + "looked up in the run store (--store / --jdbc; default runs/occam.db).")
    Path run;

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() throws IOException, com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException {
        if (!Files.exists(run) && run.getNameCount() == 1 && !run.isAbsolute()) {
            run = lookUp(run.toString()); // a bare run id: its record directory from the store
        }
        Path record = run.resolve(RunRecorder.RUN_JSON);
        if (!Files.isRegularFile(record) && org.occam.experiments.record.RunRecords.isFailedRecord(run)) {
            throw org.occam.experiments.record.RunRecords.notFinished(run, "reproduce");
        }
        if (!Files.isRegularFile(record)) {
            throw new DataException(run + ": not a run directory (no " + RunRecorder.RUN_JSON + ")");
        }
        JsonNode recorded;
        try {
            recorded = JSON.readTree(record.toFile());
        } catch (JsonProcessingException e) {
            throw new DataException(record + ": line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + ": not valid JSON: " + Errors.oneLine(e.getOriginalMessage()), e);
        }
        if (recorded == null || !recorded.path("provenance").isArray()) {
            throw new DataException(record + ": no 'provenance' array; not a run record written by occam run");
        }
        // The recorded model is checked and loaded before anything is retrained.
        Model<?> original = PredictCommand.loadModel(run.resolve(RunRecorder.MODEL_FILE));
        JsonNode version = recorded.path("occam").path("numericsVersion");
        int recordedNumerics = version.canConvertToInt() ? version.asInt() : Numerics.UNRECORDED;
        if (recordedNumerics != Numerics.VERSION) {
            JsonNode occam = recorded.path("occam");
            System.out.println("NOT reproduced: " + run + " was recorded under numerics version " + recordedNumerics
                    + (version.isMissingNode() ? " (run.json names none)" : "") + ", this Occam computes version "
                    + Numerics.VERSION + ", so its bits cannot match; reproduce it with the Occam that recorded it ("
                    + occam.path("version").asText("unknown version") + ", commit " + occam.path("gitCommit").asText("unknown")
                    + ")");
            return OccamCommand.MISMATCH;
        }
        String provenanceJson = JSON.writeValueAsString(recorded.get("provenance"));
        ModelProvenance provenance;
        try {
            provenance = (ModelProvenance) new JsonProvenanceSerialization(true).deserializeAndUnmarshal(provenanceJson);
        } catch (RuntimeException | com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException e) {
            throw new DataException(record + ": the recorded 'provenance' cannot be read: " + Errors.describe(e), e);
        }
        Experiment experiment = rebuild(provenance);
        System.out.println("occam reproduce: retraining " + experiment.name() + " from the provenance in " + record);
        Progress progress = new Progress(System.out, experiment.trainer() instanceof org.occam.core.train.AbstractMLPTrainer<?> t ? t.epochs() : 0, false);
        RunResult result = ExperimentRunner.execute(experiment, progress);
        progress.finish();

        List<String> problems = new ArrayList<>();
        String recordedSha = recorded.path("summary").path("datasetSha256").asText();
        if (!recordedSha.equals(result.data().sha256())) {
            problems.add("the data changed: recorded sha256 " + recordedSha + ", now " + result.data().sha256()
                    + " (" + experiment.data() + ")");
        }
        problems.addAll(compareParameters(original, result.model()));
        JsonNode newMetrics = JSON.valueToTree(result.metrics());
        List<String[]> metricRows = new ArrayList<>();
        Map<String, String> was = new LinkedHashMap<>();
        Map<String, String> now = new LinkedHashMap<>();
        flatten("metrics", recorded.path("metrics"), was);
        flatten("metrics", newMetrics, now);
        now = asRecorded(was, now);
        if (!was.equals(now)) {
            metricRows.addAll(rows(was, now));
            problems.add(metricRows.size() + " metric(s) differ (table below)");
        }
        if (problems.isEmpty()) {
            System.out.println("reproduced: every parameter bit-identical, metrics equal");
            return 0;
        }
        System.out.println("NOT reproduced:");
        problems.forEach(p -> System.out.println("  - " + p));
        environmentNotes(recorded.path("environment"), org.occam.experiments.record.RunRecord.currentEnvironment())
                .forEach(n -> System.out.println("  note: " + n));
        String newProvenance = new JsonProvenanceSerialization(true).marshalAndSerialize(result.model().getProvenance());
        List<String[]> table = new ArrayList<>(metricRows);
        table.addAll(rows(withoutVolatile(flatten(recorded.get("provenance"))), withoutVolatile(flatten(JSON.readTree(newProvenance)))));
        System.out.println("provenance differences (" + table.size() + " field(s); times and hosts left out):");
        System.out.print(table(table));
        return OccamCommand.MISMATCH;
    }

    /**
     * Where this process differs from the recording one in what can change bits although the config is the same:
     * the JVM (JDKs differ in the last bits of some library computations; SplittableRandom's Gaussian stream, for
     * one, is not the same on JDK 17 and 25 after about three million draws) and the GEMM backend. Printed under a
     * NOT reproduced verdict, which stays: the notes say where to look, not that the difference is fine.
     * @param recorded the record's {@code environment} object (missing in old records: no notes)
     * @param now this process's environment
     * @return one line per difference, empty if none
     */
    static List<String> environmentNotes(JsonNode recorded, org.occam.experiments.record.RunRecord.Environment now) {
        List<String> notes = new ArrayList<>();
        String java = recorded.path("java").asText("");
        if (!java.isEmpty() && !java.equals(now.java())) {
            notes.add("recorded on Java " + java + ", reproduced on " + now.java()
                    + ": JDKs can differ in library computations, in the last bits or, for SplittableRandom.nextGaussian"
                    + " (its stream changed between JDK 17 and 25 after about three million draws), in the draws;"
                    + " reproduce on the recorded Java");
        }
        String backend = recorded.path("gemmBackend").asText("");
        if (!backend.isEmpty() && !backend.equals(now.gemmBackend())) {
            notes.add("recorded with the '" + backend + "' GEMM backend, reproduced with '" + now.gemmBackend()
                    + "': the backends' products differ in the last bits (the launcher's --add-modules"
                    + " jdk.incubator.vector selects 'vector')");
        }
        return notes;
    }

    private RunStore openStore(String runId) {
        try {
            return storeOptions.openReadOnly(null);
        } catch (IllegalArgumentException e) {
            throw new DataException(runId + ": not a run directory (no " + RunRecorder.RUN_JSON + "), and no run store to look it up in: "
                    + e.getMessage(), e);
        }
    }

    /** A run id's record directory, from the run store's row. */
    private Path lookUp(String runId) {
        try (RunStore store = openStore(runId)) {
            RunSummary row = store.find(runId).orElseThrow(() -> new DataException(runId
                    + ": not a run directory (no " + RunRecorder.RUN_JSON + ") nor a run id in run store " + RunStore.redact(store.url())));
            if (!row.finished()) {
                throw new DataException("run " + runId + ": " + row.status() + (row.reason() == null ? "" : ": " + row.reason())
                        + "; it has no model, so there is nothing to reproduce");
            }
            if (row.recordPath() == null || !Files.isDirectory(Path.of(row.recordPath()))) {
                throw new DataException("run " + runId + ": its record directory " + row.recordPath()
                        + " (from run store " + RunStore.redact(store.url()) + ") does not exist");
            }
            return Path.of(row.recordPath());
        }
    }

    /**
     * Rebuilds the experiment from the run provenance stored in a model provenance.
     * @param provenance the model provenance
     * @return the experiment
     */
    static Experiment rebuild(ModelProvenance provenance) {
        return org.occam.experiments.record.RunRecords.rebuildExperiment(provenance);
    }

    /**
     * The trained parameters by tensor name: an Occam MLP's tensors, or the weight matrix (bias
     * column included) of a Tribuo linear SGD model; null for any other model.
     */
    private static Map<String, Matrix> parameters(Model<?> model) {
        AbstractMLPModel<?> mlp = ExperimentRunner.mlp(model);
        if (mlp != null) {
            return mlp.parameterValues();
        }
        Model<?> m = model instanceof TransformedModel ? ((TransformedModel<?>) model).getInnerModel() : model;
        if (m instanceof AbstractLinearSGDModel<?> linear) {
            DenseMatrix w = linear.getWeightsCopy();
            Matrix copy = new Matrix(w.getDimension1Size(), w.getDimension2Size());
            for (int i = 0; i < copy.rows(); i++) {
                for (int j = 0; j < copy.cols(); j++) {
                    copy.data()[i * copy.cols() + j] = w.get(i, j);
                }
            }
            return Map.of("linear.weights", copy);
        }
        return null;
    }

    private static List<String> compareParameters(Model<?> recorded, Model<?> retrained) {
        Map<String, Matrix> pa = parameters(recorded);
        Map<String, Matrix> pb = parameters(retrained);
        if (pa == null || pb == null) {
            return List.of("the recorded or the retrained model is neither an Occam MLP nor a Tribuo linear SGD model: "
                    + "its parameters cannot be compared");
        }
        List<String> out = new ArrayList<>();
        if (!pa.keySet().equals(pb.keySet())) {
            out.add("tensors differ: recorded " + pa.keySet() + ", now " + pb.keySet());
            return out;
        }
        for (String name : pa.keySet()) {
            Matrix x = pa.get(name);
            Matrix y = pb.get(name);
            if (!x.equals(y)) {
                double max = 0;
                if (x.size() == y.size()) {
                    for (int i = 0; i < x.size(); i++) {
                        max = Math.max(max, Math.abs(x.data()[i] - y.data()[i]));
                    }
                }
                out.add("tensor " + name + " differs (max |Δ| = " + max + ")");
            }
        }
        return out;
    }

    /**
     * Flattens OLCUT's marshalled provenance (a list of objects, each a map of marshalled values)
     * into {@code object-name.key[.key|[i]] → value} lines, in order.
     * @param marshalled the JSON array written by {@link JsonProvenanceSerialization}
     * @return path → value text
     */
    static Map<String, String> flatten(JsonNode marshalled) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode object : marshalled) {
            String name = object.path("object-name").asText();
            object.path("map").fields().forEachRemaining(e -> flatten(name + "." + e.getKey(), e.getValue(), out));
        }
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isValueNode() || node.isMissingNode()) {
            out.put(path, node.asText());
        } else if (node.isObject() && !node.has("value") && !node.has("map") && !node.has("list")) {
            node.fields().forEachRemaining(e -> flatten(path + "." + e.getKey(), e.getValue(), out));
        } else if (node.has("value")) {
            out.put(path, node.get("value").asText());
        } else if (node.has("map") && node.get("map").size() > 0) {
            node.get("map").fields().forEachRemaining(e -> flatten(path + "." + e.getKey(), e.getValue(), out));
        } else if (node.has("list") && node.get("list").size() > 0) {
            int i = 0;
            for (JsonNode item : node.get("list")) {
                flatten(path + "[" + i++ + "]", item, out);
            }
        } else {
            out.put(path, node.has("list") ? "[]" : node.has("map") ? "{}" : node.toString());
        }
    }

    /**
     * @param recorded flattened recorded values
     * @param now flattened new values
     * @return one row {field, recorded, now} per path whose value differs or that is on one side only ("-" for absent)
     */
    static List<String[]> rows(Map<String, String> recorded, Map<String, String> now) {
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            String v = now.get(e.getKey());
            if (!e.getValue().equals(v)) {
                out.add(new String[]{e.getKey(), e.getValue(), v == null ? "-" : v});
            }
        }
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!recorded.containsKey(e.getKey())) {
                out.add(new String[]{e.getKey(), "-", e.getValue()});
            }
        }
        return out;
    }

    /**
     * The retrained metrics in the layout of the record they are compared with, so a record written
     * by an older Occam still reproduces: metrics the record does not have (added later, such as
     * {@code logLoss}) are left out, and when the record names its single regression output
     * {@code DIM-0} (before outputs were named after the target column) the one new output name is
     * compared under that name.
     * @param recorded flattened recorded metrics
     * @param now flattened retrained metrics
     * @return the retrained metrics to compare
     */
    static Map<String, String> asRecorded(Map<String, String> recorded, Map<String, String> now) {
        String old = ".perDimension.DIM-0.";
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Pattern dim = java.util.regex.Pattern.compile("^metrics\\.[^.]+\\.perDimension\\.([^.]+)\\..*");
        now.keySet().forEach(k -> {
            java.util.regex.Matcher m = dim.matcher(k);
            if (m.matches()) {
                names.add(m.group(1));
            }
        });
        boolean rename = recorded.keySet().stream().anyMatch(k -> k.contains(old)) && names.size() == 1 && !names.contains("DIM-0");
        Map<String, String> out = new LinkedHashMap<>();
        now.forEach((k, v) -> {
            String key = rename ? k.replace(".perDimension." + names.iterator().next() + ".", old) : k;
            if (recorded.containsKey(key)) {
                out.put(key, v);
            }
        });
        return out;
    }

    /** Provenance that differs on every run (when and where it ran) says nothing about a mismatch. */
    private static Map<String, String> withoutVolatile(Map<String, String> flat) {
        Map<String, String> out = new LinkedHashMap<>();
        flat.forEach((k, v) -> {
            String key = k.substring(k.lastIndexOf('.') + 1);
            if (!key.equals("trained-at") && !key.equals("host-name") && !key.equals("datasource-creation-time")
                    && !key.equals("file-modified-time") && !key.equals("resource-modified-time")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * @param rows {field, recorded, now} rows
     * @return the rows as an aligned text table with a header, values longer than 70 characters shortened
     */
    static String table(List<String[]> rows) {
        List<String[]> all = new ArrayList<>();
        all.add(new String[]{"field", "recorded", "now"});
        rows.forEach(r -> all.add(new String[]{r[0], shorten(r[1]), shorten(r[2])}));
        int[] w = new int[3];
        for (String[] r : all) {
            for (int i = 0; i < 3; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : all) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-" + w[0] + "s  %-" + w[1] + "s  %s%n", r[0], r[1], r[2]));
        }
        return sb.toString();
    }

    private static String shorten(String v) {
        return v.length() <= 70 ? v : v.substring(0, 67) + "...";
    }
}
