package org.occam.experiments.cli;

/** Test access to the command-line test support from other packages. */
public final class OccamCommandAccess {
    private OccamCommandAccess() {}

    /** Sets {@code occam.baseDir} to the repository root if it is not set. */
    public static void ensureBaseDir() {
        Cli.repoRoot();
    }
}
