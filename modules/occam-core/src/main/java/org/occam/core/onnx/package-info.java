/**
 * ONNX export of Occam's networks, on Tribuo's ONNX writer ({@code org.tribuo.util.onnx}): the
 * {@link org.occam.core.onnx.OnnxLayer} interface a layer implements to write its inference-time
 * computation, the operators Tribuo's {@code ONNXOperators} lacks
 * ({@link org.occam.core.onnx.OccamOnnxOperators}), graph-building helpers
 * ({@link org.occam.core.onnx.OnnxGraphs}) and the export of a whole saved model, feature
 * standardization included ({@link org.occam.core.onnx.OnnxExport}).
 */
package org.occam.core.onnx;
