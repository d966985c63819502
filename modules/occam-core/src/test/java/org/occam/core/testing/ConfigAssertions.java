package org.occam.core.testing;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.ObjectMarshalledProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;
import com.oracle.labs.mlrg.olcut.provenance.io.XMLProvenanceSerialization;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Config and provenance assertions for every OLCUT {@link Configurable} (STYLE rules 22 and 23),
 * in the manner of Tribuo's test {@code Helpers}.
 */
public final class ConfigAssertions {
    private ConfigAssertions() {}

    /**
     * Extracts the configuration recorded in the object's provenance
     * ({@link ProvenanceUtil#extractConfiguration}), loads it into a fresh {@link ConfigurationManager},
     * looks the object up and asserts that the rebuilt object has an equal provenance and the same
     * {@code toString()}. Also asserts the provenance survives marshalling
     * ({@link #assertProvenanceMarshalRoundTrip}).
     * @param object the configured object
     * @param <P> its provenance type
     * @param <C> its type
     * @return the rebuilt object
     */
    public static <P extends ConfiguredObjectProvenance, C extends Configurable & Provenancable<P>> C assertConfigRoundTrip(C object) {
        P provenance = object.getProvenance();
        assertEquals(object.getClass().getName(), provenance.getClassName());
        List<ConfigurationData> configs = ProvenanceUtil.extractConfiguration(provenance);
        ConfigurationManager cm = new ConfigurationManager();
        try {
            cm.addConfiguration(configs);
            @SuppressWarnings("unchecked")
            C rebuilt = (C) cm.lookup(configs.get(0).getName());
            assertNotSame(object, rebuilt);
            assertSame(object.getClass(), rebuilt.getClass());
            assertEquals(provenance, rebuilt.getProvenance());
            assertEquals(object.toString(), rebuilt.toString());
            assertProvenanceMarshalRoundTrip(object);
            return rebuilt;
        } finally {
            cm.close();
        }
    }

    /**
     * Marshals the object's provenance ({@link ProvenanceUtil#marshalProvenance}), unmarshals it and
     * asserts equality; then does the same through OLCUT's XML provenance serialization.
     * @param object a provenancable object
     */
    public static void assertProvenanceMarshalRoundTrip(Provenancable<? extends ObjectProvenance> object) {
        ObjectProvenance provenance = object.getProvenance();
        List<ObjectMarshalledProvenance> marshalled = ProvenanceUtil.marshalProvenance(provenance);
        assertEquals(provenance, ProvenanceUtil.unmarshalProvenance(marshalled));
        XMLProvenanceSerialization xml = new XMLProvenanceSerialization(false);
        String text = xml.serializeToString(marshalled);
        try {
            assertEquals(marshalled, xml.deserializeFromString(text));
            assertEquals(provenance, xml.deserializeAndUnmarshal(text));
        } catch (ProvenanceSerializationException e) {
            throw new AssertionError("could not read back the XML provenance:\n" + text, e);
        }
    }

    /**
     * Asserts that {@code construction} throws a {@link PropertyException} naming {@code property},
     * both as {@link PropertyException#getProperty()} and in the message.
     * @param property the invalid property's field name
     * @param construction builds the invalid object
     * @return the exception
     */
    public static PropertyException assertPropertyException(String property, Executable construction) {
        PropertyException e = assertThrows(PropertyException.class, construction);
        assertEquals(property, e.getProperty(), () -> "wrong property in: " + e.getMessage());
        assertTrue(e.getMessage().contains(property), () -> "message does not name " + property + ": " + e.getMessage());
        return e;
    }
}
