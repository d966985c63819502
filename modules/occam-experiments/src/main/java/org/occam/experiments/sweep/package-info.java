/**
 * Sweeps: a grid of config overrides × seeds × cross-validation folds, each combination an
 * ordinary recorded run, executed on a thread pool, resumable after a kill, aggregated to
 * mean ± std per grid point, with the best setting chosen on validation data.
 */
package org.occam.experiments.sweep;
