/**
 * The {@code occam} command line (picocli): run, reproduce, runs, predict.
 */
package org.occam.experiments.cli;
