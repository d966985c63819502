package org.occam.experiments.data;

/** The kind of output an experiment predicts. */
public enum Task {
    /** Labels, evaluated with Tribuo's LabelEvaluator. */
    CLASSIFICATION,
    /** Real values, evaluated with Tribuo's RegressionEvaluator. */
    REGRESSION
}
