package org.occam.experiments.data;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resolves the relative paths of config files (data files, split files). They are relative to the
 * system property {@value #PROPERTY} when it is set (the {@code occam} launcher sets it to the
 * repository root, so shipped configs run from any directory), otherwise to the working directory.
 */
public final class BaseDir {
    /** The system property naming the base directory. */
    public static final String PROPERTY = "occam.baseDir";

    private BaseDir() {}

    /**
     * @param path a path from a config file
     * @return the path itself if absolute, else resolved against the base directory
     */
    public static Path resolve(String path) {
        Path p = Paths.get(path);
        if (p.isAbsolute()) {
            return p;
        }
        String base = System.getProperty(PROPERTY);
        return base == null || base.isBlank() ? p : Paths.get(base).resolve(p);
    }
}
