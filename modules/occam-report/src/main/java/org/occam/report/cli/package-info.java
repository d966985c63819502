/**
 * The report module's subcommands of the {@code occam} command line: {@code report} and
 * {@code compare} (wired into the command line by {@code occam-cli}).
 */
package org.occam.report.cli;
