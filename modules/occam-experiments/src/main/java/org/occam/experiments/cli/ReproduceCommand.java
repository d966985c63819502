package org.occam.experiments.cli;

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
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.DataException;
import org.occam.experiments.record.RunRecorder;
import org.tribuo.Model;
import org.tribuo.provenance.ModelProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code occam reproduce RUN}: rebuilds the experiment from the recorded model provenance alone
 * (not from the config file), retrains, and checks that every parameter is bit-identical and every
 * metric equal. On a mismatch it prints what differs — the data checksum, the tensors, the
 * metrics and the provenance lines — and exits with 1.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Retrain a recorded run from its provenance alone and check the model is bit-identical.")
final class ReproduceCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory (runs/<experiment>/<run-id>).")
    Path run;

    @Override
    public Integer call() throws IOException, com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException {
        Path record = run.resolve(RunRecorder.RUN_JSON);
        if (!Files.isRegularFile(record)) {
            throw new DataException(run + ": not a run directory (no " + RunRecorder.RUN_JSON + ")");
        }
        JsonNode recorded = JSON.readTree(record.toFile());
        String provenanceJson = JSON.writeValueAsString(recorded.get("provenance"));
        ModelProvenance provenance = (ModelProvenance) new JsonProvenanceSerialization(true).deserializeAndUnmarshal(provenanceJson);
        Experiment experiment = rebuild(provenance);
        System.out.println("occam reproduce: retraining " + experiment.name() + " from the provenance in " + record);
        RunResult result = ExperimentRunner.execute(experiment, null);

        List<String> problems = new ArrayList<>();
        String recordedSha = recorded.path("summary").path("datasetSha256").asText();
        if (!recordedSha.equals(result.data().sha256())) {
            problems.add("the data changed: recorded sha256 " + recordedSha + ", now " + result.data().sha256()
                    + " (" + experiment.data() + ")");
        }
        Model<?> original = Model.deserializeFromFile(run.resolve(RunRecorder.MODEL_FILE));
        problems.addAll(compareParameters(ExperimentRunner.mlp(original), ExperimentRunner.mlp(result.model())));
        JsonNode newMetrics = JSON.valueToTree(result.metrics());
        if (!newMetrics.equals(recorded.get("metrics"))) {
            problems.add("metrics differ: recorded " + recorded.get("metrics") + ", now " + newMetrics);
        }
        if (problems.isEmpty()) {
            System.out.println("reproduced: every parameter bit-identical, metrics equal");
            return 0;
        }
        System.out.println("NOT reproduced:");
        problems.forEach(p -> System.out.println("  - " + p));
        String newProvenance = new JsonProvenanceSerialization(true).marshalAndSerialize(result.model().getProvenance());
        System.out.println("provenance differences (- recorded, + now):");
        diff(new JsonProvenanceSerialization(true).marshalAndSerialize(provenance), newProvenance)
                .forEach(l -> System.out.println("  " + l));
        return OccamCommand.MISMATCH;
    }

    /**
     * Rebuilds the experiment from the run provenance stored in a model provenance.
     * @param provenance the model provenance
     * @return the experiment
     */
    static Experiment rebuild(ModelProvenance provenance) {
        return org.occam.experiments.record.RunRecords.rebuildExperiment(provenance);
    }

    private static List<String> compareParameters(AbstractMLPModel<?> a, AbstractMLPModel<?> b) {
        if (a == null || b == null) {
            return List.of("the recorded or the retrained model is not an Occam MLP");
        }
        Map<String, Matrix> pa = a.parameterValues();
        Map<String, Matrix> pb = b.parameterValues();
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

    private static List<String> diff(String a, String b) {
        Set<String> la = new LinkedHashSet<>(List.of(a.split("\n")));
        Set<String> lb = new LinkedHashSet<>(List.of(b.split("\n")));
        List<String> out = new ArrayList<>();
        for (String l : la) {
            if (!lb.contains(l)) {
                out.add("- " + l.trim());
            }
        }
        for (String l : lb) {
            if (!la.contains(l)) {
                out.add("+ " + l.trim());
            }
        }
        return out;
    }
}
