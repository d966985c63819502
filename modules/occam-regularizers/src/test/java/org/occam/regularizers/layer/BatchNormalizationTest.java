package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LayerSlot;
import org.occam.core.spi.ParameterScope;
import org.occam.core.train.MlpBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchNormalizationTest {
    private static final Logger logger = Logger.getLogger(BatchNormalizationTest.class.getName());

    private static BatchNormalizationLayer layer(double decay, double epsilon, int width) {
        return (BatchNormalizationLayer) LayerTestSupport.create(new BatchNormalization(decay, epsilon), width, 1);
    }

    /** A fresh layer with γ and β away from 1 and 0. */
    private static BatchNormalizationLayer randomizedLayer(int width) {
        BatchNormalizationLayer bn = layer(0.9, 1e-3, width);
        LayerTestSupport.randomize(bn.gamma(), 5, 1.0);
        LayerTestSupport.randomize(bn.beta(), 6, 0.0);
        return bn;
    }

    /** Column mean and biased variance, written out independently of the kernels. */
    private static double[][] columnStatistics(Matrix x) {
        double[] mean = new double[x.cols()];
        double[] variance = new double[x.cols()];
        for (int j = 0; j < x.cols(); j++) {
            for (int r = 0; r < x.rows(); r++) {
                mean[j] += x.get(r, j) / x.rows();
            }
            for (int r = 0; r < x.rows(); r++) {
                variance[j] += Math.pow(x.get(r, j) - mean[j], 2) / x.rows();
            }
        }
        return new double[][]{mean, variance};
    }

    // ---------------------------------------------------------------- the formula

    @Test
    void trainingStandardizesEachFeatureWithTheBatchStatistics() {
        BatchNormalizationLayer bn = randomizedLayer(3);
        Matrix x = Matrix.of(new double[]{1, 10, -3}, new double[]{2, 20, -3}, new double[]{6, 30, 5}, new double[]{3, 0, 1});
        Matrix y = bn.forward(x, Mode.TRAIN);
        double[][] stats = columnStatistics(x);
        double[] gamma = bn.gamma().value().data();
        double[] beta = bn.beta().value().data();
        for (int r = 0; r < x.rows(); r++) {
            for (int j = 0; j < 3; j++) {
                double expected = gamma[j] * (x.get(r, j) - stats[0][j]) / Math.sqrt(stats[1][j] + 1e-3) + beta[j];
                assertEquals(expected, y.get(r, j), 1e-12);
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferencesInTraining() {
        // inputs far from standardized, so the batch-statistics terms matter
        Matrix x = LayerTestSupport.gaussian(6, 4, 1);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 3 * x.data()[i] + (i % 4);
        }
        BatchNormalizationLayer bn = randomizedLayer(4);
        double error = LayerTestSupport.maxGradientError(() -> bn, false, x, LayerTestSupport.gaussian(6, 4, 2));
        assertTrue(error < LayerTestSupport.MAX_GRADIENT_ERROR, "max relative error " + error);
    }

    /** The output does not change when a constant is added to a column, so the input gradient sums to 0 per column. */
    @Test
    void inputGradientSumsToZeroInEachColumn() {
        BatchNormalizationLayer bn = randomizedLayer(5);
        bn.forward(LayerTestSupport.gaussian(7, 5, 3), Mode.TRAIN);
        Matrix dx = bn.backward(LayerTestSupport.gaussian(7, 5, 4), true);
        for (int j = 0; j < 5; j++) {
            double sum = 0;
            double abs = 0;
            for (int r = 0; r < 7; r++) {
                sum += dx.get(r, j);
                abs += Math.abs(dx.get(r, j));
            }
            assertTrue(abs > 0.1 && Math.abs(sum) < 1e-12 * abs * 100, "column " + j + " sums to " + sum);
        }
    }

    @Test
    void parameterGradientsAccumulateAndSkipTheInputGradientWhenNotNeeded() {
        BatchNormalizationLayer bn = randomizedLayer(3);
        Matrix x = LayerTestSupport.gaussian(4, 3, 1);
        Matrix g = LayerTestSupport.gaussian(4, 3, 2);
        bn.forward(x, Mode.TRAIN);
        assertEquals(null, bn.backward(g, false));
        Matrix once = bn.gamma().gradient().copy();
        bn.backward(g, true);
        for (int j = 0; j < 3; j++) {
            assertEquals(2 * once.data()[j], bn.gamma().gradient().data()[j], 1e-12, "gradients add up");
        }
    }

    // ---------------------------------------------------------------- running statistics

    /**
     * The same batch K times: the running statistics follow the closed form
     * {@code m_K = μ(1 − d^K)}, {@code v_K = σ² + (1 − σ²)d^K} from the initial 0 and 1, converge
     * to the batch's mean and biased variance, and INFER then gives the TRAIN output.
     */
    @Test
    void runningStatisticsFollowTheClosedFormAndInferUsesThem() {
        double d = 0.9;
        BatchNormalizationLayer bn = layer(d, 1e-3, 3);
        LayerTestSupport.randomize(bn.gamma(), 1, 1.0);
        LayerTestSupport.randomize(bn.beta(), 2, 0.0);
        Matrix x = Matrix.of(new double[]{1, -4, 0.5}, new double[]{3, -2, 0.5}, new double[]{8, 0, 2.5}, new double[]{0, 2, 0.5});
        double[][] stats = columnStatistics(x);
        assertArrayEquals(new double[]{0, 0, 0}, bn.runningMean().data(), 0.0);
        assertArrayEquals(new double[]{1, 1, 1}, bn.runningVariance().data(), 0.0);
        for (int k = 1; k <= 400; k++) {
            bn.forward(x, Mode.TRAIN);
            if (k == 1 || k == 10 || k == 400) {
                double dk = Math.pow(d, k);
                for (int j = 0; j < 3; j++) {
                    assertEquals(stats[0][j] * (1 - dk), bn.runningMean().data()[j], 1e-12, "mean after " + k);
                    assertEquals(stats[1][j] + (1 - stats[1][j]) * dk, bn.runningVariance().data()[j], 1e-12, "variance after " + k);
                }
            }
        }
        Matrix train = bn.forward(x, Mode.TRAIN).copy();
        Matrix infer = bn.forward(x, Mode.INFER);
        assertArrayEquals(train.data(), infer.data(), 1e-12);

        // INFER on other data: the closed form with the running statistics
        Matrix z = LayerTestSupport.gaussian(5, 3, 9);
        Matrix y = bn.forward(z, Mode.INFER);
        for (int r = 0; r < 5; r++) {
            for (int j = 0; j < 3; j++) {
                double expected = bn.gamma().value().data()[j] * (z.get(r, j) - bn.runningMean().data()[j])
                        / Math.sqrt(bn.runningVariance().data()[j] + 1e-3) + bn.beta().value().data()[j];
                assertEquals(expected, y.get(r, j), 1e-12);
            }
        }
    }

    /** Batches of 64 drawn from N(m_j, s_j²): the running statistics settle at m_j and (63/64)·s_j² (biased batch variance, as Keras). */
    @Test
    void runningStatisticsConvergeToTheDataMeanAndVariance() {
        double[] m = {5, -2, 0.3};
        double[] s = {2, 0.5, 10};
        BatchNormalizationLayer bn = layer(0.99, 1e-3, 3);
        SplittableRandom rng = new SplittableRandom(4);
        int b = 64;
        for (int step = 0; step < 3000; step++) {
            Matrix x = new Matrix(b, 3);
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < 3; j++) {
                    x.set(r, j, m[j] + s[j] * rng.nextGaussian());
                }
            }
            bn.forward(x, Mode.TRAIN);
        }
        for (int j = 0; j < 3; j++) {
            double mean = bn.runningMean().data()[j];
            double variance = bn.runningVariance().data()[j];
            double expectedVariance = (b - 1.0) / b * s[j] * s[j];
            logger.info(String.format("BatchNormalization feature %d: running mean %.4f (data %.4f), running variance %.4f "
                    + "(data %.4f, expected biased %.4f)", j, mean, m[j], variance, s[j] * s[j], expectedVariance));
            // the running mean averages ≈ 100 batch means: sd ≈ s·√(0.01/1.99/64) ≈ 0.009·s
            assertEquals(m[j], mean, 0.05 * s[j], "running mean " + j);
            // each biased batch variance has sd ≈ s²·√(2/64); averaged: ≈ 0.0125·s²
            assertEquals(expectedVariance, variance, 0.07 * s[j] * s[j], "running variance " + j);
        }
    }

    @Test
    void inferIsDeterministicAndUpdatesNothing() {
        BatchNormalizationLayer bn = randomizedLayer(4);
        bn.forward(LayerTestSupport.gaussian(8, 4, 1), Mode.TRAIN);
        Matrix mean = bn.runningMean();
        Matrix variance = bn.runningVariance();
        Matrix x = LayerTestSupport.gaussian(3, 4, 2);
        Matrix a = bn.forward(x, Mode.INFER);
        Matrix b = bn.forward(x, Mode.INFER);
        assertArrayEquals(a.data(), b.data(), 0.0);
        assertEquals(mean, bn.runningMean());
        assertEquals(variance, bn.runningVariance());
        // and an INFER row does not depend on the other rows of its batch
        Matrix firstRow = new Matrix(1, 4, java.util.Arrays.copyOf(x.data(), 4));
        assertArrayEquals(java.util.Arrays.copyOf(a.data(), 4), bn.forward(firstRow, Mode.INFER).data(), 0.0);
    }

    @Test
    void freshLayerInfersTheKerasInitialState() {
        // γ = 1, β = 0, running mean 0, running variance 1: INFER is x/√(1 + ε)
        BatchNormalizationLayer bn = layer(0.99, 1e-3, 2);
        Matrix x = Matrix.of(new double[]{2, -3});
        assertArrayEquals(new double[]{2 / Math.sqrt(1.001), -3 / Math.sqrt(1.001)}, bn.forward(x, Mode.INFER).data(), 1e-15);
    }

    // ---------------------------------------------------------------- parameters and placement

    @Test
    void gammaAndBetaAreOtherParametersThatDefaultPenaltiesSkip() {
        Network net = MlpBuilder.build(3, new int[]{4, 4}, Activation.RELU, 2, Initializer.HE_UNIFORM,
                List.of(new BatchNormalization(0.99, 1e-3)), new SplittableRandom(1));
        List<String> names = net.layers().stream().map(Layer::name).toList();
        assertEquals(List.of("hidden1", "hidden1.batchnormalization", "hidden1.relu", "hidden2", "hidden2.batchnormalization",
                "hidden2.relu", "output"), names);
        List<Parameter> bnParams = net.parameters().stream().filter(p -> p.layerName().endsWith(".batchnormalization")).toList();
        assertEquals(List.of("hidden1.batchnormalization.gamma", "hidden1.batchnormalization.beta",
                "hidden2.batchnormalization.gamma", "hidden2.batchnormalization.beta"), bnParams.stream().map(Parameter::name).toList());
        bnParams.forEach(p -> assertEquals(Parameter.Role.OTHER, p.role()));
        List<Parameter> penalized = ParameterScope.hiddenWeights().select("L2", net.parameters());
        assertEquals(List.of("hidden1.weight", "hidden2.weight"), penalized.stream().map(Parameter::name).toList());
    }

    // ---------------------------------------------------------------- settings

    @Test
    void badSettingsFailNamingTheProperty() {
        for (double d : new double[]{-0.1, 1.0, 1.5, Double.NaN}) {
            assertEquals("runningAverageDecay", LayerTestSupport.failingProperty(() -> new BatchNormalization(d, 1e-3)), "d = " + d);
        }
        for (double e : new double[]{0.0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("epsilon", LayerTestSupport.failingProperty(() -> new BatchNormalization(0.99, e)), "ε = " + e);
        }
        assertEquals("position", LayerTestSupport.failingProperty(() -> new BatchNormalization(0.99, 1e-3, null, List.of())));
        new BatchNormalization(0.0, Double.MIN_VALUE);
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalizationLayer("bn", 3, 0.0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalizationLayer("bn", 3, 1e-3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalizationLayer("bn", 1e-3, 0.9, new Matrix(1, 2),
                new Matrix(1, 2), new Matrix(1, 2), Matrix.of(new double[]{1, -1})));
    }

    @Test
    void provenanceRecordsEverySetting() {
        BatchNormalization bn = new BatchNormalization(0.9, 1e-5);
        ConfiguredObjectProvenance prov = bn.getProvenance();
        assertEquals(new DoubleProvenance("runningAverageDecay", 0.9), prov.getConfiguredParameters().get("runningAverageDecay"));
        assertEquals(new DoubleProvenance("epsilon", 1e-5), prov.getConfiguredParameters().get("epsilon"));
        assertEquals("BEFORE_ACTIVATION", prov.getConfiguredParameters().get("position").toString());
        assertEquals("BatchNormalization(runningAverageDecay=0.9,epsilon=1.0E-5,position=BEFORE_ACTIVATION,layers=[])", bn.toString());
    }

    @Test
    void configurationRoundTrip(@TempDir Path dir) throws IOException {
        LayerTestSupport.assertConfigurationRoundTrip(new BatchNormalization(0.9, 1e-5, LayerSlot.Position.AFTER_ACTIVATION, List.of("hidden1")),
                "<property name=\"runningAverageDecay\" value=\"0.9\"/>\n<property name=\"epsilon\" value=\"1e-5\"/>\n"
                        + "<property name=\"position\" value=\"AFTER_ACTIVATION\"/>\n"
                        + "<propertylist name=\"layers\"><item>hidden1</item></propertylist>", dir);
        LayerTestSupport.assertConfigurationRoundTrip(new BatchNormalization(BatchNormalization.DEFAULT_RUNNING_AVERAGE_DECAY,
                BatchNormalization.DEFAULT_EPSILON), "", dir);
        assertEquals("runningAverageDecay", LayerTestSupport.failingProperty(() -> LayerTestSupport.assertConfigurationRoundTrip(
                new BatchNormalization(0.99, 1e-3), "<property name=\"runningAverageDecay\" value=\"1.0\"/>", dir)));
        assertEquals("epsilon", LayerTestSupport.failingProperty(() -> LayerTestSupport.assertConfigurationRoundTrip(
                new BatchNormalization(0.99, 1e-3), "<property name=\"epsilon\" value=\"0\"/>", dir)));
    }

    @Test
    void exampleConfigLoads() {
        Object o = LayerTestSupport.exampleConfigComponent("digits-batch-norm.xml", "batchNorm");
        assertEquals(new BatchNormalization(0.99, 1e-3).getProvenance(), ((BatchNormalization) o).getProvenance());
    }

    // ---------------------------------------------------------------- serialization and training

    @Test
    void protobufRoundTripKeepsParametersAndRunningStatistics() {
        BatchNormalizationLayer bn = randomizedLayer(4);
        for (int i = 0; i < 5; i++) {
            bn.forward(LayerTestSupport.gaussian(8, 4, i), Mode.TRAIN);
        }
        BatchNormalizationLayer back = (BatchNormalizationLayer) Layers.fromProto(bn.toProto());
        assertEquals(bn.toProto(), back.toProto());
        assertEquals(bn.runningMean(), back.runningMean());
        assertEquals(bn.runningVariance(), back.runningVariance());
        assertEquals(bn.gamma().value(), back.gamma().value());
        Matrix x = LayerTestSupport.gaussian(3, 4, 10);
        assertArrayEquals(bn.forward(x, Mode.INFER).data(), back.forward(x, Mode.INFER).data(), 0.0);
        // a deserialized batch norm can keep training (it needs no generator)
        assertArrayEquals(bn.forward(x, Mode.TRAIN).data(), back.forward(x, Mode.TRAIN).data(), 0.0);
    }

    @Test
    void trainsInANetworkAndSurvivesSerialization() {
        LayerTestSupport.Trained t = LayerTestSupport.trainTiny(new BatchNormalization(0.9, 1e-3), Activation.RELU,
                Initializer.HE_UNIFORM, 60, 42);
        LayerTestSupport.assertIntegrates(t, BatchNormalizationLayer.class, "");
        // the running statistics moved away from their initial 0 and 1
        BatchNormalizationLayer bn = (BatchNormalizationLayer) t.network().layers().get(1);
        assertTrue(bn.runningMean().maxAbs() > 0.01, bn.runningMean().toString());
    }

    @Test
    void readsTheVersion0ModelFixture() {
        LayerFixtures.assertFixtureLayer(BatchNormalizationLayer.class);
    }
}
