package org.occam.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.occam.core.math.Matrix;
import org.occam.core.model.AbstractMLPModel;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.LoadedData;
import org.occam.experiments.data.Partition;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.tribuo.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run record as a report reads it: {@code run.json}, {@code history.csv}, the model, and the
 * rows it was trained and tested on. The rows come from memory when the report is written with the
 * run; otherwise the experiment is rebuilt from the recorded provenance and its data reloaded (a
 * changed data file is detected by its sha256 and reported instead of plotted).
 */
public final class RecordedRun {
    private final Path directory;
    private final Path finalDirectory;
    private final JsonNode record;
    private final HistoryTable history;
    private Model<?> model;
    private RunRows rows;
    private String rowsProblem;
    private boolean rowsLoaded;
    private java.util.concurrent.Future<RunReport.BoundaryFigure> boundaryAhead;

    private RecordedRun(Path directory, Path finalDirectory, JsonNode record, HistoryTable history, Model<?> model, RunRows rows) {
        this.directory = directory;
        this.finalDirectory = finalDirectory;
        this.record = record;
        this.history = history;
        this.model = model;
        this.rows = rows;
        this.rowsLoaded = rows != null;
    }

    /**
     * @param directory a run directory
     * @return the run (model and rows are read when first needed)
     * @throws org.occam.experiments.data.DataException for a failed or diverged run (no model, no metrics)
     */
    public static RecordedRun open(Path directory) {
        if (!RunRecords.isRecord(directory) && RunRecords.isFailedRecord(directory)) {
            throw RunRecords.notFinished(directory, "report on");
        }
        return new RecordedRun(directory, directory, RunRecords.read(directory), HistoryTable.read(directory.resolve(RunRecorder.HISTORY_CSV)), null, null);
    }

    /**
     * @param directory the run directory being written (the hidden staging directory)
     * @param finalDirectory where the record is moved when complete
     * @param result the run in memory
     * @return the run
     */
    public static RecordedRun of(Path directory, Path finalDirectory, RunResult result) {
        return new RecordedRun(directory, finalDirectory, RunRecords.read(directory), HistoryTable.read(directory.resolve(RunRecorder.HISTORY_CSV)),
                result.model(), RunRows.of(result.data(), result.partition()));
    }

    /**
     * Uses a decision boundary drawn ahead, for this run's model and rows, instead of drawing it
     * again (see {@link HtmlReportHook#modelTrained}).
     * @param ahead its result (null: none)
     * @return this
     */
    RecordedRun withBoundaryAhead(java.util.concurrent.Future<RunReport.BoundaryFigure> ahead) {
        this.boundaryAhead = ahead;
        return this;
    }

    /**
     * The decision boundary of this run's model on its rows, as drawn ahead when it was (then
     * what drawing it threw is thrown here, as if drawn here), else drawn now.
     * @param rows the rows ({@link #rows()})
     * @return the grid and its chart
     */
    RunReport.BoundaryFigure boundaryFigure(RunRows rows) {
        java.util.concurrent.Future<RunReport.BoundaryFigure> ahead;
        synchronized (this) {
            ahead = boundaryAhead;
        }
        RunReport.BoundaryFigure f = ahead == null ? null : HtmlReportHook.result(ahead);
        return f != null ? f : RunReport.boundaryFigure(model(), rows);
    }

    /** @return the run directory (while the run is being recorded, its hidden staging directory) */
    public Path directory() {
        return directory;
    }

    /** @return the run directory the record lives in once complete (the one to name to a user) */
    public Path finalDirectory() {
        return finalDirectory;
    }

    /** @return run.json */
    public JsonNode record() {
        return record;
    }

    /** @return the history */
    public HistoryTable history() {
        return history;
    }

    /** @return run.json's summary */
    public JsonNode summary() {
        return record.path("summary");
    }

    /** @return the run id */
    public String runId() {
        return summary().path("runId").asText();
    }

    /** @return true for classification */
    public boolean classification() {
        return "CLASSIFICATION".equals(summary().path("task").asText());
    }

    /**
     * @param split train, validation or test
     * @param metric a metric name
     * @return the value, or NaN
     */
    public double metric(String split, String metric) {
        return record.path("metrics").path(split).path(metric).asDouble(Double.NaN);
    }

    /** @return the first penalty's λ, 0 without penalties */
    public double lambda() {
        JsonNode l = summary().path("lambda");
        return l.isNumber() ? l.asDouble() : 0.0;
    }

    /** @return the penalty types, "none" without penalties */
    public String penaltyTypes() {
        List<String> t = new ArrayList<>();
        summary().path("penaltyTypes").forEach(n -> t.add(n.asText()));
        return t.isEmpty() ? "none" : String.join("+", t);
    }

    /** @return a short description: penalties with λ and convention, and the seed */
    public String label() {
        String p = penaltyTypes();
        String s = p.equals("none") ? "no penalty" : String.format(Locale.ROOT, "%s λ=%s %s", p, Html.number(lambda()),
                summary().path("convention").asText(""));
        return s + " seed " + summary().path("seed").asText();
    }

    /** @return the verdict */
    public Verdict verdict() {
        return Verdict.of(record, history);
    }

    /**
     * @return every setting the run ran with, {@code path → value} (see {@link RunSettings}); empty
     *         when the provenance cannot be read
     */
    public java.util.Map<String, String> settings() {
        try {
            return RunSettings.of(RunRecords.modelProvenance(directory));
        } catch (RuntimeException e) {
            return java.util.Map.of();
        }
    }

    /** @return the trained model */
    public synchronized Model<?> model() {
        if (model == null) {
            model = org.occam.experiments.ModelFiles.load(directory.resolve(RunRecorder.MODEL_FILE));
        }
        return model;
    }

    /** @return the weight matrices' summaries (empty for a model that is not an Occam MLP) */
    public List<WeightSummary> weights() {
        AbstractMLPModel<?> mlp = ExperimentRunner.mlp(model());
        if (mlp == null) {
            return List.of();
        }
        Map<String, Matrix> p = mlp.parameterValues();
        return WeightSummary.weights(p);
    }

    /**
     * @return the rows the run used, or null when they cannot be rebuilt (see {@link #rowsProblem()})
     */
    public synchronized RunRows rows() {
        if (!rowsLoaded) {
            rowsLoaded = true;
            try {
                Experiment e = RunRecords.rebuildExperiment(RunRecords.modelProvenance(directory));
                LoadedData data = e.data().load();
                String recorded = summary().path("datasetSha256").asText();
                if (!recorded.equals(data.sha256())) {
                    rowsProblem = "the data changed since the run (sha256 " + recorded + " recorded, " + data.sha256() + " now)";
                } else {
                    Partition partition = e.split().split(data.dataset().size());
                    if (!data.preparation().missingCells().isEmpty()) {
                        data = data.imputed(data.trainingMeans(partition.train()));
                    }
                    rows = RunRows.of(data, partition);
                }
            } catch (RuntimeException ex) {
                rowsProblem = "the run's data could not be reloaded: " + ExperimentConfig.describe(ex);
            }
        }
        return rows;
    }

    /** @return why {@link #rows()} is null, or null */
    public synchronized String rowsProblem() {
        rows();
        return rowsProblem;
    }
}
