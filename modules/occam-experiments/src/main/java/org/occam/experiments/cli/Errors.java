package org.occam.experiments.cli;

/**
 * Turns an exception into the one line the command line prints: the innermost useful message,
 * with the component and property for configuration errors.
 */
final class Errors {
    private Errors() {}

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException
                || t.getMessage().startsWith(t.getCause().getClass().getName()))) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null ? t.getClass().getSimpleName() : msg;
    }
}
