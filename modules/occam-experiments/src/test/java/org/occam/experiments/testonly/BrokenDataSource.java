package org.occam.experiments.testonly;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import java.util.Iterator;

/**
 * Test-only Tribuo data source with a bug: reading it dereferences null. It stands for an
 * unexpected failure inside Occam (exit code 4, one line, no stack trace on the console).
 */
public final class BrokenDataSource implements ConfigurableDataSource<Label> {
    @Config(description = "Unused.")
    private String note = "broken";

    @Override
    public OutputFactory<Label> getOutputFactory() {
        return new LabelFactory();
    }

    @Override
    public Iterator<Example<Label>> iterator() {
        String missing = note.isEmpty() ? "" : null;
        return missing.isEmpty() ? null : null;
    }

    @Override
    public org.tribuo.provenance.DataSourceProvenance getProvenance() {
        return new org.tribuo.provenance.SimpleDataSourceProvenance("broken", getOutputFactory());
    }
}
