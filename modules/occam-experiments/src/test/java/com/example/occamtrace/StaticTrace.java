package com.example.occamtrace;

/**
 * Test-only class outside every trusted package: initializing it leaves a trace (a system
 * property), so a test can prove that loading a crafted model file never initialized it.
 */
public final class StaticTrace {
    /** The system property set when this class is initialized. */
    public static final String PROPERTY = "occam.test.staticTrace";

    static {
        System.setProperty(PROPERTY, "initialized");
    }

    private StaticTrace() {}
}
