package org.occam.experiments.data;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Occam's home: the one directory that relative paths in config files (data files, split files),
 * the default runs root {@code <home>/runs} and so the default run store {@code <home>/runs/occam.db}
 * are resolved against, wherever the command is started from. The home is, first found:
 * <ol>
 *   <li>the system property {@value #HOME_PROPERTY} (the command line's {@code --home DIR});</li>
 *   <li>the environment variable {@value #HOME_ENV};</li>
 *   <li>the system property {@value #PROPERTY}, which the {@code occam} launcher sets to its project
 *       directory (the repository), so shipped configs and the shared {@code runs/} work from anywhere;</li>
 *   <li>the working directory.</li>
 * </ol>
 * Paths typed on the command line ({@code CONFIG}, {@code --out}, {@code --store}) are ordinary
 * paths, relative to the working directory.
 */
public final class BaseDir {
    /** The system property naming the project directory (set by the launcher). */
    public static final String PROPERTY = "occam.baseDir";
    /** The system property naming the home explicitly (set by {@code --home}). */
    public static final String HOME_PROPERTY = "occam.home";
    /** The environment variable naming the home. */
    public static final String HOME_ENV = "OCCAM_HOME";
    /** The runs root's name inside the home. */
    public static final String RUNS = "runs";

    private BaseDir() {}

    /**
     * @return the home directory by the rule above (absolute)
     */
    public static Path home() {
        for (String candidate : new String[]{System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV), System.getProperty(PROPERTY)}) {
            if (candidate != null && !candidate.isBlank()) {
                return Paths.get(candidate).toAbsolutePath();
            }
        }
        return Paths.get("").toAbsolutePath();
    }

    /**
     * @return the default runs root, {@code <home>/runs}
     */
    public static Path runs() {
        return home().resolve(RUNS);
    }

    /**
     * @param path a path from a config file
     * @return the path itself if absolute, else resolved against the home
     */
    public static Path resolve(String path) {
        Path p = Paths.get(path);
        return p.isAbsolute() ? p : home().resolve(p);
    }
}
