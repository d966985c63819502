package org.occam.experiments.data;

import org.tribuo.MutableDataset;

/**
 * Data an {@link ExperimentData} produced.
 * @param dataset every example, in file (or generation) order
 * @param task classification or regression
 * @param name a short name for summaries, e.g. the CSV file name without extension
 * @param sha256 sha256 of the data file, or of the generator's settings for generated data
 */
public record LoadedData(MutableDataset<?> dataset, Task task, String name, String sha256) {}
