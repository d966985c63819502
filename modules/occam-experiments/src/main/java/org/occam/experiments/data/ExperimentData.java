package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;

/**
 * Where an experiment's examples come from: a CSV file, a generator, or one of Tribuo's demo
 * data sources. Immutable configured object; {@link #load()} reads or generates the data.
 */
public interface ExperimentData extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @return the examples with their task, name and checksum
     * @throws DataException if the data cannot be read; the message names the file and line
     */
    LoadedData load();
}
