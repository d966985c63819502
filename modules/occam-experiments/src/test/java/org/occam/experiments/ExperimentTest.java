package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.occam.classification.MLPClassificationTrainer;
import org.occam.experiments.data.FractionSplit;
import org.occam.experiments.data.MoonsData;
import org.occam.experiments.data.Task;
import org.occam.experiments.data.TribuoDemoData;
import org.occam.regularizers.penalty.L2;
import org.occam.core.spi.LambdaConvention;
import org.tribuo.classification.example.NoisyInterlockingCrescentsDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Experiments as configured objects: every shipped config and hand-built experiments survive the
 * trip experiment → provenance → ProvenanceUtil.extractConfiguration → ConfigurationManager →
 * experiment with equal provenance, which is what {@code occam reproduce} relies on.
 */
class ExperimentTest {
    static List<Path> shippedConfigs() throws IOException {
        Path configs = org.occam.experiments.data.BaseDir.resolve("configs");
        try (Stream<Path> s = Files.list(configs)) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    /** Rebuilds an experiment from its provenance alone. */
    static Experiment rebuild(ConfiguredObjectProvenance provenance) {
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(provenance);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        for (ConfigurationData cd : config) {
            if (cd.getClassName().equals(Experiment.class.getName())) {
                return (Experiment) cm.lookup(cd.getName());
            }
        }
        throw new AssertionError("no experiment in " + config);
    }

    private static void assertRoundTrips(Experiment e) throws Exception {
        ConfiguredObjectProvenance prov = e.getProvenance();
        Experiment rebuilt = rebuild(prov);
        assertNotSame(e, rebuilt);
        assertEquals(prov, rebuilt.getProvenance(), "configuration recovered from provenance");
        assertEquals(e.toString(), rebuilt.toString());
        // and through the JSON form run.json stores
        JsonProvenanceSerialization json = new JsonProvenanceSerialization(true);
        assertEquals(prov, json.deserializeAndUnmarshal(json.marshalAndSerialize(prov)), "JSON provenance round trip");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedConfigs")
    void shippedConfigRoundTrips(Path config) throws Exception {
        Experiment e = (Experiment) new ConfigurationManager(config.toString()).lookup(Experiment.COMPONENT);
        assertRoundTrips(e);
    }

    @Test
    void generatedAndTribuoDemoDataRoundTrip() throws Exception {
        MLPClassificationTrainer trainer = MLPClassificationTrainer.builder().hiddenLayerSizes(3).epochs(1).seed(4)
                .penalties(new L2(0.2, LambdaConvention.SKLEARN)).build();
        assertRoundTrips(new Experiment("moons", new MoonsData(30, 0.1, 2), new FractionSplit(0.1, 0.2, 3), false, trainer));
        NoisyInterlockingCrescentsDataSource source = new NoisyInterlockingCrescentsDataSource(40, 5, 0.1);
        assertRoundTrips(new Experiment("crescents", new TribuoDemoData(source, Task.CLASSIFICATION, "crescents"),
                new FractionSplit(0, 0.25, 1), true, trainer));
    }

    @Test
    void rebuiltExperimentTrainsTheSameModel() throws Exception {
        Experiment e = new Experiment("same", new MoonsData(40, 0.2, 6), new FractionSplit(0, 0.25, 2), true,
                MLPClassificationTrainer.builder().hiddenLayerSizes(5).epochs(2).seed(8).build());
        RunResult a = ExperimentRunner.execute(e, null);
        RunResult b = ExperimentRunner.execute(rebuild(e.getProvenance()), null);
        assertEquals(ExperimentRunner.mlp(a.model()).parameterValues(), ExperimentRunner.mlp(b.model()).parameterValues());
        assertEquals(a.metrics(), b.metrics());
    }

    @Test
    void tribuoDemoDataLoadsItsSource() {
        TribuoDemoData d = new TribuoDemoData(new NoisyInterlockingCrescentsDataSource(40, 5, 0.1), Task.CLASSIFICATION, "crescents");
        var loaded = d.load();
        assertEquals(40, loaded.dataset().size());
        assertEquals("crescents", loaded.name());
        assertEquals(loaded.sha256(), new TribuoDemoData(new NoisyInterlockingCrescentsDataSource(40, 5, 0.1),
                Task.CLASSIFICATION, "crescents").load().sha256());
    }

    @Test
    void namesMustBeUsableAsDirectoryNames() {
        MLPClassificationTrainer t = MLPClassificationTrainer.builder().build();
        for (String bad : new String[]{"a b", "../up", "x/y", "", null, "..", "."}) {
            PropertyException ex = assertThrows(PropertyException.class,
                    () -> new Experiment(bad, new MoonsData(10, 0.1, 1), new FractionSplit(0, 0.2, 1), true, t), String.valueOf(bad));
            assertEquals("name", ex.getProperty());
        }
        assertEquals("ok-1.2_x", new Experiment("ok-1.2_x", new MoonsData(10, 0.1, 1), new FractionSplit(0, 0.2, 1), true, t).name());
    }
}
