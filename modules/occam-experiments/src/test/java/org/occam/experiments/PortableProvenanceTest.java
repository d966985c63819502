package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.junit.jupiter.api.Test;
import org.occam.classification.MLPClassificationTrainer;
import org.occam.experiments.data.CsvData;
import org.occam.experiments.data.FractionSplit;
import org.occam.experiments.data.Task;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class PortableProvenanceTest {

    private static Experiment experiment() {
        return new Experiment("portable", new CsvData("datasets/moons_n1000.csv", "label", Task.CLASSIFICATION),
                new FractionSplit(0.2, 0.2, 3), true,
                MLPClassificationTrainer.builder().hiddenLayerSizes(4).epochs(1).seed(3).build());
    }

    @Test
    public void enumsBecomeStringsOfTheSameNameAndValue() {
        Provenance original = experiment().getProvenance();
        assertTrue(experimentEnums(original) > 0, "the experiment has an enum setting of this module (task)");
        Provenance copy = PortableProvenance.of(original);
        assertEquals(0, experimentEnums(copy));
        Provenance data = ((ConfiguredObjectProvenance) copy).getConfiguredParameters().get("data");
        assertEquals(new StringProvenance("task", "CLASSIFICATION"), ((ConfiguredObjectProvenance) data).getConfiguredParameters().get("task"));
    }

    @Test
    public void theCopyYieldsTheSameConfiguration() {
        Provenance original = experiment().getProvenance();
        List<ConfigurationData> a = ProvenanceUtil.extractConfiguration((ObjectProvenance) original);
        List<ConfigurationData> b = ProvenanceUtil.extractConfiguration((ObjectProvenance) PortableProvenance.of(original));
        assertEquals(new HashSet<>(a), new HashSet<>(b));
    }

    /** Enum constants whose class is in the experiments module, anywhere in the tree. */
    private static int experimentEnums(Provenance p) {
        int n = p instanceof EnumProvenance && ((EnumProvenance<?>) p).getEnumClass().startsWith("org.occam.experiments.") ? 1 : 0;
        if (p instanceof ObjectProvenance) {
            for (Pair<String, Provenance> e : (ObjectProvenance) p) {
                n += experimentEnums(e.getB());
            }
        } else if (p instanceof ListProvenance) {
            for (Provenance e : ((ListProvenance<?>) p).getList()) {
                n += experimentEnums(e);
            }
        } else if (p instanceof MapProvenance) {
            for (Provenance e : ((MapProvenance<?>) p).getMap().values()) {
                n += experimentEnums(e);
            }
        }
        return n;
    }
}
