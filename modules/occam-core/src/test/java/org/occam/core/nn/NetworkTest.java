package org.occam.core.nn;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;
import org.occam.core.protos.NetworkProto;
import org.occam.core.testing.TestMatrices;
import org.occam.core.train.MlpBuilder;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class NetworkTest {

    private static Network mlp(Activation activation) {
        return MlpBuilder.build(4, new int[]{6, 5}, activation, 3, Initializer.HE_NORMAL, List.of(), new SplittableRandom(2024));
    }

    @Test
    public void protoRoundTripGivesBitIdenticalInference() throws Exception {
        for (Activation activation : Activation.values()) {
            Network net = mlp(activation);
            // non-zero biases so that they are covered too
            SplittableRandom rng = new SplittableRandom(5);
            for (Dense d : net.denseLayers()) {
                for (int i = 0; i < d.bias().value().size(); i++) {
                    d.bias().value().data()[i] = rng.nextGaussian();
                }
            }
            NetworkProto proto = net.toProto();
            Network back = Network.fromProto(NetworkProto.parseFrom(proto.toByteArray()));
            assertNotSame(net, back);
            assertEquals(net.toString(), back.toString());
            assertEquals(net.inputWidth(), back.inputWidth());
            assertEquals(net.outputWidth(), back.outputWidth());
            assertEquals(net.snapshot(), back.snapshot());
            for (int i = 0; i < net.parameters().size(); i++) {
                Parameter p = net.parameters().get(i);
                Parameter q = back.parameters().get(i);
                assertEquals(p.name(), q.name());
                assertEquals(p.role(), q.role());
                assertEquals(p.isOutputLayer(), q.isOutputLayer());
                assertNotSame(p.value(), q.value());
            }
            Matrix x = TestMatrices.uniform(9, 4, -3, 3, new SplittableRandom(6));
            double[] expected = net.forward(x, Mode.INFER).data();
            double[] actual = back.forward(x, Mode.INFER).data();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                        activation + " output " + i);
            }
            assertEquals(proto, back.toProto());
        }
    }

    @Test
    public void javaSerializationRoundTrip() throws Exception {
        // Network, its layers and Parameter declare java.io.Serializable (a Tribuo Model holding a Network
        // is serialized this way), so the tensors inside must be serializable too.
        Network net = mlp(Activation.ELU);
        Matrix x = TestMatrices.uniform(5, 4, -3, 3, new SplittableRandom(8));
        net.forward(x, Mode.TRAIN); // populate the transient per-run buffers
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(net);
        }
        Network back;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            back = (Network) in.readObject();
        }
        assertEquals(net.snapshot(), back.snapshot());
        assertArrayEquals(net.forward(x, Mode.INFER).data(), back.forward(x, Mode.INFER).data(), 0.0);
        // the deserialized network trains: TRAIN forward and backward rebuild their buffers
        back.zeroGradients();
        Matrix out = back.forward(x, Mode.TRAIN);
        back.backward(new Matrix(out.rows(), out.cols()));
    }

    @Test
    public void nonLayerClassIsRejected() {
        NetworkProto proto = mlp(Activation.RELU).toProto();
        LayerProto evil = proto.getLayers(0).toBuilder().setClassName("java.lang.String").build();
        NetworkProto bad = proto.toBuilder().setLayers(0, evil).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.fromProto(bad));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.fromProto(evil));
    }

    @Test
    public void unknownClassIsRejected() {
        LayerProto missing = LayerProto.newBuilder().setClassName("org.occam.core.nn.NoSuchLayer").setName("x").build();
        assertThrows(IllegalArgumentException.class, () -> Layers.fromProto(missing));
    }

    @Test
    public void layerWithoutFromProtoIsRejected() {
        LayerProto noFactory = LayerProto.newBuilder().setClassName(NoFactoryLayer.class.getName()).setName("x").build();
        assertThrows(IllegalArgumentException.class, () -> Layers.fromProto(noFactory));
    }

    @Test
    public void constructorChecksWidthsAndNames() {
        Dense a = new Dense("a", new Matrix(3, 2), new Matrix(1, 3), false);
        Dense b = new Dense("b", new Matrix(1, 4), new Matrix(1, 1), true);
        assertThrows(IllegalArgumentException.class, () -> new Network(2, List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> new Network(5, List.of(a)));
        ActivationLayer act = new ActivationLayer("a", 3, Activation.TANH);
        assertThrows(IllegalArgumentException.class, () -> new Network(2, List.of(a, act)));
        Network empty = new Network(7, List.of());
        assertEquals(7, empty.outputWidth());
    }

    @Test
    public void plainMlpIsExactlyDenseAndActivationLayers() {
        assertTrue(mlp(Activation.RELU).isPlainMlp());
        assertTrue(new Network(7, List.of()).isPlainMlp());
        Dense d = new Dense("hidden2", new Matrix(2, 2), new Matrix(1, 2), false);
        Network residual = new Network(2, List.of(new ResidualBlock("block2", 2, List.of(d))));
        assertFalse(residual.isPlainMlp());
    }

    @Test
    public void forwardComposesLayersAndBackwardReachesEveryParameter() {
        // Hand-wired 2 → 2 → 1 network: h = relu(x·W1ᵀ + b1), y = h·W2ᵀ + b2
        Dense d1 = new Dense("d1", Matrix.of(new double[]{1, -1}, new double[]{0.5, 2}), Matrix.of(new double[]{0, -1}), false);
        ActivationLayer relu = new ActivationLayer("relu", 2, Activation.RELU);
        Dense d2 = new Dense("d2", Matrix.of(new double[]{3, -2}), Matrix.of(new double[]{0.25}), true);
        Network net = new Network(2, List.of(d1, relu, d2));
        Matrix x = Matrix.of(new double[]{2, 1});
        // z1 = [2−1, 1+2−1] = [1, 2]; h = [1, 2]; y = 3 − 4 + 0.25 = −0.75
        assertArrayEquals(new double[]{-0.75}, net.forward(x, Mode.INFER).data(), 0.0);
        net.zeroGradients();
        net.forward(x, Mode.TRAIN);
        net.backward(Matrix.of(new double[]{1}));
        // ∂y/∂W2 = h, ∂y/∂b2 = 1, ∂y/∂h = W2 = [3, −2] (relu' = 1 at z > 0), ∂y/∂W1 = ∂y/∂h ⊗ x, ∂y/∂b1 = ∂y/∂h
        assertArrayEquals(new double[]{1, 2}, d2.weight().gradient().data(), 0.0);
        assertArrayEquals(new double[]{1}, d2.bias().gradient().data(), 0.0);
        assertArrayEquals(new double[]{6, 3, -4, -2}, d1.weight().gradient().data(), 0.0);
        assertArrayEquals(new double[]{3, -2}, d1.bias().gradient().data(), 0.0);
        net.zeroGradients();
        for (Parameter p : net.parameters()) {
            assertEquals(0.0, p.gradient().maxAbs(), 0.0);
        }
    }

    @Test
    public void snapshotAndRestore() {
        Network net = mlp(Activation.TANH);
        List<Matrix> snap = net.snapshot();
        net.parameters().get(0).value().set(0, 0, 123.0);
        assertTrue(net.parameters().get(0).value().get(0, 0) != snap.get(0).get(0, 0));
        net.restore(snap);
        assertEquals(snap, net.snapshot());
        snap.get(0).set(0, 0, -5.0);
        assertTrue(net.parameters().get(0).value().get(0, 0) != -5.0, "restore copies the values");
    }

    /** A layer class with no static fromProto. */
    public static final class NoFactoryLayer implements Layer {
        @Override
        public String name() {
            return "x";
        }

        @Override
        public int inputWidth() {
            return 1;
        }

        @Override
        public int outputWidth() {
            return 1;
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
            return LayerProto.newBuilder().setClassName(NoFactoryLayer.class.getName()).build();
        }
    }
}
