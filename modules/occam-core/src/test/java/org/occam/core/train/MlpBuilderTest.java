package org.occam.core.train;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.ActivationLayer;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Loss;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.RegressionLoss;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.protos.LayerProto;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LayerSlot;
import org.occam.core.testing.GradientCheck;
import org.occam.core.testing.TestMatrices;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

public class MlpBuilderTest {
    private static final int INPUTS = 3;
    private static final int[] HIDDEN = {5, 4};
    private static final int OUTPUTS = 3;
    private static final int BATCH = 6;

    private static Network mlp(Activation activation, long seed) {
        return MlpBuilder.build(INPUTS, HIDDEN, activation, OUTPUTS, Initializer.GLOROT_UNIFORM, List.of(), new SplittableRandom(seed));
    }

    /** min |z| over the hidden dense outputs (pre-activations) of the batch. */
    private static double minAbsPreActivation(Network net, Matrix x) {
        double min = Double.POSITIVE_INFINITY;
        Matrix h = x;
        for (Layer l : net.layers()) {
            h = l.forward(h, Mode.INFER);
            if (l instanceof Dense && !((Dense) l).weight().isOutputLayer()) {
                for (double z : h.data()) {
                    min = Math.min(min, Math.abs(z));
                }
            }
        }
        return min;
    }

    /**
     * A network and batch whose hidden pre-activations are all at least 1e-3 away from 0, so finite
     * differences with h = 1e-6 never straddle the kink of RELU / LEAKY_RELU. Seeds are tried in a fixed order.
     */
    private static Object[] awayFromKink(Activation activation, long firstSeed) {
        for (long seed = firstSeed; seed < firstSeed + 100; seed++) {
            Network net = mlp(activation, seed);
            Matrix x = TestMatrices.uniform(BATCH, INPUTS, -2, 2, new SplittableRandom(seed * 31 + 7));
            // biases start at 0; give them values so their gradients are checked at a generic point
            SplittableRandom biasRng = new SplittableRandom(seed);
            for (Dense d : net.denseLayers()) {
                for (int i = 0; i < d.bias().value().size(); i++) {
                    d.bias().value().data()[i] = biasRng.nextDouble(-0.5, 0.5);
                }
            }
            if (minAbsPreActivation(net, x) >= 1e-3) {
                return new Object[]{net, x};
            }
        }
        fail("no seed gave pre-activations away from the kink");
        return null;
    }

    @Test
    public void structureAndNames() {
        Network net = mlp(Activation.RELU, 1);
        List<String> names = new ArrayList<>();
        for (Layer l : net.layers()) {
            names.add(l.name());
        }
        assertEquals(List.of("hidden1", "hidden1.relu", "hidden2", "hidden2.relu", "output"), names);
        assertEquals(INPUTS, net.inputWidth());
        assertEquals(OUTPUTS, net.outputWidth());
        assertEquals(6, net.parameters().size());
        assertInstanceOf(ActivationLayer.class, net.layers().get(1));
        assertTrue(net.denseLayers().get(2).weight().isOutputLayer());
        assertTrue(!net.denseLayers().get(0).weight().isOutputLayer());
        for (Dense d : net.denseLayers()) {
            assertEquals(0.0, d.bias().value().maxAbs(), 0.0, "biases start at zero");
            double limit = Math.sqrt(6.0 / (d.inputWidth() + d.outputWidth()));
            assertTrue(d.weight().value().maxAbs() <= limit);
        }
        Network linear = MlpBuilder.build(4, new int[0], Activation.RELU, 2, Initializer.HE_NORMAL, List.of(), new SplittableRandom(1));
        assertEquals(1, linear.layers().size());
        assertEquals("output", linear.layers().get(0).name());
    }

    @Test
    public void sameSeedSameWeightsDifferentSeedDifferentWeights() {
        assertEquals(mlp(Activation.TANH, 5).snapshot(), mlp(Activation.TANH, 5).snapshot());
        assertNotEquals(mlp(Activation.TANH, 5).snapshot(), mlp(Activation.TANH, 6).snapshot());
    }

    @Test
    public void pluginLayersDoNotChangeInitialWeights() {
        Network plain = mlp(Activation.TANH, 9);
        Network withPlugins = MlpBuilder.build(INPUTS, HIDDEN, Activation.TANH, OUTPUTS, Initializer.GLOROT_UNIFORM,
                List.of(new IdentityPlugin(1), new IdentityPlugin(1)), new SplittableRandom(9));
        List<String> names = new ArrayList<>();
        for (Layer l : withPlugins.layers()) {
            names.add(l.name());
        }
        assertEquals(List.of("hidden1", "hidden1.tanh", "hidden1.identityplugin", "hidden1.identityplugin2",
                "hidden2", "hidden2.tanh", "hidden2.identityplugin", "hidden2.identityplugin2", "output"), names);
        assertEquals(plain.snapshot(), withPlugins.snapshot());
    }

