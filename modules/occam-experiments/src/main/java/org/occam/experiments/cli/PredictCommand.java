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

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code occam predict MODEL CSV}: predictions for the rows of a CSV whose header names the
 * model's features. Columns the model never saw are ignored and reported; a label column, when
 * present, is checked against the labels the model knows.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print predictions (CSV) for the rows of a CSV file with the model's features.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (model.tribuo of a run).")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "CSV", description = "CSV file with a header line.")
    Path csv;

    @Option(names = "--label-column", paramLabel = "NAME", description = "Response column to skip and check (default: label for classification, target for regression).")
    String labelColumn;

    @Option(names = "--samples", paramLabel = "T", description = "Monte-Carlo prediction: T samples of the model's stochastic layers "
            + "(dropout family, variational layers); prints the predictive mean and variance (default 0: ordinary, deterministic prediction).")
    int samples = 0;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the Monte-Carlo sampling (default 1).")
    long seed = 1;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(modelFile)) {
            throw new DataException(modelFile + ": no such model file");
        }
        if (!Files.isRegularFile(csv)) {
            throw new DataException(csv + ": no such CSV file");
        }
        return predict(loadModel(modelFile));
    }

    /**
     * Loads a model through Tribuo's protobuf path only.
     * @param file a model file
     * @return the model
     * @throws DataException naming the file if it is missing or not a Tribuo model
     */
    static Model<?> loadModel(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such model file");
        }
        try {
            return Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new DataException(file + ": not a Tribuo model file (" + Errors.describe(e) + ")", e);
        }
    }

    private <T extends Output<T>> int predict(Model<T> model) throws IOException {
        boolean classification = model.validate(Label.class);
        String response = labelColumn != null ? labelColumn : (classification ? "label" : "target");
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String headerLine = r.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new DataException(csv + ": line 1: empty file, expected a header line");
            }
            String[] header = headerLine.split(",", -1);
            List<Integer> featureCols = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            int responseCol = -1;
            for (int c = 0; c < header.length; c++) {
                String h = header[c].trim();
                if (h.equals(response)) {
                    responseCol = c;
                } else if (model.getFeatureIDMap().get(h) != null) {
                    featureCols.add(c);
                } else {
                    unknown.add(h);
                }
            }
            if (featureCols.isEmpty()) {
                throw new DataException(csv + ": line 1: none of the columns " + List.of(header) + " is a feature of the model");
            }
            if (!unknown.isEmpty()) {
                System.err.println("occam predict: ignoring " + unknown.size() + " column(s) the model never saw: " + unknown);
            }
            List<Example<T>> examples = new ArrayList<>();
            int line = 1;
            for (String row; (row = r.readLine()) != null; ) {
                line++;
                if (row.isBlank()) {
                    continue;
                }
                String[] cells = row.split(",", -1);
                if (cells.length != header.length) {
                    throw new DataException(csv + ": line " + line + ": " + cells.length + " cells, the header has " + header.length);
                }
                if (responseCol >= 0 && classification) {
                    String label = cells[responseCol].trim();
                    if (model.getOutputIDInfo().getID(castLabel(model, label)) < 0) {
                        throw new DataException(csv + ": line " + line + ": label '" + label
                                + "' was never seen by the model (it knows " + model.getOutputIDInfo().getDomain() + ")");
                    }
                }
                String[] names = new String[featureCols.size()];
                double[] values = new double[featureCols.size()];
                for (int i = 0; i < featureCols.size(); i++) {
                    int c = featureCols.get(i);
                    names[i] = header[c].trim();
                    try {
                        values[i] = Double.parseDouble(cells[c].trim());
                    } catch (NumberFormatException e) {
                        throw new DataException(csv + ": line " + line + ", column '" + names[i] + "': not a number: '" + cells[c] + "'");
                    }
                    if (!Double.isFinite(values[i])) {
                        throw new DataException(csv + ": line " + line + ", column '" + names[i] + "': " + cells[c].trim() + " is not a finite number");
                    }
                }
                T unknownOutput = unknownOutput(model);
                examples.add(new ArrayExample<>(unknownOutput, names, values));
            }
            if (examples.isEmpty()) {
                throw new DataException(csv + ": no data rows after the header");
            }
            if (samples > 0) {
                printDistribution(model, examples, classification);
            } else {
                print(model.predict(examples), classification);
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private <T extends Output<T>> void printDistribution(Model<T> model, List<Example<T>> examples, boolean classification) {
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
        org.occam.core.model.PredictiveDistribution d = ((org.occam.core.model.AbstractMLPModel<T>) inner).predictiveDistribution(rows, samples, seed);
        List<String> names = new ArrayList<>();
        for (int id = 0; id < d.mean().cols(); id++) {
            T o = inner.getOutputIDInfo().getOutput(id);
            names.add(classification ? ((Label) o).getLabel() : ((Regressor) o).getNames()[0]);
        }
        System.out.println("row," + String.join(",", names.stream().map(n -> "mean_" + n).toList()) + ","
                + String.join(",", names.stream().map(n -> "var_" + n).toList()));
        for (int r = 0; r < d.mean().rows(); r++) {
            StringBuilder sb = new StringBuilder().append(r);
            for (int j = 0; j < d.mean().cols(); j++) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", d.mean().get(r, j)));
            }
            for (int j = 0; j < d.mean().cols(); j++) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6g", d.variance().get(r, j)));
            }
            System.out.println(sb);
        }
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

    private static <T extends Output<T>> void print(List<Prediction<T>> predictions, boolean classification) {
        if (predictions.isEmpty()) {
            return;
        }
        if (classification) {
            Map<String, T> first = predictions.get(0).getOutputScores();
            System.out.println("row,prediction," + String.join(",", first.keySet().stream().map(k -> "p_" + k).toList()));
            for (int i = 0; i < predictions.size(); i++) {
                Prediction<T> p = predictions.get(i);
                StringBuilder sb = new StringBuilder().append(i).append(',').append(((Label) p.getOutput()).getLabel());
                for (T s : p.getOutputScores().values()) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.6f", ((Label) s).getScore()));
                }
                System.out.println(sb);
            }
        } else {
            Regressor r0 = (Regressor) predictions.get(0).getOutput();
            System.out.println("row," + String.join(",", r0.getNames()));
            for (int i = 0; i < predictions.size(); i++) {
                StringBuilder sb = new StringBuilder().append(i);
                for (double v : ((Regressor) predictions.get(i).getOutput()).getValues()) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
                }
                System.out.println(sb);
            }
        }
    }
}
