package org.occam.core.onnx;

import org.tribuo.util.onnx.ONNXRef;

/**
 * A layer that can write its inference-time ({@code Mode.INFER}) computation into an ONNX graph.
 * A layer of a network without this interface cannot be exported, and
 * {@link OnnxGraphs#network} says which one.
 */
public interface OnnxLayer {
    /**
     * Appends this layer's INFER-mode computation to the graph of {@code input}'s context.
     * @param input the layer's input, batch × inputWidth (float)
     * @return the layer's output, batch × outputWidth
     */
    ONNXRef<?> writeOnnx(ONNXRef<?> input);
}