    @Test
    public void pluginLayerOfWrongWidthIsRejected() {
        assertThrows(IllegalStateException.class, () -> MlpBuilder.build(INPUTS, HIDDEN, Activation.TANH, OUTPUTS,
                Initializer.GLOROT_UNIFORM, List.of(new IdentityPlugin(2)), new SplittableRandom(9)));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    public void gradientCheckEveryActivation(Activation activation) {
        Object[] setup = awayFromKink(activation, 100 + 10L * activation.ordinal());
        Network net = (Network) setup[0];
        Matrix x = (Matrix) setup[1];
        Matrix target = TestMatrices.oneHot(BATCH, OUTPUTS, new SplittableRandom(3));
        List<Matrix> before = net.snapshot();
        GradientCheck.Report r = GradientCheck.defaults().checkNetwork(net, new SoftmaxCrossEntropy(), x, target);
        assertEquals(3 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3, r.checked());
        assertEquals(before, net.snapshot(), "the check restores every parameter");
    }

    @Test
    public void gradientCheckSoftTargets() {
        Object[] setup = awayFromKink(Activation.ELU, 200);
        GradientCheck.defaults().checkNetwork((Network) setup[0], new SoftmaxCrossEntropy(), (Matrix) setup[1],
                TestMatrices.softTargets(BATCH, OUTPUTS, new SplittableRandom(4)));
    }

    @Test
    public void gradientCheckSquared() {
        Object[] setup = awayFromKink(Activation.TANH, 300);
        GradientCheck.defaults().checkNetwork((Network) setup[0], new RegressionLoss(RegressionLoss.Kind.SQUARED, 1),
                (Matrix) setup[1], TestMatrices.uniform(BATCH, OUTPUTS, -1, 1, new SplittableRandom(5)));
    }

    @Test
    public void gradientCheckAbsolute() {
        Object[] setup = awayFromKink(Activation.SIGMOID, 400);
        Network net = (Network) setup[0];
        Matrix x = (Matrix) setup[1];
        // residuals of magnitude ≥ 0.2 stay away from the kink of |r| under perturbations of order h
        Matrix target = targetsWithResiduals(net, x, TestMatrices.awayFromZero(BATCH, OUTPUTS, 0.2, 1.5, new SplittableRandom(6)));
        GradientCheck.defaults().checkNetwork(net, new RegressionLoss(RegressionLoss.Kind.ABSOLUTE, 1), x, target);
    }

    @Test
    public void gradientCheckHuberBothSides() {
        Object[] setup = awayFromKink(Activation.LEAKY_RELU, 500);
        Network net = (Network) setup[0];
        Matrix x = (Matrix) setup[1];
        double delta = 0.7;
        Matrix residual = new Matrix(BATCH, OUTPUTS);
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < residual.size(); i++) {
            double magnitude = i % 2 == 0 ? rng.nextDouble(0.1, 0.6) : rng.nextDouble(0.8, 2.0);
            residual.data()[i] = rng.nextBoolean() ? magnitude : -magnitude;
        }
        GradientCheck.defaults().checkNetwork(net, new RegressionLoss(RegressionLoss.Kind.HUBER, delta), x,
                targetsWithResiduals(net, x, residual));
    }

    /** y = ŷ − r, so that the network's output has residual r on this batch. */
    private static Matrix targetsWithResiduals(Network net, Matrix x, Matrix residual) {
        Matrix out = net.forward(x, Mode.INFER);
        Matrix target = out.copy();
        for (int i = 0; i < target.size(); i++) {
            target.data()[i] -= residual.data()[i];
        }
        return target;
    }

    @Test
    public void gradientCheckCatchesABrokenBackward() {
        // A loss whose gradient is off by 1% must fail the network check: the check can fail.
        Object[] setup = awayFromKink(Activation.TANH, 600);
        Loss wrong = (output, target, gradient) -> {
            double v = new RegressionLoss(RegressionLoss.Kind.SQUARED, 1).lossAndGradient(output, target, gradient);
            if (gradient != null) {
                for (int i = 0; i < gradient.size(); i++) {
                    gradient.data()[i] *= 1.01;
                }
            }
            return v;
        };
        assertThrows(AssertionError.class, () -> GradientCheck.defaults().checkNetwork((Network) setup[0], wrong,
                (Matrix) setup[1], TestMatrices.uniform(BATCH, OUTPUTS, -1, 1, new SplittableRandom(8))));
    }

    /** Inserts an identity layer after every activation (or one of the wrong width). */
    private static final class IdentityPlugin implements LayerPlugin {
        private final int widthFactor;

        IdentityPlugin(int widthFactor) {
            this.widthFactor = widthFactor;
        }

        @Override
        public Optional<Layer> createLayer(LayerSlot slot, String name, SplittableRandom rng) {
            if (slot.position() != LayerSlot.Position.AFTER_ACTIVATION) {
                return Optional.empty();
            }
            rng.nextLong(); // consumes randomness, which must not shift the weight generator
            int in = slot.width();
            int out = slot.width() * widthFactor;
            return Optional.of(new Layer() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public int inputWidth() {
                    return in;
                }

                @Override
                public int outputWidth() {
                    return out;
                }

                @Override
                public Matrix forward(Matrix input, Mode mode) {
                    return input;
                }

                @Override
                public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
                    return gradOutput;
                }

                @Override
                public LayerProto toProto() {
                    throw new UnsupportedOperationException();
                }
            });
        }

        @Override
        public ConfiguredObjectProvenance getProvenance() {
            return new ConfiguredObjectProvenanceImpl(this, "LayerPlugin");
        }
    }
}
