package org.occam.experiments.data;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.VariableInfo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Data an {@link ExperimentData} produced.
 * @param dataset every example, in file (or generation) order; under {@link MissingValues#MEAN_IMPUTE} an
 *                example simply lacks the features whose cells were missing, until {@code ExperimentRunner}
 *                fills them with the training means
 * @param task classification or regression
 * @param name a short name for summaries, e.g. the CSV file name without extension
 * @param sha256 sha256 of the data file, or of the generator's settings for generated data
 * @param preparation what loading changed: rows dropped, cells missing, label spellings merged
 */
public record LoadedData(MutableDataset<?> dataset, Task task, String name, String sha256, Preparation preparation) {

    /**
     * Data loaded as it is, with nothing dropped, missing or renamed.
     * @param dataset the examples
     * @param task the task
     * @param name the short name
     * @param sha256 the checksum
     */
    public LoadedData(MutableDataset<?> dataset, Task task, String name, String sha256) {
        this(dataset, task, name, sha256, Preparation.NONE);
    }

    /**
     * Every feature's mean over the given (training) rows where it is present:
     * x̄_j = Σ_{i ∈ train, x_ij present} x_ij / #{i ∈ train : x_ij present}.
     * @param train the training row indices
     * @return feature name → mean, for every feature
     * @throws DataException if a feature is missing on every training row
     */
    public Map<String, Double> trainingMeans(int[] train) {
        Map<String, double[]> sums = new TreeMap<>();
        for (VariableInfo f : dataset.getFeatureMap()) {
            sums.put(f.getName(), new double[2]);
        }
        for (int i : train) {
            for (Feature f : dataset.getExample(i)) {
                double[] s = sums.get(f.getName());
                s[0] += f.getValue();
                s[1]++;
            }
        }
        Map<String, Double> means = new TreeMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            if (e.getValue()[1] == 0) {
                throw new DataException(name + ": feature '" + e.getKey() + "' is missing on every one of the "
                        + train.length + " training rows, so it has no mean to impute (missingValues=MEAN_IMPUTE)");
            }
            means.put(e.getKey(), e.getValue()[0] / e.getValue()[1]);
        }
        return means;
    }

    /**
     * @param means feature name → value for its missing cells (from {@link #trainingMeans})
     * @return this data with every missing cell of {@link Preparation#missingCells()} filled, nothing missing any more
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public LoadedData imputed(Map<String, Double> means) {
        MutableDataset out = new MutableDataset(dataset.getProvenance(), dataset.getOutputFactory());
        for (int i = 0; i < dataset.size(); i++) {
            Example e = dataset.getExample(i);
            List<String> absent = preparation.missingCells().get(i);
            if (absent != null) {
                e = e.copy();
                for (String f : absent) {
                    e.add(new Feature(f, means.get(f)));
                }
            }
            out.add(e);
        }
        return new LoadedData(out, task, name, sha256, new Preparation(preparation.missingValues(), preparation.droppedLines(),
                Map.of(), preparation.labelSpellings()));
    }

    /**
     * What loading did beyond parsing.
     * @param missingValues the missing-value policy in force
     * @param droppedLines file lines of the rows left out under {@link MissingValues#DROP_ROWS}
     * @param missingCells dataset row index → features whose cells were missing (under {@link MissingValues#MEAN_IMPUTE})
     * @param labelSpellings a class label as written in the file → the class it was merged into (only spellings that differ)
     */
    public record Preparation(MissingValues missingValues, List<Integer> droppedLines, Map<Integer, List<String>> missingCells,
                              Map<String, String> labelSpellings) {
        /** Nothing done. */
        public static final Preparation NONE = new Preparation(MissingValues.ERROR, List.of(), Map.of(), Map.of());
    }
}
