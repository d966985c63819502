package org.occam.experiments;

import org.occam.core.train.StandardScaling;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.experiments.data.DataSplit;
import org.occam.experiments.data.ExperimentData;
import org.tribuo.Trainer;

/**
 * One experiment, as a config file declares it: the data, the split, whether features are
 * standardized (fitted on the training rows only, applied inside the saved model), the trainer
 * with its plugins, and which splits are evaluated. The component named {@code experiment} in a
 * config file is the one {@code occam run} executes.
 */
public final class Experiment implements Configurable, Provenancable<ConfiguredObjectProvenance> {
    /** The component name {@code occam run} looks up. */
    public static final String COMPONENT = "experiment";

    @Config(mandatory = true, description = "Experiment name; runs are recorded under runs/<name>/.")
    private String name;

    @Config(mandatory = true, description = "Where the examples come from.")
    private ExperimentData data;

    @Config(mandatory = true, description = "How rows are split into train / validation / test.")
    private DataSplit split;

    @Config(description = "Standardize features with the training rows' mean and standard deviation.")
    private boolean standardizeFeatures = true;

    @Config(description = "The standard deviation features are divided by: SAMPLE (n − 1, Tribuo's, default) or "
            + "POPULATION (n, scikit-learn's StandardScaler and Occam's target standardization).")
    private StandardScaling.Deviation featureDeviation = StandardScaling.Deviation.SAMPLE;

    @Config(mandatory = true, description = "The trainer, with its plugins.")
    private Trainer<?> trainer;

    @Config(description = "Evaluate on the training rows.")
    private boolean evaluateTrain = true;

    @Config(description = "Evaluate on the validation rows (when the split has any).")
    private boolean evaluateValidation = true;

    @Config(description = "Evaluate on the test rows (when the split has any).")
    private boolean evaluateTest = true;

    /** For OLCUT. */
    private Experiment() {}

    /**
     * @param name the name
     * @param data the data
     * @param split the split
     * @param standardizeFeatures standardize features
     * @param trainer the trainer
     */
    public Experiment(String name, ExperimentData data, DataSplit split, boolean standardizeFeatures, Trainer<?> trainer) {
        this.name = name;
        this.data = data;
        this.split = split;
        this.standardizeFeatures = standardizeFeatures;
        this.trainer = trainer;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.equals(".") || name.equals("..")) {
            // it names the directory runs/<name>/: '.' and '..' would not be a directory of its own
            throw new PropertyException("", "name", "expected a name of letters, digits, '.', '_' or '-' (not . or ..), found " + name);
        }
        if (featureDeviation == null) {
            throw new PropertyException("", "featureDeviation", "expected SAMPLE or POPULATION, found null");
        }
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the data */
    public ExperimentData data() {
        return data;
    }

    /** @return the split */
    public DataSplit split() {
        return split;
    }

    /** @return whether features are standardized */
    public boolean standardizeFeatures() {
        return standardizeFeatures;
    }

    /** @return the standard deviation features are divided by */
    public StandardScaling.Deviation featureDeviation() {
        return featureDeviation;
    }

    /** @return the trainer */
    public Trainer<?> trainer() {
        return trainer;
    }

    /** @return whether the training rows are evaluated */
    public boolean evaluateTrain() {
        return evaluateTrain;
    }

    /** @return whether the validation rows are evaluated */
    public boolean evaluateValidation() {
        return evaluateValidation;
    }

    /** @return whether the test rows are evaluated */
    public boolean evaluateTest() {
        return evaluateTest;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "Experiment");
    }

    @Override
    public String toString() {
        return "Experiment(name=" + name + ",data=" + data + ",split=" + split + ",standardizeFeatures="
                + standardizeFeatures + (featureDeviation == StandardScaling.Deviation.SAMPLE ? "" : ",featureDeviation=" + featureDeviation)
                + ",trainer=" + trainer + ")";
    }
}
