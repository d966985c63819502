package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.MutableDataset;

/**
 * Any configurable Tribuo data source — for example Tribuo's demo sources
 * {@code org.tribuo.classification.example.NoisyInterlockingCrescentsDataSource} or
 * {@code org.tribuo.regression.example.NonlinearGaussianDataSource} — used as experiment data.
 */
public final class TribuoDemoData implements ExperimentData {
    @Config(mandatory = true, description = "The Tribuo data source.")
    private ConfigurableDataSource<?> source;

    @Config(description = "CLASSIFICATION or REGRESSION (must match the source's outputs).")
    private Task task = Task.CLASSIFICATION;

    @Config(description = "Short name for summaries.")
    private String name = "tribuo-demo";

    /** For OLCUT. */
    private TribuoDemoData() {}

    /**
     * @param source the data source
     * @param task the task
     * @param name short name
     */
    public TribuoDemoData(ConfigurableDataSource<?> source, Task task, String name) {
        this.source = source;
        this.task = task;
        this.name = name;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (source == null) {
            throw new PropertyException("", "source", "expected a Tribuo ConfigurableDataSource, found null");
        }
        if (task == null) {
            throw new PropertyException("", "task", "expected CLASSIFICATION or REGRESSION, found null");
        }
    }

    @Override
    public LoadedData load() {
        MutableDataset<?> dataset = new MutableDataset<>(source);
        String description = source.getProvenance().toString();
        return new LoadedData(dataset, task, name, Hashing.sha256(description));
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ExperimentData");
    }

    @Override
    public String toString() {
        return "TribuoDemoData(source=" + source + ",task=" + task + ",name=" + name + ")";
    }
}
