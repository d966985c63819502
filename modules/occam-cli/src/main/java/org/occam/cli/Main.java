package org.occam.cli;

import org.occam.experiments.cli.OccamCommand;
import org.occam.report.cli.CompareCommand;
import org.occam.report.cli.TuneCommand;
import org.occam.report.cli.ReportCommand;

import java.util.List;

/**
 * The {@code occam} executable: the experiments module's command line ({@code run}, {@code sweep},
 * {@code reproduce}, {@code runs}, {@code predict}) with the report module's {@code report},
 * {@code compare} and {@code tune}. With the report module on the class path, {@code run} and {@code sweep} also
 * write their reports (through its {@code ReportHook}). This module exists so that neither of the
 * two depends on the other's command line: experiments ← report ← cli.
 */
public final class Main {
    private Main() {}

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line without exiting (for tests).
     * @param args the command line
     * @return the exit code
     */
    public static int execute(String... args) {
        return OccamCommand.execute(List.of(new ReportCommand(), new CompareCommand(), new TuneCommand()), args);
    }
}
