package org.occam.experiments.record;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Occam's version, git commit and whether the working tree had uncommitted changes, baked into {@code occam-build.properties} at build time.
 */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/occam-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // leave empty: reported as "unknown"
        }
        return p;
    }

    /** @return the project version, e.g. 0.1.0-SNAPSHOT */
    public static String version() {
        return value("version");
    }

    /** @return the git commit the build was made from, or "unknown" */
    public static String commit() {
        return value("commit");
    }

    /**
     * @return whether the working tree had uncommitted changes when the build was made (git-commit-id's
     *         {@code git.dirty}), or null when unknown (not built from a git checkout)
     */
    public static Boolean dirty() {
        return parseDirty(PROPS.getProperty("dirty", ""));
    }

    static Boolean parseDirty(String v) {
        return "true".equals(v) ? Boolean.TRUE : "false".equals(v) ? Boolean.FALSE : null;
    }

    private static String value(String key) {
        String v = PROPS.getProperty(key, "");
        return v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }
}
