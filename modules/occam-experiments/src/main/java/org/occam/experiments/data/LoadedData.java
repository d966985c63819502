package org.occam.experiments.data;

import org.tribuo.MutableDataset;

import java.util.List;
import java.util.Map;

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
