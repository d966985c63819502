package org.occam.experiments.cli;

import org.occam.experiments.ExperimentConfig;

/**
 * Turns an exception into the one line the command line prints: the innermost useful message,
 * with the component and property for configuration errors.
 */
final class Errors {
    private Errors() {}

    static String describe(Throwable e) {
        return ExperimentConfig.describe(e);
    }

    /**
     * @param message a message of possibly several lines
     * @return it on one line
     */
    static String oneLine(String message) {
        return ExperimentConfig.oneLine(message);
    }
}
