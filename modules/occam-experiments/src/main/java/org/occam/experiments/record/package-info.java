/**
 * Run records: the run directory ({@code run.json}, {@code history.csv}, the model, the config)
 * written to a temporary name and moved into place only when complete.
 */
package org.occam.experiments.record;
