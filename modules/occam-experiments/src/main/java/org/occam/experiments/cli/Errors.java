package org.occam.experiments.cli;

/**
 * Turns an exception into the one line the command line prints: the innermost useful message,
 * with the component and property for configuration errors.
 */
final class Errors {
    private Errors() {}

    /**
     * @param e an exception
     * @return its innermost useful message, on one line
     */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException
                || t.getMessage().startsWith(t.getCause().getClass().getName())
                || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : oneLine(msg);
    }

    /**
     * @param message a message, possibly of several lines (as parsers' messages are)
     * @return the message with every line break and the indentation after it turned into one space
     */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * @param e an exception
     * @param type a cause type
     * @return the first exception of that type in the cause chain, or null
     */
    static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
