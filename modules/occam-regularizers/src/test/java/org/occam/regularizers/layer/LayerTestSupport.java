package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.function.Executable;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LayerSlot;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the layer plugin tests share: slots, synthetic data, a finite-difference gradient check, a
 * tiny end-to-end training run, and configuration / provenance round trips.
 */
final class LayerTestSupport {
    /** Central-difference step. */
    static final double H = 1e-5;
    /** Gradients below this size are compared absolutely (the "absolute floor" of the relative error). */
    static final double ERROR_FLOOR = 1e-3;
    /** The gradient check's pass mark. */
    static final double MAX_GRADIENT_ERROR = 1e-6;

    private static final Logger logger = Logger.getLogger(LayerTestSupport.class.getName());

    private LayerTestSupport() {}

    // ---------------------------------------------------------------- layers and data

    /**
     * @param width the slot's width
     * @param position before or after the activation
     * @return the slot of {@code hidden1} in a two-hidden-layer network
     */
    static LayerSlot slot(int width, LayerSlot.Position position) {
        return new LayerSlot("hidden1", 1, 2, width, position);
    }

    /**
     * Asks a plugin for its layer at {@code hidden1}'s slot of the plugin's own position.
     * @param plugin the plugin
     * @param width the width
     * @param seed the seed of the generator handed to the plugin
     * @return the layer
     */
    static Layer create(AbstractLayerPlugin plugin, int width, long seed) {
        return plugin.createLayer(slot(width, plugin.position()), "hidden1.test", new SplittableRandom(seed)).orElseThrow();
    }

    /**
     * @param rows rows
     * @param cols columns
     * @param seed seed
     * @return a matrix of independent N(0, 1) values
     */
    static Matrix gaussian(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = new Matrix(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return m;
    }

    /**
     * @param rows rows
     * @param cols columns
     * @param seed seed
     * @return a matrix of values uniform in [1, 2) (never zero, so a dropped value is recognizable)
     */
    static Matrix positive(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = new Matrix(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 1.0 + rng.nextDouble();
        }
        return m;
    }

    /** @return Σ a⊙b */
    static double dot(Matrix a, Matrix b) {
        a.requireSameShape(b);
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.data()[i] * b.data()[i];
        }
        return s;
    }

