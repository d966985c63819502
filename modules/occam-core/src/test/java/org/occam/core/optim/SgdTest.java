package org.occam.core.optim;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.occam.core.optim.OptimizerFixtures.parameter;
import static org.occam.core.optim.OptimizerFixtures.trajectory;
import static org.occam.core.testing.ConfigAssertions.assertConfigRoundTrip;
import static org.occam.core.testing.ConfigAssertions.assertPropertyException;
import static org.occam.core.testing.ConfigAssertions.assertProvenanceMarshalRoundTrip;

public class SgdTest {
    /** w₀ = 1, η = 0.1, μ = 0.9, gradients 0.5, −0.25, 1. */
    private static final double[] GRADIENTS = {0.5, -0.25, 1.0};

    @Test
    public void plain() {
        // w ← w − η·g: 1 − 0.05 = 0.95; 0.95 + 0.025 = 0.975; 0.975 − 0.1 = 0.875
        assertArrayEquals(new double[]{0.95, 0.975, 0.875}, trajectory(new Sgd(0.1), 1.0, GRADIENTS), 1e-15);
    }

    @Test
    public void momentum() {
        // v ← μv + g; w ← w − ηv
        // v₁ = 0.5           w₁ = 1 − 0.05 = 0.95
        // v₂ = 0.45 − 0.25 = 0.2    w₂ = 0.95 − 0.02 = 0.93
        // v₃ = 0.18 + 1 = 1.18      w₃ = 0.93 − 0.118 = 0.812
        assertArrayEquals(new double[]{0.95, 0.93, 0.812}, trajectory(new Sgd(0.1, 0.9, false), 1.0, GRADIENTS), 1e-15);
    }

    @Test
    public void nesterov() {
        // v ← μv + g; w ← w − η(g + μv)
        // v₁ = 0.5,  w₁ = 1 − 0.1·(0.5 + 0.45) = 0.905
        // v₂ = 0.2,  w₂ = 0.905 − 0.1·(−0.25 + 0.18) = 0.912
        // v₃ = 1.18, w₃ = 0.912 − 0.1·(1 + 1.062) = 0.7058
        assertArrayEquals(new double[]{0.905, 0.912, 0.7058}, trajectory(new Sgd(0.1, 0.9, true), 1.0, GRADIENTS), 1e-15);
    }

    @Test
    public void scheduleDrivesTheRate() {
        // StepSchedule(1, 0.5): η_epoch = 0.1·0.5^epoch; one step per epoch with g = 1
        Parameter p = parameter(1.0);
        Optimizer.OptimizerRun run = new Sgd(0.1, 0.0, false, new StepSchedule(1, 0.5)).start(List.of(p));
        double w = 1.0;
        for (int epoch = 0; epoch < 4; epoch++) {
            p.gradient().data()[0] = 1.0;
            double eta = run.step(new TrainingClock(epoch, epoch, 0, 1, 4));
            assertEquals(0.1 * Math.pow(0.5, epoch), eta, 1e-17);
            w -= 0.1 * Math.pow(0.5, epoch);
            assertEquals(w, p.value().get(0, 0), 1e-15);
        }
    }

    @Test
    public void runsAreIndependent() {
        Sgd sgd = new Sgd(0.1, 0.9, false);
        assertArrayEquals(trajectory(sgd, 1.0, GRADIENTS), trajectory(sgd, 1.0, GRADIENTS), 0.0);
    }

    @Test
    public void badConfigs() {
        for (double lr : new double[]{0, -0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertPropertyException("learningRate", () -> new Sgd(lr));
        }
        for (double mu : new double[]{-0.1, 1.0, 1.5, Double.NaN}) {
            assertPropertyException("momentum", () -> new Sgd(0.1, mu, false));
        }
        assertPropertyException("nesterov", () -> new Sgd(0.1, 0.0, true));
        assertPropertyException("schedule", () -> new Sgd(0.1, 0.0, false, null));
    }

    @Test
    public void configAndProvenanceRoundTrip() {
        assertConfigRoundTrip(new Sgd(0.1));
        assertConfigRoundTrip(new Sgd(0.05, 0.9, true));
        assertConfigRoundTrip(new Sgd(0.05, 0.5, false, new StepSchedule(3, 0.5)));
        Sgd nested = new Sgd(0.2, 0.9, false, new LinearWarmupSchedule(10, new CosineSchedule(0.001)));
        Sgd rebuilt = assertConfigRoundTrip(nested);
        assertArrayEquals(trajectory(nested, 1.0, GRADIENTS), trajectory(rebuilt, 1.0, GRADIENTS), 0.0);
        assertProvenanceMarshalRoundTrip(nested);
    }

    @Test
    public void xmlConfigFile(@TempDir Path dir) throws IOException {
        String xml = String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<config>",
                "  <component name=\"optimizer\" type=\"org.occam.core.optim.Sgd\">",
                "    <property name=\"learningRate\" value=\"0.25\"/>",
                "    <property name=\"momentum\" value=\"0.8\"/>",
                "    <property name=\"nesterov\" value=\"true\"/>",
                "    <property name=\"schedule\" value=\"warmup\"/>",
                "  </component>",
                "  <component name=\"warmup\" type=\"org.occam.core.optim.LinearWarmupSchedule\">",
                "    <property name=\"warmupSteps\" value=\"5\"/>",
                "    <property name=\"after\" value=\"step\"/>",
                "  </component>",
                "  <component name=\"step\" type=\"org.occam.core.optim.StepSchedule\">",
                "    <property name=\"stepEpochs\" value=\"4\"/>",
                "    <property name=\"gamma\" value=\"0.5\"/>",
                "  </component>",
                "  <component name=\"bad\" type=\"org.occam.core.optim.Sgd\">",
                "    <property name=\"learningRate\" value=\"0.1\"/>",
                "    <property name=\"momentum\" value=\"1.0\"/>",
                "  </component>",
                "</config>");
        Path file = dir.resolve("sgd.xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        try {
            Sgd loaded = (Sgd) cm.lookup("optimizer");
            Sgd expected = new Sgd(0.25, 0.8, true, new LinearWarmupSchedule(5, new StepSchedule(4, 0.5)));
            assertEquals(expected.toString(), loaded.toString());
            assertEquals(expected.getProvenance(), loaded.getProvenance());
            assertEquals(0.25, loaded.learningRate(), 0.0);
            assertInstanceOf(Sgd.class, assertConfigRoundTrip(loaded));
            // postConfig runs on configured objects too
            PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("bad"));
            assertEquals("momentum", rootProperty(e));
        } finally {
            cm.close();
        }
    }

    private static String rootProperty(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PropertyException && ((PropertyException) t).getProperty() != null
                    && !((PropertyException) t).getProperty().isEmpty()) {
                return ((PropertyException) t).getProperty();
            }
        }
        return null;
    }
}
