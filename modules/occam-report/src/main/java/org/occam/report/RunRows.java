package org.occam.report;

import org.occam.classification.MLPClassificationModel;
import org.occam.core.math.Matrix;
import org.occam.experiments.data.LoadedData;
import org.occam.experiments.data.Partition;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a run's data as plain arrays, in data order: raw feature values (by the data's
 * feature names), the label or the first regression target, and the run's partition.
 * @param features feature names, in Tribuo's feature-id order
 * @param x row × feature raw values (absent sparse features are 0)
 * @param labels the labels (classification), else null
 * @param targets the first target dimension (regression), else null
 * @param examples the Tribuo examples, for prediction
 * @param partition the run's split
 */
public record RunRows(List<String> features, double[][] x, List<String> labels, double[] targets,
                      List<Example<?>> examples, Partition partition) {

    /**
     * @param data loaded data
     * @param partition the split
     * @return the rows
     */
    public static RunRows of(LoadedData data, Partition partition) {
        MutableDataset<?> ds = data.dataset();
        ImmutableFeatureMap map = ds.getFeatureIDMap();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < map.size(); i++) {
            names.add(map.get(i).getName());
        }
        int n = ds.size();
        double[][] x = new double[n][names.size()];
        boolean classification = ds.getOutputFactory() instanceof LabelFactory;
        List<String> labels = classification ? new ArrayList<>() : null;
        double[] targets = classification ? null : new double[n];
        List<Example<?>> examples = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Example<?> e = ds.getExample(r);
            examples.add(e);
            for (Feature f : e) {
                int id = map.getID(f.getName());
                if (id >= 0) {
                    x[r][id] = f.getValue();
                }
            }
            if (classification) {
                labels.add(((Label) e.getOutput()).getLabel());
            } else {
                targets[r] = ((Regressor) e.getOutput()).getValues()[0];
            }
        }
        return new RunRows(names, x, labels, targets, examples, partition);
    }

    /** @return true for classification rows */
    public boolean classification() {
        return labels != null;
    }

    /**
     * @param model a regression model
     * @param rows row indices
     * @return the first predicted dimension for each row
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public double[] regress(Model<?> model, int[] rows) {
        List<Example> sel = new ArrayList<>();
        for (int r : rows) {
            sel.add(examples.get(r));
        }
        List<Prediction> p = ((Model) model).predict(sel);
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Regressor) p.get(i).getOutput()).getValues()[0];
        }
        return out;
    }

    /**
     * Predicted labels of arbitrary points given by the values of the named features.
     * @param model a classification model
     * @param names feature names
     * @param points point × feature values
     * @return the predicted label of each point
     */
    public static List<String> classify(Model<?> model, List<String> names, double[][] points) {
        String[] direct = classifyDirectly(model, names, points);
        return direct != null ? Arrays.asList(direct) : classifyByExamples(model, names, points);
    }

    /** {@link #classify} through Tribuo's per-point examples and predictions (any classifier). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<String> classifyByExamples(Model<?> model, List<String> names, double[][] points) {
        String[] n = names.toArray(new String[0]);
        List<Example> ex = new ArrayList<>(points.length);
        for (double[] p : points) {
            ex.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, n, p.clone()));
        }
        List<Prediction> p = ((Model) model).predict(ex);
        List<String> out = new ArrayList<>(p.size());
        for (Prediction<?> q : p) {
            out.add(((Label) q.getOutput()).getLabel());
        }
        return out;
    }

    /**
     * The labels an Occam MLP classifier (alone, or inside Tribuo's TransformedModel, as a run with
     * standardized features trains it) predicts for the points, without Tribuo's per-point Example,
     * transformed copy and Prediction: each value goes through the feature's transformers as the
     * TransformedModel applies them, then {@link MLPClassificationModel#predictLabels} takes all
     * points in one forward pass (the per-point path forwarded each alone: ≈ 0.25 s for the
     * report's 14 400 grid points). Null for any other model, or when a named feature is not the model's.
     */
    static String[] classifyDirectly(Model<?> model, List<String> names, double[][] points) {
        TransformerMap transformers = null;
        Model<?> inner = model;
        if (model instanceof TransformedModel<?> t) {
            transformers = t.getTransformerMap();
            inner = t.getInnerModel();
        }
        if (!(inner instanceof MLPClassificationModel mlp)) {
            return null;
        }
        ImmutableFeatureMap map = mlp.getFeatureIDMap();
        if (map.size() != names.size()) {
            return null;
        }
        int[] column = new int[names.size()];
        List<List<Transformer>> chains = new ArrayList<>();
        for (int f = 0; f < names.size(); f++) {
            column[f] = map.getID(names.get(f));
            if (column[f] < 0) {
                return null;
            }
            chains.add(transformers == null ? null : transformers.get(names.get(f)));
        }
        Matrix x = new Matrix(points.length, map.size());
        for (int r = 0; r < points.length; r++) {
            for (int f = 0; f < column.length; f++) {
                double v = points[r][f];
                if (chains.get(f) != null) {
                    for (Transformer tr : chains.get(f)) {
                        v = tr.transform(v);
                    }
                }
                x.set(r, column[f], v);
            }
        }
        return mlp.predictLabels(x);
    }
}
