package org.occam.report;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.MapProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentRunner;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every setting of a recorded run, flattened to {@code path → value}, read from the experiment
 * configuration in the model provenance (so defaults the config file left out are there too, and
 * {@code --set} overrides and sweep values are the values that ran). A path follows the
 * references from the experiment: {@code trainer.optimizer.learningRate},
 * {@code trainer.penalties[0].lambda}; a component's own entry ({@code trainer.optimizer}) is its
 * class's simple name. Generated component names never appear, so two runs compare path by path.
 */
public final class RunSettings {
    private RunSettings() {}

    /**
     * @param provenance a run's model provenance
     * @return path → value, in path order; empty when the provenance holds no Occam experiment
     */
    public static Map<String, String> of(ModelProvenance provenance) {
        Provenance p = provenance.getInstanceProvenance().getMap().get(ExperimentRunner.EXPERIMENT_KEY);
        if (!(p instanceof ObjectProvenance)) {
            return Map.of();
        }
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration((ObjectProvenance) p);
        Map<String, ConfigurationData> byName = new HashMap<>();
        config.forEach(cd -> byName.put(cd.getName(), cd));
        Map<String, String> out = new TreeMap<>();
        for (ConfigurationData cd : config) {
            if (cd.getClassName().equals(Experiment.class.getName())) {
                flatten(cd, "", byName, out, new HashSet<>());
            }
        }
        return out;
    }

    private static void flatten(ConfigurationData cd, String path, Map<String, ConfigurationData> byName,
                                Map<String, String> out, Set<String> visiting) {
        if (!visiting.add(cd.getName())) {
            return; // a reference cycle: each component once per path
        }
        String className = cd.getClassName();
        if (!path.isEmpty()) {
            out.put(path, className.substring(className.lastIndexOf('.') + 1));
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        for (Map.Entry<String, Property> e : cd.getProperties().entrySet()) {
            String key = prefix + e.getKey();
            Property v = e.getValue();
            if (v instanceof SimpleProperty s) {
                ConfigurationData ref = byName.get(s.getValue());
                if (ref != null) {
                    flatten(ref, key, byName, out, visiting);
                } else {
                    out.put(key, s.getValue());
                }
            } else if (v instanceof ListProperty l) {
                List<String> plain = new ArrayList<>();
                List<SimpleProperty> items = l.getSimpleList();
                for (int i = 0; i < items.size(); i++) {
                    ConfigurationData ref = byName.get(items.get(i).getValue());
                    if (ref != null) {
                        flatten(ref, key + "[" + i + "]", byName, out, visiting);
                    } else {
                        plain.add(items.get(i).getValue());
                    }
                }
                if (!plain.isEmpty() || items.isEmpty()) {
                    out.put(key, "[" + String.join(", ", plain) + "]");
                }
            } else if (v instanceof MapProperty m) {
                Map<String, String> plain = new TreeMap<>();
                m.getMap().forEach((k, s) -> plain.put(k, s.getValue()));
                out.put(key, plain.toString());
            }
        }
        visiting.remove(cd.getName());
    }

    /**
     * The settings whose values are not all the same.
     * @param settings one map per run
     * @return path → one value per run ("–" where a run has no such setting), in path order
     */
    public static Map<String, List<String>> differing(List<Map<String, String>> settings) {
        Set<String> keys = new TreeSet<>();
        settings.forEach(s -> keys.addAll(s.keySet()));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String k : keys) {
            List<String> values = new ArrayList<>();
            settings.forEach(s -> values.add(s.getOrDefault(k, "–")));
            if (new HashSet<>(values).size() > 1) {
                out.put(k, values);
            }
        }
        return out;
    }
}
