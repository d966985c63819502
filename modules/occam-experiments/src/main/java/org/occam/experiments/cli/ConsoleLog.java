package org.occam.experiments.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The command line's console: log records and the progress bar share one screen without mixing.
 * <p>
 * Quiet by default: loggers under {@code org.occam} (and the root logger) pass {@code WARNING} and
 * above, so a normal command writes nothing to stderr; with {@code --verbose} they pass {@code INFO}
 * (for example the GEMM backend line). Each record is one line {@code LEVEL logger: message}.
 * <p>
 * While a progress bar is drawn in place on a terminal ({@link #drawBar}), a log record first blanks
 * the bar, is written as a whole line on the bar's stream (the terminal, where stderr goes too), and
 * the bar is redrawn below it; without a bar records go to {@code System.err} as it is at that moment.
 */
final class ConsoleLog extends Handler {
    /** Held so that the configured level is not lost when the logger is garbage collected. */
    private static final Logger OCCAM = Logger.getLogger("org.occam");
    private static final Logger ROOT = Logger.getLogger("");

    private static PrintStream barStream;
    private static String barText = "";

    private ConsoleLog() {
        setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String message = formatMessage(r);
                if (r.getThrown() != null) {
                    message += ": " + Errors.describe(r.getThrown());
                }
                return r.getLevel().getName() + " " + r.getLoggerName() + ": " + message;
            }
        });
    }

    /**
     * Replaces the root logger's handlers by one console handler and sets the levels.
     * @param verbose INFO and above when true, WARNING and above otherwise
     */
    static synchronized void install(boolean verbose) {
        Level level = verbose ? Level.INFO : Level.WARNING;
        for (Handler h : ROOT.getHandlers()) {
            ROOT.removeHandler(h);
        }
        ConsoleLog handler = new ConsoleLog();
        handler.setLevel(Level.ALL);
        ROOT.addHandler(handler);
        ROOT.setLevel(level);
        OCCAM.setLevel(level);
    }

    /**
     * Draws (or redraws) the progress bar in place.
     * @param out the terminal stream
     * @param text the bar, without carriage return
     */
    static synchronized void drawBar(PrintStream out, String text) {
        barStream = out;
        out.print("\r" + text);
        if (text.length() < barText.length()) {
            out.print(" ".repeat(barText.length() - text.length()));
        }
        barText = text;
        out.flush();
    }

    /** Ends the bar's line; later output starts on a fresh line. */
    static synchronized void endBar() {
        if (barStream != null) {
            barStream.println();
            barStream.flush();
        }
        barStream = null;
        barText = "";
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line = getFormatter().format(record);
        synchronized (ConsoleLog.class) {
            if (barStream != null) {
                barStream.print("\r" + " ".repeat(barText.length()) + "\r");
                barStream.println(line);
                barStream.print(barText);
                barStream.flush();
            } else {
                System.err.println(line);
                System.err.flush();
            }
        }
    }

    @Override
    public void flush() {
        System.err.flush();
    }

    @Override
    public void close() {
        // System.err stays open
    }
}
