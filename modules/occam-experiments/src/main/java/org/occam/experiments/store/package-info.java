/**
 * The run store: every finished run as one typed row ({@link org.occam.experiments.store.RunSummary})
 * with its provenance JSON beside it, in an embedded SQLite file ({@code runs/occam.db}, WAL mode,
 * safe for concurrent processes) or any JDBC database
 * ({@link org.occam.experiments.store.RunStore}); the {@code --where} clause language of
 * {@code occam runs} ({@link org.occam.experiments.store.RunStore#query(java.util.List)}); and the
 * plain-text table it prints ({@link org.occam.experiments.store.RunTable}).
 */
package org.occam.experiments.store;
