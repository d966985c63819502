package org.occam.experiments.store;

/**
 * A run store operation failed in the database itself (it could not be opened, a lock was not
 * granted within the busy timeout, the disk is full, the schema is newer than this Occam, ...). The
 * message names the store's JDBC URL and the operation; the cause is the driver's exception. Bad
 * input (a duplicate run id, a bad where clause) is an {@link IllegalArgumentException} instead.
 */
public final class RunStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what failed, naming the store and the operation
     * @param cause the underlying driver exception, or null
     */
    public RunStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
