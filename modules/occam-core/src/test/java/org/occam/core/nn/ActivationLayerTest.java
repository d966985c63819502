package org.occam.core.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;
import org.occam.core.testing.GradientCheck;
import org.occam.core.testing.TestMatrices;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ActivationLayerTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    public void inputGradientCheck(Activation activation) {
        SplittableRandom rng = new SplittableRandom(21 + activation.ordinal());
        ActivationLayer layer = new ActivationLayer("act", 6, activation);
        // |z| ≥ 0.05 ≫ h keeps every finite difference on one side of the kink of RELU / LEAKY_RELU / ELU / SELU
        Matrix z = TestMatrices.awayFromZero(5, 6, 0.05, 2.5, rng);
        GradientCheck.Report r = GradientCheck.defaults().checkLayerInput(layer, z, rng);
        assertEquals(30, r.checked());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    public void forwardAppliesTheFunctionWithoutTouchingTheInput(Activation activation) {
        SplittableRandom rng = new SplittableRandom(31);
        Matrix z = TestMatrices.uniform(3, 4, -3, 3, rng);
        Matrix before = z.copy();
        double[] expected = new double[12];
        activation.apply(z.data().clone(), expected, 12);
        ActivationLayer layer = new ActivationLayer("act", 4, activation);
        assertArrayEquals(expected, layer.forward(z, Mode.TRAIN).data(), 0.0);
        assertArrayEquals(expected, layer.forward(z, Mode.INFER).data(), 0.0);
        assertEquals(before, z);
        assertTrue(layer.parameters().isEmpty());
    }

    @Test
    public void inferStoresNothing() {
        ActivationLayer layer = new ActivationLayer("act", 2, Activation.TANH);
        Matrix a = Matrix.of(new double[]{0.1, 0.2});
        layer.forward(a, Mode.INFER);
        assertNull(layer.lastTrainingOutput());
        Matrix trainOut = layer.forward(a, Mode.TRAIN);
        assertSame(trainOut, layer.lastTrainingOutput());
        Matrix inferOut = layer.forward(Matrix.of(new double[]{5, 5}), Mode.INFER);
        assertNotSame(trainOut, inferOut);
        assertSame(trainOut, layer.lastTrainingOutput());
        assertArrayEquals(new double[]{Math.tanh(0.1), Math.tanh(0.2)}, trainOut.data(), 1e-16);
        assertNull(layer.backward(Matrix.of(new double[]{1, 1}), false));
    }

    @Test
    public void protoRoundTrip() {
        ActivationLayer layer = new ActivationLayer("hidden2.selu", 7, Activation.SELU);
        LayerProto proto = layer.toProto();
        ActivationLayer back = ActivationLayer.fromProto(proto);
        assertEquals("hidden2.selu", back.name());
        assertEquals(7, back.inputWidth());
        assertEquals(7, back.outputWidth());
        assertEquals(Activation.SELU, back.activation());
        assertThrows(IllegalArgumentException.class,
                () -> ActivationLayer.fromProto(proto.toBuilder().putProperties("activation", "SWISH").build()));
        assertThrows(IllegalArgumentException.class,
                () -> ActivationLayer.fromProto(proto.toBuilder().setVersion(99).build()));
        assertThrows(IllegalArgumentException.class,
                () -> ActivationLayer.fromProto(proto.toBuilder().putProperties("width", "seven").build()));
    }
}
