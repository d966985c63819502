package org.occam.experiments.cli;

import org.occam.experiments.ExperimentConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns an exception into the one line the command line prints: the innermost useful message,
 * with the component and property for configuration errors.
 */
final class Errors {
    private static final Logger logger = Logger.getLogger(Errors.class.getName());

    private Errors() {}

    static String describe(Throwable e) {
        return ExperimentConfig.describe(e);
    }

    /**
     * The line for an internal error: its type and message, and the file its stack trace was
     * written to (in the temporary directory), so the console never shows a trace.
     * @param e the error
     * @return the line (without the command prefix)
     */
    static String internal(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String where;
        try {
            Path file = Files.createTempFile("occam-error-", ".txt");
            Files.writeString(file, trace.toString(), StandardCharsets.UTF_8);
            where = "stack trace in " + file;
        } catch (IOException | RuntimeException io) {
            logger.log(Level.FINE, "internal error", e);
            where = "stack trace not saved: " + io.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + describe(e) + " (a bug in Occam; " + where + ")";
    }

    /**
     * @param message a message of possibly several lines
     * @return it on one line
     */
    static String oneLine(String message) {
        return ExperimentConfig.oneLine(message);
    }
}
