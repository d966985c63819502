package org.occam.experiments.data;

/**
 * Bad input data: the message names the file, the line and the column or property at fault. The
 * message is always one line: line breaks inside quoted text (a cell or column name read from a
 * file) are shown as {@code \n} and {@code \r}.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public DataException(String message) {
        super(oneLine(message));
    }

    /**
     * @param message what is wrong and where
     * @param cause the underlying error
     */
    public DataException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        return message == null ? null : message.replace("\r", "\\r").replace("\n", "\\n");
    }
}
