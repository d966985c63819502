package org.occam.experiments.cli;

import org.occam.experiments.data.DataException;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.data.CsvData;
import org.occam.experiments.data.CsvTable;
import org.occam.experiments.record.RunRecorder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code occam predict MODEL CSV}: predictions for the rows of a CSV whose header names the
 * model's features, read by the same parser as the data ({@link CsvTable}). MODEL is a model file
 * or a run directory. A feature of the model missing from the CSV is an error naming it; columns
 * the model never saw are ignored and reported on one line; a label column, when present, is
 * checked against the labels the model knows. An empty cell is an error unless the model was
 * trained with {@code missingValues=MEAN_IMPUTE}, whose training means (in the model's
 * provenance) fill it. Numbers are printed in full precision ({@link Double#toString}, which
 * reads back to the same double); {@code --out} writes them to a file through an atomic rename.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print predictions (CSV) for the rows of a CSV file with the model's features.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (model.tribuo of a run) or a run directory.")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "CSV", description = "CSV file with a header line.")
    Path csv;

    @Option(names = "--label-column", paramLabel = "NAME", description = "Response column to skip and check (default: label for classification, target for regression).")
    String labelColumn;

    @Option(names = "--samples", paramLabel = "T", description = "Monte-Carlo prediction: T samples of the model's stochastic layers "
            + "(dropout family, variational layers); prints the predictive mean and variance. T ≥ 1; 0 (the default) means "
            + "ordinary, deterministic prediction.")
    int samples = 0;

    @Option(names = "--separator", paramLabel = "SEP", description = "Field separator of the CSV: , (default) ; | or tab.")
    String separator = ",";

    @Option(names = "--missing-token", paramLabel = "TEXT", description = "A cell text that means 'missing' like the empty cell "
            + "(repeatable, e.g. --missing-token NA); missing cells need a model trained with missingValues=MEAN_IMPUTE.")
    List<String> missingTokens = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the predictions to FILE (atomically) instead of standard output.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the Monte-Carlo sampling (default 1).")
    long seed = 1;

    @Override
    public Integer call() throws IOException {
        if (samples < 0) {
            throw new DataException("--samples " + samples + ": expected T ≥ 1 Monte-Carlo samples, or 0 (the default) for ordinary prediction");
        }
        if (CsvTable.separatorChar(separator) < 0) {
            throw new DataException("--separator '" + separator + "': expected one of , ; | tab");
        }
        if (out != null && Files.isDirectory(out)) {
            throw new DataException("--out " + out + ": is a directory, expected a file name");
        }
        if (out != null && (out.toAbsolutePath().getParent() == null || !Files.isDirectory(out.toAbsolutePath().getParent()))) {
            throw new DataException("--out " + out + ": its directory does not exist");
        }
        if (Files.isDirectory(modelFile)) {
            Path inRun = modelFile.resolve(RunRecorder.MODEL_FILE);
            if (!Files.isRegularFile(inRun)) {
                throw new DataException(modelFile + ": a directory without " + RunRecorder.MODEL_FILE + ", so not a run directory");
            }
            modelFile = inRun;
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new DataException(modelFile + ": no such model file");
        }
        if (!Files.isRegularFile(csv)) {
            throw new DataException(csv + ": no such CSV file");
        }
        return predict(loadModel(modelFile));
    }

    /**
     * Loads a model through Tribuo's protobuf path only, after checking every class it names
     * ({@link org.occam.experiments.ModelFiles}).
     * @param file a model file
     * @return the model
     * @throws DataException naming the file if it is missing or not a Tribuo model
     */
    static Model<?> loadModel(Path file) {
        return org.occam.experiments.ModelFiles.load(file);
    }

    private <T extends Output<T>> int predict(Model<T> model) throws IOException {
        boolean classification = model.validate(Label.class);
        String response = labelColumn != null ? labelColumn : (classification ? "label" : "target");
        CsvTable table = CsvTable.read(csv, (char) CsvTable.separatorChar(separator));
        List<String> header = table.columns();
        List<Integer> featureCols = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Set<String> present = new HashSet<>();
        int responseCol = -1;
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            if (h.equals(response)) {
                responseCol = c;
            } else if (model.getFeatureIDMap().get(h) != null) {
                featureCols.add(c);
                present.add(h);
            } else {
                unknown.add(h);
            }
        }
        if (featureCols.isEmpty()) {
            throw new DataException(csv + ": line 1: none of the columns " + header + " is a feature of the model");
        }
        List<String> absent = new ArrayList<>();
        model.getFeatureIDMap().forEach(f -> {
            if (!present.contains(f.getName())) {
                absent.add(f.getName());
            }
        });
        if (!absent.isEmpty()) {
            Collections.sort(absent);
            throw new DataException(csv + ": line 1: " + absent.size() + " feature(s) of the model have no column: " + absent
                    + (header.size() == 1 && separator.equals(",") ? " (is the file separated by ';' or tabs? option --separator)" : ""));
        }
        if (!unknown.isEmpty()) {
            System.err.println("occam predict: ignoring " + unknown.size() + " column(s) the model never saw: " + unknown);
        }
        Map<String, Double> means = imputationMeans(model);
        List<Example<T>> examples = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            String[] cells = row.cells();
            if (responseCol >= 0 && classification && !cells[responseCol].isEmpty()) {
                String label = CsvData.canonicalLabel(cells[responseCol]);
                if (model.getOutputIDInfo().getID(castLabel(model, label)) < 0) {
                    throw new DataException(csv + ": line " + row.line() + ": label '" + cells[responseCol]
                            + "' was never seen by the model (it knows " + model.getOutputIDInfo().getDomain() + ")");
                }
            }
            String[] names = new String[featureCols.size()];
            double[] values = new double[featureCols.size()];
            for (int i = 0; i < featureCols.size(); i++) {
                int c = featureCols.get(i);
                names[i] = header.get(c);
                String cell = cells[c];
                if (cell.isEmpty() || missingTokens.contains(cell)) {
                    if (means == null) {
                        throw new DataException(csv + ": line " + row.line() + ", column '" + names[i] + "': missing value ("
                                + (cell.isEmpty() ? "an empty cell" : "'" + cell + "'") + "); "
                                + "the model was not trained with missingValues=MEAN_IMPUTE, so it has no value to put there");
                    }
                    values[i] = means.get(names[i]);
                    continue;
                }
                try {
                    values[i] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new DataException(csv + ": line " + row.line() + ", column '" + names[i] + "': not a number: '" + cell + "'");
                }
                if (!Double.isFinite(values[i])) {
                    throw new DataException(csv + ": line " + row.line() + ", column '" + names[i] + "': " + cell + " is not a finite number");
                }
            }
            T unknownOutput = unknownOutput(model);
            examples.add(new ArrayExample<>(unknownOutput, names, values));
        }
        if (examples.isEmpty()) {
            throw new DataException(csv + ": no data rows after the header");
        }
        List<String> lines = samples > 0 ? distribution(model, examples, classification) : lines(model.predict(examples), classification);
        String text = String.join("\n", lines) + "\n";
        if (out == null) {
            System.out.print(text);
        } else {
            writeAtomically(out, text);
            System.err.println("occam predict: wrote " + examples.size() + " predictions to " + out);
        }
        return 0;
    }

    /** The training means a MEAN_IMPUTE model carries in its run provenance, or null. */
    private static Map<String, Double> imputationMeans(Model<?> model) {
        Provenance p = model.getProvenance().getInstanceProvenance().getMap().get(ExperimentRunner.IMPUTATION_KEY);
        if (!(p instanceof MapProvenance)) {
            return null;
        }
        Map<String, Double> means = new HashMap<>();
        for (Map.Entry<String, ? extends Provenance> e : ((MapProvenance<?>) p).getMap().entrySet()) {
            means.put(e.getKey(), ((DoubleProvenance) e.getValue()).getValue());
        }
        return means;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends Output<T>> List<String> distribution(Model<T> model, List<Example<T>> examples, boolean classification) {
        Model<T> inner = model;
        List<Example<T>> rows = examples;
        if (model instanceof org.tribuo.transform.TransformedModel) {
            org.tribuo.transform.TransformedModel<T> tm = (org.tribuo.transform.TransformedModel<T>) model;
            inner = tm.getInnerModel();
            List<String> names = new ArrayList<>();
            inner.getFeatureIDMap().forEach(f -> names.add(f.getName()));
            rows = new ArrayList<>();
            for (Example<T> e : examples) {
                rows.add(tm.getTransformerMap().transformExample(e, names));
            }
        }
        if (!(inner instanceof org.occam.core.model.AbstractMLPModel)) {
            throw new DataException(modelFile + ": --samples needs an Occam MLP model, found " + inner.getClass().getName());
        }
        org.occam.core.model.AbstractMLPModel<T> mlp = (org.occam.core.model.AbstractMLPModel<T>) inner;
        if (!mlp.isStochastic()) {
            throw new DataException(modelFile + ": --samples " + samples + " needs a model with a stochastic layer (dropout family, "
                    + "variational layers); this one has none, so every sample would be the same prediction (leave --samples at 0)");
        }
        org.occam.core.model.PredictiveDistribution d = mlp.predictiveDistribution(rows, samples, seed);
        List<String> names = new ArrayList<>();
        for (int id = 0; id < d.mean().cols(); id++) {
            T o = inner.getOutputIDInfo().getOutput(id);
            names.add(classification ? ((Label) o).getLabel() : ((Regressor) o).getNames()[0]);
        }
        List<String> lines = new ArrayList<>();
        lines.add("row," + String.join(",", names.stream().map(n -> "mean_" + n).toList()) + ","
                + String.join(",", names.stream().map(n -> "var_" + n).toList()));
        for (int r = 0; r < d.mean().rows(); r++) {
            StringBuilder sb = new StringBuilder().append(r);
            for (int j = 0; j < d.mean().cols(); j++) {
                sb.append(',').append(d.mean().get(r, j));
            }
            for (int j = 0; j < d.mean().cols(); j++) {
                sb.append(',').append(d.variance().get(r, j));
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Output<T>> T castLabel(Model<T> model, String label) {
        return (T) new Label(label);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Output<T>> T unknownOutput(Model<T> model) {
        return (T) (model.validate(Label.class) ? org.tribuo.classification.LabelFactory.UNKNOWN_LABEL
                : org.tribuo.regression.RegressionFactory.UNKNOWN_REGRESSOR);
    }

    private static <T extends Output<T>> List<String> lines(List<Prediction<T>> predictions, boolean classification) {
        List<String> lines = new ArrayList<>();
        if (classification) {
            Map<String, T> first = predictions.get(0).getOutputScores();
            lines.add("row,prediction," + String.join(",", first.keySet().stream().map(k -> "p_" + k).toList()));
            for (int i = 0; i < predictions.size(); i++) {
                Prediction<T> p = predictions.get(i);
                StringBuilder sb = new StringBuilder().append(i).append(',').append(((Label) p.getOutput()).getLabel());
                for (T s : p.getOutputScores().values()) {
                    sb.append(',').append(((Label) s).getScore());
                }
                lines.add(sb.toString());
            }
        } else {
            Regressor r0 = (Regressor) predictions.get(0).getOutput();
            lines.add("row," + String.join(",", r0.getNames()));
            for (int i = 0; i < predictions.size(); i++) {
                StringBuilder sb = new StringBuilder().append(i);
                for (double v : ((Regressor) predictions.get(i).getOutput()).getValues()) {
                    sb.append(',').append(v);
                }
                lines.add(sb.toString());
            }
        }
        return lines;
    }
}
