/**
 * The {@code occam} executable: wires the report module's commands into the experiments module's
 * command line and builds {@code target/occam.jar} with its {@code lib/}.
 */
package org.occam.cli;
