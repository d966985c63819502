package org.occam.portable;

import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a user with only Tribuo and Occam's model modules does with a saved model: loads it through
 * Tribuo and predicts the rows of a CSV file (plain Java parsing, no Tribuo data module needed),
 * printing one line per row: {@code label name=score ...} for labels, {@code v1 v2 ...} for
 * regression outputs, with every double printed exactly.
 * <p>
 * Arguments: model file, CSV file, response column. Lives in a package of its own so that a child
 * JVM can be given this class without anything of the experiments module.
 */
public final class LoadAndPredictMain {
    private LoadAndPredictMain() {}

    /**
     * @param args model file, CSV file, response column
     * @throws Exception on any failure (the child exits non-zero)
     */
    public static void main(String[] args) throws Exception {
        Model<?> model = Model.deserializeFromFile(Path.of(args[0]));
        for (String line : predict(model, Path.of(args[1]), args[2])) {
            System.out.println(line);
        }
    }

    /**
     * @param model a model
     * @param csv a CSV file with a header
     * @param response the response column (skipped)
     * @return one line per row
     * @throws IOException if the file cannot be read
     */
    public static List<String> predict(Model<?> model, Path csv, String response) throws IOException {
        return predictTyped(model, csv, response);
    }

    private static <T extends Output<T>> List<String> predictTyped(Model<T> model, Path csv, String response) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int c = 0; c < header.length; c++) {
                if (!header[c].equals(response)) {
                    names.add(header[c]);
                    values.add(Double.parseDouble(cells[c]));
                }
            }
            ArrayExample<T> e = new ArrayExample<>(model.getOutputIDInfo().getDomain().iterator().next(),
                    names.toArray(new String[0]), values.stream().mapToDouble(Double::doubleValue).toArray());
            Prediction<T> p = model.predict(e);
            out.add(describe(p));
        }
        return out;
    }

    private static String describe(Prediction<?> p) {
        Output<?> o = p.getOutput();
        StringBuilder b = new StringBuilder();
        if (o instanceof Label) {
            b.append(((Label) o).getLabel());
            Map<String, Double> scores = new TreeMap<>();
            p.getOutputScores().forEach((k, v) -> scores.put(k, ((Label) v).getScore()));
            scores.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        } else if (o instanceof Regressor) {
            for (double v : ((Regressor) o).getValues()) {
                b.append(v).append(' ');
            }
        } else {
            b.append(o);
        }
        return b.toString().trim();
    }
}
