/**
 * Evaluation-protocol tools that turn run records into the results tables under {@code evaluation/}.
 */
package org.occam.experiments.eval;
