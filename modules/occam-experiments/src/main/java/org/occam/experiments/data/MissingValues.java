package org.occam.experiments.data;

/**
 * What {@link CsvData} does with a missing cell: an empty cell, or one of the tokens listed in its
 * {@code missingTokens} property.
 */
public enum MissingValues {
    /** A missing cell is an error naming the file, line and column (the default). */
    ERROR,
    /** A row with a missing cell (feature or response) is left out; the number left out is logged and recorded. */
    DROP_ROWS,
    /**
     * A missing feature cell gets the feature's mean over the present values of the TRAINING rows
     * (x̄_j = Σ_{i ∈ train, x_ij present} x_ij / #{i ∈ train : x_ij present}); the means are stored in
     * the model's provenance (so {@code occam predict} applies them) and in {@code run.json}. A missing
     * response is still an error.
     */
    MEAN_IMPUTE
}
