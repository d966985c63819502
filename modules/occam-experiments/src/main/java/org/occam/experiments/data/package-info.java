/**
 * Experiment data: CSV files through Tribuo's CSVLoader, a make_moons generator, Tribuo's demo
 * sources; train / validation / test splits.
 */
package org.occam.experiments.data;
