package org.occam.experiments.data;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.io.ObjectMarshalledProvenance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** Config and provenance round trips for the data components (STYLE rule 22). */
final class DataConfigs {
    private DataConfigs() {}

    /**
     * Marshals the provenance and back, extracts a configuration from it, instantiates that with a
     * ConfigurationManager and checks the new object has equal provenance and the same toString.
     * @param object the configured object
     * @param <C> its type
     * @return the rebuilt object
     */
    @SuppressWarnings("unchecked")
    static <C extends Configurable & Provenancable<ConfiguredObjectProvenance>> C roundTrip(C object) {
        ConfiguredObjectProvenance prov = object.getProvenance();
        assertEquals(object.getClass().getName(), prov.getClassName());
        List<ObjectMarshalledProvenance> marshalled = ProvenanceUtil.marshalProvenance(prov);
        ObjectProvenance unmarshalled = ProvenanceUtil.unmarshalProvenance(marshalled);
        assertEquals(prov, unmarshalled, "provenance marshalling round trip");
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(prov);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        C rebuilt = (C) cm.lookup(config.get(0).getName());
        assertNotSame(object, rebuilt);
        assertEquals(prov, rebuilt.getProvenance(), "configuration recovered from provenance");
        assertEquals(object.toString(), rebuilt.toString());
        return rebuilt;
    }
}
