package org.occam.regularizers;

import org.junit.jupiter.api.Test;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.StoppingRule;
import org.occam.core.spi.WeightPerturbation;
import org.occam.core.testing.ShippedDatasets;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docs stay in sync with the code: every concrete plugin class of the catalog (anything in
 * occam-regularizers implementing an SPI interface) has a row in README.md's catalog table and an
 * example config under configs/ or evaluation/.
 */
public class CatalogReadmeTest {
    private static final List<Class<?>> SPIS = List.of(BatchTransform.class, LayerPlugin.class, org.occam.core.spi.LossHook.class, Penalty.class,
            GradientTransform.class, Constraint.class, StoppingRule.class, WeightPerturbation.class,
            org.tribuo.math.StochasticGradientOptimiser.class);

    static List<Class<?>> pluginClasses() throws Exception {
        Path classes = Paths.get(CatalogReadmeTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().resolve("classes");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name);
                if (!Modifier.isAbstract(c.getModifiers()) && !c.isInterface() && Modifier.isPublic(c.getModifiers())
                        && SPIS.stream().anyMatch(spi -> spi.isAssignableFrom(c))) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @Test
    public void everyPluginHasAReadmeRowAndAnExampleConfig() throws Exception {
        Path root = ShippedDatasets.datasetsDir().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        StringBuilder configs = new StringBuilder();
        for (String dir : List.of("configs", "evaluation")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".xml")).toList()) {
                    configs.append(Files.readString(p));
                }
            }
        }
        List<Class<?>> plugins = pluginClasses();
        assertTrue(plugins.size() >= 10, "found only " + plugins);
        List<String> missing = new ArrayList<>();
        for (Class<?> c : plugins) {
            if (!readme.contains("`" + c.getName() + "`")) {
                missing.add(c.getName() + " (README row)");
            }
            if (!configs.toString().contains("\"" + c.getName() + "\"")) {
                missing.add(c.getName() + " (example config)");
            }
        }
        assertTrue(missing.isEmpty(), "catalog docs missing for " + missing);
    }
}