    /** Sets a parameter's values from a seed (so γ ≠ 1 and β ≠ 0 in checks). */
    static void randomize(Parameter p, long seed, double center) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = p.value().data();
        for (int i = 0; i < v.length; i++) {
            v[i] = center + 0.5 * rng.nextGaussian();
        }
    }

    // ---------------------------------------------------------------- gradient check

    /** @return |a − n| relative to the larger magnitude, with an absolute floor */
    static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(ERROR_FLOOR, Math.max(Math.abs(analytic), Math.abs(numeric)));
    }

    /**
     * Checks backward against central differences of {@code f(x, θ) = Σ C⊙layer(x)} (so ∂f/∂y = C)
     * in TRAIN mode, for every input value and, unless {@code freshPerEvaluation}, every parameter value.
     * @param layers makes the layer; called once per evaluation if {@code freshPerEvaluation}, so a
     *     stochastic layer re-created from the same seed draws the same noise every time
     * @param freshPerEvaluation re-create the layer for every evaluation (parameter-free layers only)
     * @param x the input
     * @param weights C, the upstream gradient
     * @return the largest relative error
     */
    static double maxGradientError(Supplier<Layer> layers, boolean freshPerEvaluation, Matrix x, Matrix weights) {
        Layer layer = layers.get();
        if (freshPerEvaluation && !layer.parameters().isEmpty()) {
            throw new IllegalArgumentException("fresh layers per evaluation would lose parameter perturbations");
        }
        for (Parameter p : layer.parameters()) {
            p.gradient().zeroInPlace();
        }
        layer.forward(x, Mode.TRAIN);
        Matrix dx = layer.backward(weights, true).copy();
        List<Matrix> paramGrads = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            paramGrads.add(p.gradient().copy());
        }
        java.util.function.ToDoubleFunction<Matrix> f =
                in -> dot((freshPerEvaluation ? layers.get() : layer).forward(in, Mode.TRAIN), weights);
        double worst = 0;
        for (int i = 0; i < x.size(); i++) {
            Matrix plus = x.copy();
            Matrix minus = x.copy();
            plus.data()[i] += H;
            minus.data()[i] -= H;
            double numeric = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * H);
            worst = Math.max(worst, relativeError(dx.data()[i], numeric));
        }
        for (int k = 0; k < layer.parameters().size(); k++) {
            double[] v = layer.parameters().get(k).value().data();
            for (int i = 0; i < v.length; i++) {
                double original = v[i];
                v[i] = original + H;
                double up = f.applyAsDouble(x);
                v[i] = original - H;
                double down = f.applyAsDouble(x);
                v[i] = original;
                worst = Math.max(worst, relativeError(paramGrads.get(k).data()[i], (up - down) / (2 * H)));
            }
        }
        int parameterValues = layer.parameters().stream().mapToInt(p -> p.value().size()).sum();
        double result = worst;
        logger.info(() -> String.format("gradient check of %s: max relative error %.3g over %d input and %d parameter values",
                layer.getClass().getSimpleName(), result, x.size(), parameterValues));
        return worst;
    }

    // ---------------------------------------------------------------- a tiny training run

    /** A trained tiny network with what the run reported. */
    record Trained(Network network, TrainingHistory history, double inferLossBefore, double inferLossAfter, Matrix x, Matrix y) {}

    /** XOR-like two-class data in the square [−1, 1]², one-hot targets. */
    static Matrix[] xorData(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = new Matrix(n, 2);
        Matrix y = new Matrix(n, 2);
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            x.set(i, 0, a);
            x.set(i, 1, b);
            y.set(i, a * b > 0 ? 0 : 1, 1.0);
        }
        return new Matrix[]{x, y};
    }

    static double inferLoss(Network network, Matrix x, Matrix y) {
        return new SoftmaxCrossEntropy().lossAndGradient(network.forward(x, Mode.INFER), y, null);
    }

    /**
     * Builds 2→16→16→2 with the plugin through {@link MlpBuilder} and trains it with
     * {@link TrainingLoop} on XOR-like data: SGD η = 0.05, momentum 0.9, batches of 16.
     */
    static Trained trainTiny(LayerPlugin plugin, Activation activation, Initializer initializer, int epochs, long seed) {
        Matrix[] data = xorData(128, 3);
        SplittableRandom rng = new SplittableRandom(seed);
        Network network = MlpBuilder.build(2, new int[]{16, 16}, activation, 2, initializer, List.of(plugin), rng.split());
        double before = inferLoss(network, data[0], data[1]);
        TrainingPlan plan = new TrainingPlan(epochs, 16, true, false, new Sgd(0.05, 0.9, false),
                List.of(), List.of(), List.of(), List.of(), List.of());
        TrainingHistory history = new TrainingLoop(network, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(),
                data[0], data[1], null, null, rng.split()).run();
        return new Trained(network, history, before, inferLoss(network, data[0], data[1]), data[0], data[1]);
    }

    /**
     * The integration contract every plugin must meet: the layer sits where configured, training
     * lowers the loss, INFER is deterministic, and a protobuf round trip of the network gives
     * bit-identical INFER outputs.
     * @param trained a {@link #trainTiny} result
     * @param layerClass the runtime layer class expected after each hidden layer
     * @param afterLayerSuffix the name suffix of the layer it must follow ({@code ""} = the dense
     *     layer itself, {@code ".relu"} = its activation, ...)
     */
    static void assertIntegrates(Trained trained, Class<? extends Layer> layerClass, String afterLayerSuffix) {
        List<Layer> layers = trained.network().layers();
        int found = 0;
        for (int i = 0; i < layers.size(); i++) {
            if (layerClass.isInstance(layers.get(i))) {
                found++;
                assertEquals("hidden" + found + afterLayerSuffix, layers.get(i - 1).name(), "layer before " + layers.get(i).name());
            }
        }
        assertEquals(2, found, "one " + layerClass.getSimpleName() + " per hidden layer in " + layers);

        TrainingHistory h = trained.history();
        logger.info(() -> String.format("%s in 2→16→16→2 on XOR data: INFER loss %.4f → %.4f, TRAIN data loss epoch 1 %.4f → epoch %d %.4f",
                layerClass.getSimpleName(), trained.inferLossBefore(), trained.inferLossAfter(), h.epochs().get(0).dataLoss(),
                h.epochsRun(), h.last().dataLoss()));
        assertTrue(trained.inferLossAfter() < 0.8 * trained.inferLossBefore(),
                "INFER loss " + trained.inferLossBefore() + " → " + trained.inferLossAfter());
        assertTrue(h.last().dataLoss() < h.epochs().get(0).dataLoss(),
                "TRAIN data loss " + h.epochs().get(0).dataLoss() + " → " + h.last().dataLoss());

        Matrix first = trained.network().forward(trained.x(), Mode.INFER);
        Matrix second = trained.network().forward(trained.x(), Mode.INFER);
        assertArrayEquals(first.data(), second.data(), 0.0, "INFER is deterministic");

        Network restored = Network.fromProto(trained.network().toProto());
        assertEquals(trained.network().toProto(), restored.toProto());
        assertArrayEquals(first.data(), restored.forward(trained.x(), Mode.INFER).data(), 0.0, "INFER after a protobuf round trip");
    }

    /** @return every parameter value of a network, concatenated */
    static double[] allParameters(Network network) {
        List<Double> out = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            for (double v : p.value().data()) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---------------------------------------------------------------- configuration and provenance

    /**
     * @param e code that must fail in {@code postConfig}
     * @return the property the failure names
     */
    static String failingProperty(Executable e) {
        return assertThrows(PropertyException.class, e).getProperty();
    }

    /**
     * Round trips a plugin through configuration: (1) the given XML properties, loaded by OLCUT's
     * {@link ConfigurationManager}, give a plugin with the same provenance and description;
     * (2) the provenance marshals and unmarshals to itself; (3) the configuration extracted from
     * the provenance, saved as XML and loaded again, gives a plugin with the same provenance.
     * @param expected the plugin built in code
     * @param properties the component's XML properties
     * @param dir a temporary folder
     */
    static void assertConfigurationRoundTrip(AbstractLayerPlugin expected, String properties, Path dir) throws IOException {
        Path file = dir.resolve("plugin.xml");
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n  <component name=\"plugin\" type=\""
                + expected.getClass().getName() + "\">\n    " + properties + "\n  </component>\n</config>\n");
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        Object loaded = cm.lookup("plugin");
        cm.close();
        assertEquals(expected.getClass(), loaded.getClass());
        ConfiguredObjectProvenance provenance = expected.getProvenance();
        assertEquals(provenance, ((AbstractLayerPlugin) loaded).getProvenance());
        assertEquals(expected.toString(), loaded.toString());

        assertEquals(provenance, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(provenance)));

        ConfigurationManager out = new ConfigurationManager();
        out.addConfiguration(ProvenanceUtil.extractConfiguration(provenance));
        File saved = dir.resolve("extracted.xml").toFile();
        out.save(saved, true);
        ConfigurationManager in = new ConfigurationManager(saved.toString());
        List<? extends AbstractLayerPlugin> again = in.lookupAll(expected.getClass());
        assertEquals(1, again.size());
        assertEquals(provenance, again.get(0).getProvenance());
    }

    /**
     * Loads a shipped example config with OLCUT and instantiates one component of it (the plugin;
     * the experiment classes live in a module this one must not depend on).
     * @param fileName the file in the repository's {@code configs/} folder
     * @param component the plugin's component name
     * @return the plugin
     */
    static Object exampleConfigComponent(String fileName, String component) {
        Path configs = null;
        for (Path p = Paths.get("").toAbsolutePath(); p != null && configs == null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("configs")) && Files.isDirectory(p.resolve("datasets"))) {
                configs = p.resolve("configs");
            }
        }
        assertTrue(configs != null, "no configs/ folder above " + Paths.get("").toAbsolutePath());
        Path file = configs.resolve(fileName);
        assertTrue(Files.isRegularFile(file), "missing example config " + file);
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        assertTrue(cm.getComponentNames().containsAll(List.of("experiment", "data", "split", "trainer", "optimizer", component)),
                "components of " + file + ": " + cm.getComponentNames());
        // the trainer takes the plugin through its layerPlugins list, as the experiment runner will
        var trainer = cm.getConfigurationData("trainer").orElseThrow();
        assertTrue(trainer.getClassName().startsWith("org.occam.classification.MLPClassificationTrainer")
                || trainer.getClassName().startsWith("org.occam.regression.MLPRegressionTrainer"), trainer.getClassName());
        assertEquals(ListProperty.createFromStringList(List.of(component)), trainer.get("layerPlugins").orElseThrow());
        Object o = cm.lookup(component);
        cm.close();
        return o;
    }
}
