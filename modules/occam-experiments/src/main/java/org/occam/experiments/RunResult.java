package org.occam.experiments;

import org.occam.core.history.TrainingHistory;
import org.occam.experiments.data.LoadedData;
import org.occam.experiments.data.Partition;
import org.tribuo.Model;

import java.util.Map;

/**
 * What executing an experiment produced, before anything is written.
 * @param experiment the experiment
 * @param data the loaded data (name, checksum, task)
 * @param partition the split's row indices
 * @param model the trained model (standardization included when configured)
 * @param history the training history of the MLP inside
 * @param metrics split name (train, validation, test) → metrics
 * @param wallMillis wall time of training and evaluation
 */
public record RunResult(Experiment experiment, LoadedData data, Partition partition, Model<?> model,
                        TrainingHistory history, Map<String, Map<String, Object>> metrics, long wallMillis) {}
