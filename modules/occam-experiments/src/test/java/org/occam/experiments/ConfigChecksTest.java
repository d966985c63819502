package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.MapProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.data.DataException;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NaN and ±Infinity are refused in every floating-point property of every Configurable class of
 * every Occam module on the class path (found by scanning it, so a class added later is covered
 * without touching this test), naming the component and the property.
 */
class ConfigChecksTest {
    @TempDir
    Path tmp;

    /** Every concrete Configurable class under org.occam on the test class path. */
    static List<Class<?>> occamConfigurables() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Paths.get(entry);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.map(f -> p.relativize(f).toString().replace(File.separatorChar, '/')).forEach(n -> addClass(n, names));
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p) && p.getFileName().toString().startsWith("occam-")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    jar.stream().forEach(e -> addClass(e.getName(), names));
                }
            }
        }
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            Class<?> c;
            try {
                c = Class.forName(n, false, ConfigChecksTest.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (Configurable.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                out.add(c);
            }
        }
        return out;
    }

    private static void addClass(String path, Collection<String> names) {
        if (path.startsWith("org/occam/") && path.endsWith(".class") && !path.contains("$")) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }

    /** (class, field) for every floating-point @Config field, inherited ones included. */
    static List<Map.Entry<Class<?>, Field>> floatingFields() throws IOException {
        List<Map.Entry<Class<?>, Field>> out = new ArrayList<>();
        for (Class<?> c : occamConfigurables()) {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (f.isAnnotationPresent(com.oracle.labs.mlrg.olcut.config.Config.class) && ConfigChecks.floatingType(f) != null) {
                        out.add(Map.entry(c, f));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyFloatingPointPropertyOfEveryConfigurableRefusesNaNAndInfinity() throws IOException {
        List<Map.Entry<Class<?>, Field>> fields = floatingFields();
        List<String> seen = fields.stream().map(e -> e.getKey().getSimpleName() + "." + e.getValue().getName()).toList();
        // the scan reaches every module: core optimizers and schedules, the catalog, the trainers, experiments' data
        for (String known : List.of("ElasticNet.lambda", "ElasticNet.l1Ratio", "L2.lambda", "Sgd.learningRate", "Adam.beta1",
                "CosineSchedule.minRate", "Dropout.dropProbability", "MLPRegressionTrainer.huberDelta",
                "FractionSplit.validationFraction", "MoonsData.noise")) {
            assertTrue(seen.contains(known), () -> known + " not found among " + seen);
        }
        assertTrue(fields.size() >= 40, () -> "only " + fields.size() + " fields: " + seen);
        Path config = tmp.resolve("c.xml");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Class<?>, Field> e : fields) {
            for (String bad : List.of("NaN", "Infinity", "-Infinity", "1e999")) {
                ConfigurationManager cm = new ConfigurationManager();
                cm.addConfiguration(new ConfigurationData("comp", e.getKey().getName(), Map.of(e.getValue().getName(), property(e.getValue(), bad))));
                try {
                    ConfigChecks.checkFiniteNumbers(cm, config);
                    failures.add(e.getKey().getSimpleName() + "." + e.getValue().getName() + "=" + bad + " accepted");
                } catch (DataException x) {
                    String m = x.getMessage();
                    if (!(m.contains("c.xml") && m.contains("component 'comp'") && m.contains("property '" + e.getValue().getName() + "'")
                            && m.contains(bad) && m.contains("finite"))) {
                        failures.add("bad message: " + m);
                    }
                }
            }
            // a finite value passes
            ConfigurationManager ok = new ConfigurationManager();
            ok.addConfiguration(new ConfigurationData("comp", e.getKey().getName(), Map.of(e.getValue().getName(), property(e.getValue(), "0.5"))));
            ConfigChecks.checkFiniteNumbers(ok, config);
        }
        assertEquals(List.of(), failures);
    }

    private static Property property(Field f, String value) {
        Class<?> t = f.getType();
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return new ListProperty(List.of(new SimpleProperty("1"), new SimpleProperty(value)));
        }
        if (Map.class.isAssignableFrom(t)) {
            return new MapProperty(Map.of("a", new SimpleProperty(value)));
        }
        return new SimpleProperty(value);
    }

    private Path elasticNetConfig(String enetProperties) throws IOException {
        String text = Files.readString(Paths.get(System.getProperty(org.occam.experiments.data.BaseDir.PROPERTY, "../.."))
                .resolve("configs/moons-elasticnet.xml"));
        int at = text.indexOf("<component name=\"enet\"");
        int end = text.indexOf("</component>", at);
        String enet = "<component name=\"enet\" type=\"org.occam.regularizers.penalty.ElasticNet\">" + enetProperties;
        return Files.writeString(tmp.resolve("enet.xml"), text.substring(0, at) + enet + text.substring(end));
    }

    /** The ElasticNet of the issue: lambda=NaN trained with the default 0.01; now it is an error naming it. */
    @Test
    void elasticNetNaNLambdaIsAnErrorNotTheDefault() throws IOException {
        Path config = elasticNetConfig("<property name=\"lambda\" value=\"NaN\"/>");
        DataException e = assertThrows(DataException.class, () -> ExperimentConfig.load(config, List.of()));
        assertTrue(e.getMessage().contains("component 'enet' (ElasticNet), property 'lambda': expected a finite number, found 'NaN'"), e.getMessage());
        // and through --set, on a config that does not set lambda at all
        Path unset = elasticNetConfig("");
        DataException viaSet = assertThrows(DataException.class, () -> ExperimentConfig.load(unset, List.of("enet.l1Ratio=-Infinity")));
        assertTrue(viaSet.getMessage().contains("component 'enet' (ElasticNet), property 'l1Ratio'"), viaSet.getMessage());
        // unset still means the documented default (λ = 0.01, ρ = 0.5), explicitly
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(unset, List.of());
        org.occam.regularizers.penalty.ElasticNet enet = (org.occam.regularizers.penalty.ElasticNet) loaded.manager().lookup("enet");
        assertEquals(0.005, enet.l1Strength(), 1e-15);
        assertEquals(0.005, enet.l2Strength(), 1e-15);
    }
}
