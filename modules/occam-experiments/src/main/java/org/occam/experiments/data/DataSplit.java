package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;

/**
 * How an experiment's rows are split into train, validation and test.
 */
public interface DataSplit extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param rows the number of rows
     * @return the split
     * @throws DataException if the split does not fit the data (the message names the file or property)
     */
    Partition split(int rows);
}
