/**
 * Config-driven, provenance-audited experiments: an {@link org.occam.experiments.Experiment} is
 * declared in an OLCUT XML config, executed by {@link org.occam.experiments.ExperimentRunner},
 * recorded by {@link org.occam.experiments.record.RunRecorder} and indexed in the run store.
 */
package org.occam.experiments;
