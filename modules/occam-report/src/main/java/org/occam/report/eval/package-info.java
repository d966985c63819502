/**
 * Evaluation suites that measure published claims on Occam's own runs and write
 * {@code evaluation/RESULTS.md} (run by {@code evaluation/run.sh}).
 */
package org.occam.report.eval;
