package org.occam.regularizers.testing;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration and provenance checks every catalog plugin's test runs (STYLE rule 22): an
 * XML file written by hand, a provenance → configuration → file → object round trip, provenance
 * marshalling, the shipped example config, and bad settings failing with the property's name.
 */
public final class PluginChecks {
    private PluginChecks() {}

    /**
     * Writes a one-component config and looks the component up.
     * @param dir a temporary folder
     * @param type the component's class
     * @param properties the component's property elements, as XML
     * @return the configured object
     */
    public static Object fromXml(Path dir, Class<?> type, String properties) throws IOException {
        Path file = Files.createTempFile(dir, type.getSimpleName(), ".xml");
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "  <component name=\"plugin\" type=\"" + type.getName() + "\">\n    " + properties + "\n  </component>\n</config>\n");
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        try {
            return cm.lookup("plugin");
        } finally {
            cm.close();
        }
    }

    /**
     * Checks that an XML config gives an object with the same provenance as one built in code.
     * @param dir a temporary folder
     * @param expected the object built with a constructor
     * @param properties the same settings, as XML property elements
     */
    public static <T extends Configurable & Provenancable<ConfiguredObjectProvenance>> void assertXmlMatches(
            Path dir, T expected, String properties) throws IOException {
        Object loaded = fromXml(dir, expected.getClass(), properties);
        assertEquals(expected.getClass(), loaded.getClass());
        @SuppressWarnings("unchecked")
        T typed = (T) loaded;
        assertEquals(expected.getProvenance(), typed.getProvenance());
        assertEquals(expected.toString(), typed.toString());
    }

    /**
     * Provenance → configuration → saved file → object again, with equal provenance; and the
     * provenance survives marshalling.
     * @param dir a temporary folder
     * @param original the object
     */
    public static <T extends Configurable & Provenancable<ConfiguredObjectProvenance>> void assertRoundTrips(Path dir, T original)
            throws IOException {
        ConfiguredObjectProvenance provenance = original.getProvenance();
        ConfigurationManager out = new ConfigurationManager();
        out.addConfiguration(ProvenanceUtil.extractConfiguration(provenance));
        Path file = Files.createTempFile(dir, "roundtrip", ".xml");
        out.save(file.toFile(), true);
        out.close();
        ConfigurationManager in = new ConfigurationManager(file.toString());
        List<?> found = in.lookupAll(original.getClass());
        assertEquals(1, found.size(), "objects of " + original.getClass() + " in " + file);
        @SuppressWarnings("unchecked")
        T copy = (T) found.get(0);
        assertEquals(provenance, copy.getProvenance());
        assertEquals(original.toString(), copy.toString());
        in.close();
        assertEquals(provenance, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(provenance)));
    }

    /** @return the repository's root folder (set by the build as occam.baseDir, else found upwards) */
    public static Path projectRoot() {
        String base = System.getProperty("occam.baseDir");
        if (base != null && Files.isDirectory(Paths.get(base, "configs"))) {
            return Paths.get(base);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("configs")) && Files.isDirectory(p.resolve("modules"))) {
                return p;
            }
        }
        throw new IllegalStateException("no configs/ folder above " + Paths.get("").toAbsolutePath());
    }

    /**
     * Loads a shipped example config with OLCUT and looks up one component (the other components,
     * such as the experiment, are not instantiated).
     * @param fileName the file in {@code configs/}
     * @param component the plugin's component name
     * @param type the plugin class it must have
     * @return the plugin
     */
    public static <T> T exampleConfigComponent(String fileName, String component, Class<T> type) {
        Path file = projectRoot().resolve("configs").resolve(fileName);
        assertTrue(Files.isRegularFile(file), "missing example config " + file);
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        try {
            assertTrue(cm.getComponentNames().contains("experiment"), file + " has no experiment component");
            assertTrue(cm.getComponentNames().contains("trainer"), file + " has no trainer component");
            Object o = cm.lookup(component);
            assertNotNull(o);
            assertEquals(type, o.getClass());
            return type.cast(o);
        } finally {
            cm.close();
        }
    }

    /**
     * @param construction code that must fail validation
     * @return the property the {@link PropertyException} names
     */
    public static String failingProperty(Executable construction) {
        PropertyException e = assertThrows(PropertyException.class, construction);
        assertTrue(e.getMessage().contains("found") || e.getMessage().contains("expected"), e.getMessage());
        return e.getProperty();
    }
}
