/**
 * Experiment data: CSV files (parsed by {@link org.occam.experiments.data.CsvTable}), a make_moons generator, Tribuo's demo
 * sources; train / validation / test splits.
 */
package org.occam.experiments.data;
