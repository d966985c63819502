package org.occam.core.onnx;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.ActivationLayer;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Network;
import org.occam.core.nn.NetworkTest;
import org.occam.core.nn.ResidualBlock;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXPlaceholder;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class OnnxGraphsTest {

    @Test
    public void aLayerWithoutAnOnnxFormIsAnErrorNamingIt() {
        Network net = new Network(1, List.of(new Dense("d", Matrix.of(new double[]{2.0}), Matrix.of(new double[]{0.5}), false),
                new NetworkTest.NoFactoryLayer()));
        ONNXContext c = new ONNXContext();
        ONNXPlaceholder input = c.floatInput("input", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxGraphs.network(net, input));
        assertTrue(e.getMessage().contains("layer x") && e.getMessage().contains(NetworkTest.NoFactoryLayer.class.getName()),
                e.getMessage());
    }

    @Test
    public void aLayerInsideAResidualBlockIsCheckedToo() {
        Network net = new Network(1, List.of(new ResidualBlock("block", 1, List.of(new NetworkTest.NoFactoryLayer()))));
        ONNXContext c = new ONNXContext();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxGraphs.network(net, c.floatInput("input", 1)));
        assertTrue(e.getMessage().contains("layer x"), e.getMessage());
    }

    @Test
    public void theGraphHasOneNodePerOperationInLayerOrder() { // the last Identity is assignTo's naming of the output
        Network net = new Network(2, List.of(
                new Dense("hidden", Matrix.of(new double[]{1, 2}, new double[]{3, 4}), Matrix.of(new double[]{0, 1}), false),
                new ActivationLayer("act", 2, Activation.SELU),
                new ResidualBlock("block", 2, List.of(new ActivationLayer("inner", 2, Activation.TANH)))));
        ONNXContext c = new ONNXContext();
        OnnxGraphs.network(net, c.floatInput("input", 2)).assignTo(c.floatOutput("output", 2));
        OnnxMl.GraphProto g = c.buildGraph();
        assertEquals(List.of("Gemm", "Selu", "Tanh", "Add", "Identity"), g.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).collect(Collectors.toList()));
        OnnxMl.NodeProto selu = g.getNode(1);
        assertEquals((float) Activation.SELU_ALPHA, selu.getAttributeList().stream().filter(a -> a.getName().equals("alpha")).findFirst().orElseThrow().getF());
        assertEquals((float) Activation.SELU_SCALE, selu.getAttributeList().stream().filter(a -> a.getName().equals("gamma")).findFirst().orElseThrow().getF());
        // in a fixed order, so that one model always exports to the same bytes (Map.of's order changes between
        // JVM processes: with it this failed in about half of them)
        assertEquals(List.of("alpha", "gamma"), selu.getAttributeList().stream().map(OnnxMl.AttributeProto::getName).collect(Collectors.toList()));
    }
}
