/**
 * The {@code occam} command line (picocli): run, sweep, reproduce, runs, predict.
 */
package org.occam.experiments.cli;
