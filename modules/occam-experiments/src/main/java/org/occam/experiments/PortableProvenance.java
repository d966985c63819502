package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of a configured object's provenance that can be read back without the classes it
 * describes on the class path, for storing inside a model's provenance.
 * <p>
 * Reading a provenance back resolves only two kinds of names: the provenance classes themselves
 * (OLCUT's {@link ConfiguredObjectProvenanceImpl}, list and map provenances: always present) and
 * the enum class of every {@link EnumProvenance}, which is loaded to rebuild the constant. An
 * experiment's enums (e.g. {@code Task}) live in the experiments module, so a model file that
 * held them could not be loaded by a user with only the model modules. The copy therefore
 * replaces each enum constant by a {@link StringProvenance} of the same name and value; class
 * names stay plain strings. {@link com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil#extractConfiguration}
 * turns both into the same configuration property, so an experiment rebuilt from the copy is the
 * one rebuilt from the original.
 * <p>
 * Other provenance objects (Tribuo's trainer and data-source provenances) are kept as they are:
 * their enums belong to the trainer and its plugins, which the model's own trainer provenance
 * names anyway.
 */
public final class PortableProvenance {

    private PortableProvenance() {}

    /**
     * @param provenance a provenance tree
     * @return the same tree with every enum constant replaced by its name
     */
    public static Provenance of(Provenance provenance) {
        if (provenance instanceof EnumProvenance) {
            EnumProvenance<?> e = (EnumProvenance<?>) provenance;
            return new StringProvenance(e.getKey(), e.getValue().name());
        }
        if (provenance instanceof ConfiguredObjectProvenanceImpl) {
            Map<String, Provenance> map = new LinkedHashMap<>();
            for (Pair<String, Provenance> p : (ConfiguredObjectProvenanceImpl) provenance) {
                map.put(p.getA(), of(p.getB()));
            }
            return new ConfiguredObjectProvenanceImpl(map);
        }
        if (provenance instanceof ListProvenance) {
            List<Provenance> list = new ArrayList<>();
            for (Provenance p : ((ListProvenance<?>) provenance).getList()) {
                list.add(of(p));
            }
            return new ListProvenance<>(list);
        }
        if (provenance instanceof MapProvenance) {
            Map<String, Provenance> map = new LinkedHashMap<>();
            for (Map.Entry<String, ? extends Provenance> p : ((MapProvenance<?>) provenance).getMap().entrySet()) {
                map.put(p.getKey(), of(p.getValue()));
            }
            return new MapProvenance<>(map);
        }
        return provenance;
    }
}
