package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.ResidualBlock;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LayerSlot;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class StochasticDepthTest {

    @Test
    public void survivalDecaysLinearlyToTheLastBlock() {
        // p_l = 1 − (l/L)(1 − p_L), L = 4, p_L = 0.5
        assertEquals(1 - 0.25 * 0.5, StochasticDepth.survivalProbability(1, 4, 0.5), 1e-15);
        assertEquals(1 - 0.5 * 0.5, StochasticDepth.survivalProbability(2, 4, 0.5), 1e-15);
        assertEquals(0.5, StochasticDepth.survivalProbability(4, 4, 0.5), 1e-15);
    }

    @Test
    public void onlyAtTheEndOfResidualBranches() {
        StochasticDepth sd = new StochasticDepth(0.5);
        assertTrue(sd.createLayer(new LayerSlot("hidden2", 2, 3, 8, LayerSlot.Position.AFTER_ACTIVATION), "x", new SplittableRandom(1)).isEmpty());
        Optional<Layer> l = sd.createLayer(new LayerSlot("hidden3", 3, 3, 8, LayerSlot.Position.RESIDUAL_BRANCH_END), "x", new SplittableRandom(1));
        // hidden3 is residual block 2 of 2: p = 0.5
        assertEquals(0.5, ((StochasticDepth.DropPathLayer) l.orElseThrow()).survival(), 0.0);
    }

    @Test
    public void dropsWholeRowsAtTheRightRateAndScalesKeptRows() {
        double p = 0.7;
        int rows = 200_000;
        StochasticDepth.DropPathLayer layer = new StochasticDepth.DropPathLayer("d", 3, p, new SplittableRandom(5));
        Matrix x = new Matrix(rows, 3);
        java.util.Arrays.fill(x.data(), 2.0);
        Matrix y = layer.forward(x, Mode.TRAIN);
        int kept = 0;
        for (int r = 0; r < rows; r++) {
            double a = y.get(r, 0);
            assertTrue(a == 0.0 || a == 2.0 / p);
            assertEquals(a, y.get(r, 1), 0.0);
            assertEquals(a, y.get(r, 2), 0.0);
            if (a != 0) {
                kept++;
            }
        }
        assertTrue(Math.abs(kept - rows * p) < 4 * Math.sqrt(rows * p * (1 - p)), "kept " + kept);
        Matrix g = new Matrix(rows, 3);
        java.util.Arrays.fill(g.data(), 1.0);
        Matrix gi = layer.backward(g, true);
        for (int r = 0; r < rows; r++) {
            assertEquals(y.get(r, 0) / 2.0, gi.get(r, 0), 0.0);
        }
        assertSame(x, layer.forward(x, Mode.INFER));
    }

    private static Network residualNet(long seed) {
        return MlpBuilder.build(2, new int[]{16, 16, 16}, Activation.RELU, 2, Initializer.HE_UNIFORM,
                List.of(new StochasticDepth(0.5)), true, new SplittableRandom(seed));
    }

    @Test
    public void residualNetworkTrainsAndInfersDeterministically() {
        Network net = residualNet(1);
        assertTrue(net.layers().stream().anyMatch(l -> l instanceof ResidualBlock));
        assertEquals(2, net.layers().stream().filter(l -> l instanceof ResidualBlock).count());
        SplittableRandom r = new SplittableRandom(2);
        Matrix x = new Matrix(64, 2);
        Matrix y = new Matrix(64, 2);
        for (int i = 0; i < 64; i++) {
            x.set(i, 0, r.nextGaussian());
            x.set(i, 1, r.nextGaussian());
            y.set(i, x.get(i, 0) * x.get(i, 1) > 0 ? 1 : 0, 1);
        }
        TrainingHistory h = new TrainingLoop(net, new SoftmaxCrossEntropy(), new TrainingPlan(30, 16, true, false, new Sgd(0.05, 0.9, false),
                List.of(), List.of(), List.of(), List.of(), List.of()), EpochEvaluator.none(), x, y, null, null, new SplittableRandom(3)).run();
        assertTrue(h.last().dataLoss() < h.epochs().get(0).dataLoss());
        Matrix a = net.forward(x, Mode.INFER);
        assertArrayEquals(a.data(), net.forward(x, Mode.INFER).data(), 0.0);
        Network copy = Network.fromProto(net.toProto());
        assertArrayEquals(a.data(), copy.forward(x, Mode.INFER).data(), 0.0);
        // the dense layers inside the blocks are found for statistics and scopes
        assertEquals(List.of("hidden1", "hidden2", "hidden3", "output"), net.denseLayers().stream().map(Layer::name).toList());
    }

    @Test
    public void badSettingsAndConfig(@TempDir Path dir) throws Exception {
        for (double p : new double[]{0.0, -0.5, 1.5, Double.NaN}) {
            assertEquals("finalSurvivalProbability", assertThrows(PropertyException.class, () -> new StochasticDepth(p)).getProperty());
        }
        Path xml = dir.resolve("s.xml");
        Files.writeString(xml, "<config><component name=\"sd\" type=\"org.occam.regularizers.layer.StochasticDepth\">"
                + "<property name=\"finalSurvivalProbability\" value=\"0.8\"/></component></config>");
        assertEquals(new StochasticDepth(0.8).getProvenance(), ((StochasticDepth) new ConfigurationManager(xml.toString()).lookup("sd")).getProvenance());
    }
}
