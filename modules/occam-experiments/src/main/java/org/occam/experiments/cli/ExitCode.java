package org.occam.experiments.cli;

import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;
import org.occam.core.train.TrainingDivergedException;
import org.occam.experiments.data.DataException;
import org.occam.experiments.store.RunStoreException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The exit codes of every {@code occam} command ({@code run}, {@code sweep}, {@code reproduce},
 * {@code runs}, {@code predict}, {@code report}, {@code compare}), in one place; README's
 * "Exit codes" table lists the same values.
 * <pre>
 *   0  SUCCESS         the command did what it was asked
 *   1  NOT_REPRODUCED  reproduce: the retrained model or its metrics differ from the record
 *   2  BAD_INPUT       bad usage, config, data, model file, run store or file system: one line names what
 *   3  DIVERGED        training diverged (TrainingDivergedException): recorded as a DIVERGED run, no model
 *   4  INTERNAL_ERROR  a bug in Occam: one line, with the stack trace written to a file it names
 * </pre>
 * A sweep whose runs failed exits with the most severe code of its failed runs.
 */
public enum ExitCode {
    /** The command did what it was asked. */
    SUCCESS(0),
    /** {@code reproduce}: the retrained run differs from the record. */
    NOT_REPRODUCED(1),
    /** Bad usage or input (config, data, model file, run store, file system); the line says what. */
    BAD_INPUT(2),
    /** Training diverged ({@link TrainingDivergedException}); the run is recorded with status DIVERGED (no model). */
    DIVERGED(3),
    /** An unexpected error (a bug); the stack trace goes to a file the message names. */
    INTERNAL_ERROR(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the process exit status */
    public int code() {
        return code;
    }

    /**
     * The exit code for an error that ended a command: {@link #DIVERGED} if training diverged
     * anywhere in the cause chain, {@link #BAD_INPUT} for the exceptions that report bad input
     * (Occam's {@link DataException}, OLCUT's {@link PropertyException} and
     * {@link ConfigLoaderException}, {@link IllegalArgumentException}, I/O errors, run store
     * errors, unreadable provenance, command line errors), {@link #INTERNAL_ERROR} otherwise.
     * @param e the error
     * @return its exit code
     */
    public static ExitCode of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TrainingDivergedException) {
                return DIVERGED;
            }
        }
        if (e instanceof DataException || e instanceof PropertyException || e instanceof ConfigLoaderException
                || e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof RunStoreException || e instanceof ProvenanceSerializationException
                || e instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        return INTERNAL_ERROR;
    }

    /**
     * @param code a process exit status
     * @return the exit code with that status
     * @throws IllegalArgumentException if none has it
     */
    public static ExitCode ofCode(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("no exit code " + code);
    }
}
