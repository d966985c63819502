package org.occam.experiments.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.data.DataException;
import org.occam.experiments.store.RunSummary;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads run records back: the {@code run.json} tree, the flat {@link RunSummary} (exactly the row
 * {@link RunRecorder} gave the run store, so a store can be rebuilt from records), the model
 * provenance, and the experiment rebuilt from that provenance alone.
 */
public final class RunRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunRecords() {}

    /**
     * @param dir a directory
     * @return true if it holds a run record (a complete one: records are moved into place whole)
     */
    public static boolean isRecord(Path dir) {
        return Files.isRegularFile(dir.resolve(RunRecorder.RUN_JSON));
    }

    /**
     * @param dir a directory
     * @return true if it holds the record of a failed or diverged run ({@link RunRecorder#FAILED_JSON})
     */
    public static boolean isFailedRecord(Path dir) {
        return Files.isRegularFile(dir.resolve(RunRecorder.FAILED_JSON));
    }

    /**
     * The record of a failed or diverged run.
     * @param dir its directory
     * @return its {@link RunRecorder#FAILED_JSON}
     * @throws DataException if there is none or it cannot be read
     */
    public static RunRecord failedRecord(Path dir) {
        Path file = dir.resolve(RunRecorder.FAILED_JSON);
        try {
            return RunRecord.fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read as a run record: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * The one-line refusal for a command that needs a finished run (a model) but was given a
     * failed or diverged one.
     * @param dir the failed run's directory
     * @param what what the command would have done, e.g. "reproduce"
     * @return the exception to throw
     */
    public static DataException notFinished(Path dir, String what) {
        String status = "FAILED";
        String reason = "";
        try {
            RunRecord r = failedRecord(dir);
            status = r.statusOrFinished();
            reason = r.reason() == null ? "" : ": " + r.reason();
        } catch (DataException e) {
            // the status alone says enough
        }
        return new DataException(dir + ": run " + status + reason + "; it has no model, so there is nothing to " + what);
    }

    /**
     * @param dir a run directory
     * @return its {@code run.json}
     * @throws DataException if the directory is not a run record or run.json cannot be parsed
     */
    public static JsonNode read(Path dir) {
        Path file = dir.resolve(RunRecorder.RUN_JSON);
        if (!Files.isRegularFile(file)) {
            throw new DataException(dir + ": not a run directory (no " + RunRecorder.RUN_JSON + ")");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The typed record of a run directory.
     * @param dir a run directory
     * @return its {@code run.json} as a {@link RunRecord}
     * @throws DataException if the directory is not a run record or run.json cannot be parsed
     */
    public static RunRecord record(Path dir) {
        Path file = dir.resolve(RunRecorder.RUN_JSON);
        if (!Files.isRegularFile(file)) {
            throw new DataException(dir + ": not a run directory (no " + RunRecorder.RUN_JSON + ")");
        }
        try {
            return RunRecord.fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read as a run record: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * The run-store row of a record, rebuilt from {@code run.json} by {@link RunRecord#storeRow}.
     * @param dir the run directory (becomes {@link RunSummary#recordPath()} as given)
     * @return the summary
     */
    public static RunSummary summary(Path dir) {
        return record(dir).storeRow(dir);
    }

    /**
     * @param dir a run directory
     * @return the full model provenance as recorded, as JSON text
     */
    public static String provenanceJson(Path dir) {
        try {
            return JSON.writeValueAsString(read(dir).get("provenance"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param dir a run directory
     * @return the recorded model provenance
     */
    public static ModelProvenance modelProvenance(Path dir) {
        try {
            return (ModelProvenance) new JsonProvenanceSerialization(true).deserializeAndUnmarshal(provenanceJson(dir));
        } catch (ProvenanceSerializationException | ClassCastException e) {
            throw new DataException(dir.resolve(RunRecorder.RUN_JSON) + ": the provenance cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds the experiment from the run provenance stored in a model provenance (not from any
     * config file).
     * @param provenance the model provenance
     * @return the experiment
     */
    public static Experiment rebuildExperiment(ModelProvenance provenance) {
        Provenance p = provenance.getInstanceProvenance().getMap().get(ExperimentRunner.EXPERIMENT_KEY);
        if (!(p instanceof ObjectProvenance)) {
            throw new DataException("the recorded provenance has no '" + ExperimentRunner.EXPERIMENT_KEY + "' entry; it was not made by occam run");
        }
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration((ObjectProvenance) p);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        for (ConfigurationData cd : config) {
            if (cd.getClassName().equals(Experiment.class.getName())) {
                return (Experiment) cm.lookup(cd.getName());
            }
        }
        throw new DataException("the recorded provenance holds no " + Experiment.class.getName());
    }
}
