package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Containers are layers: the network walks {@link Layer#children()} for its layer list, snapshots
 * and Monte-Carlo sampling, so a container other than {@link ResidualBlock} works without a special
 * case, and a residual block is stochastic only through its children.
 */
public class LayerChildrenTest {

    /** Adds one sampled value per pass (a stand-in for a dropout layer), the identity in INFER. */
    static final class Noise extends SameWidthLayer implements StochasticLayer {
        Noise(String name, int width) {
            super(name, width);
        }

        @Override
        public Matrix forward(Matrix input, Mode mode) {
            return input.copy();
        }

        @Override
        public Matrix sample(Matrix input, SplittableRandom rng) {
            Matrix out = input.copy();
            double shift = rng.nextDouble();
            for (int i = 0; i < out.size(); i++) {
                out.data()[i] += shift;
            }
            return out;
        }

        @Override
        public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
            return gradOutput.copy();
        }

        @Override
        public LayerProto toProto() {
            return protoBuilder(0).build();
        }
    }

    /** A container that is not a residual block: its children in sequence. */
    static final class Sequence extends SameWidthLayer {
        private final List<Layer> children;

        Sequence(String name, int width, List<Layer> children) {
            super(name, width);
            this.children = children;
        }

        @Override
        public List<Layer> children() {
            return children;
        }

        @Override
        public Matrix forward(Matrix input, Mode mode) {
            Matrix x = input;
            for (Layer l : children) {
                x = l.forward(x, mode);
            }
            return x;
        }

        @Override
        public Matrix sample(Matrix input, SplittableRandom rng) {
            Matrix x = input;
            for (Layer l : children) {
                x = l.sample(x, rng);
            }
            return x;
        }

        @Override
        public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
            return gradOutput.copy();
        }

        @Override
        public LayerProto toProto() {
            return protoBuilder(0).build();
        }
    }

    @Test
    public void theNetworkWalksAnyContainersChildren() {
        Noise inner = new Noise("inner.noise", 3);
        Network n = new Network(3, List.of(new Sequence("seq", 3, List.of(new Sequence("seq.inner", 3, List.of(inner))))));
        assertEquals(List.of("seq", "seq.inner", "inner.noise"), n.allLayers().stream().map(Layer::name).toList());
        assertTrue(n.isStochastic());
        Matrix x = new Matrix(2, 3);
        Matrix sampled = n.sample(x, new SplittableRandom(1));
        assertTrue(sampled.get(0, 0) > 0, "the nested stochastic layer sampled");
        assertEquals(0.0, n.forward(x, Mode.INFER).maxAbs(), "INFER stays deterministic");
    }

    @Test
    public void aResidualBlockIsStochasticOnlyThroughItsChildren() {
        ResidualBlock plain = new ResidualBlock("block2", 3, List.of(new ActivationLayer("block2.relu", 3, Activation.RELU)));
        assertFalse(new Network(3, List.of(plain)).isStochastic());
        ResidualBlock noisy = new ResidualBlock("block2", 3, List.of(new Noise("block2.noise", 3)));
        assertTrue(new Network(3, List.of(noisy)).isStochastic());
        assertEquals(List.of(noisy.branch().get(0)), noisy.children());
    }
}
