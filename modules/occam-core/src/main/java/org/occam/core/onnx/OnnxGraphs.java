package org.occam.core.onnx;

import ai.onnx.proto.OnnxMl;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Network;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Building blocks of the ONNX graphs of Occam's networks. Tensors are written as float32 (the type
 * of Tribuo's ONNX inputs and outputs); every computation is the layer's {@code Mode.INFER} form.
 */
public final class OnnxGraphs {

    private OnnxGraphs() {}

    /**
     * Writes a network, layer by layer.
     * @param network the network
     * @param input batch × inputWidth
     * @return the raw outputs (logits, or standardized regression outputs)
     * @throws IllegalArgumentException naming the first layer that has no ONNX form
     */
    public static ONNXRef<?> network(Network network, ONNXRef<?> input) {
        return layers(network.layers(), input);
    }

    /**
     * Writes a sequence of layers.
     * @param layers the layers, in order
     * @param input the first layer's input
     * @return the last layer's output
     * @throws IllegalArgumentException naming the first layer that has no ONNX form
     */
    public static ONNXRef<?> layers(List<Layer> layers, ONNXRef<?> input) {
        ONNXRef<?> x = input;
        for (Layer l : layers) {
            if (!(l instanceof OnnxLayer)) {
                throw new IllegalArgumentException("layer " + l.name() + " (" + l.getClass().getName()
                        + ") cannot be exported to ONNX: it has no ONNX form");
            }
            x = ((OnnxLayer) l).writeOnnx(x);
        }
        return x;
    }

    /**
     * @param context the graph
     * @param name base name of the initializer
     * @param m a matrix
     * @return an initializer of shape [rows, cols] holding m as float32
     */
    public static ONNXInitializer matrix(ONNXContext context, String name, Matrix m) {
        double[] d = m.data();
        return context.floatTensor(name, List.of(m.rows(), m.cols()), fb -> {
            for (double v : d) {
                fb.put((float) v);
            }
        });
    }

    /**
     * @param context the graph
     * @param name base name of the initializer
     * @param v values
     * @return an initializer of shape [length] holding v as float32 (broadcast along rows)
     */
    public static ONNXInitializer vector(ONNXContext context, String name, double[] v) {
        return context.floatTensor(name, List.of(v.length), fb -> {
            for (double x : v) {
                fb.put((float) x);
            }
        });
    }

    /**
     * y = x·Wᵀ + b (ONNX {@code Gemm} with {@code transB = 1}).
     * @param x batch × in
     * @param name base name of the tensors
     * @param weight out × in
     * @param bias 1 × out
     * @return batch × out
     */
    public static ONNXRef<?> dense(ONNXRef<?> x, String name, Matrix weight, Matrix bias) {
        ONNXContext c = x.onnxContext();
        return c.operation(ONNXOperators.GEMM, List.of(x, matrix(c, name + "_weight", weight), vector(c, name + "_bias", bias.data())),
                name, Map.of("transB", 1));
    }

    /**
     * y_j = scale_j·x_j + shift_j, per column.
     * @param x batch × width
     * @param name base name of the tensors
     * @param scale width values
     * @param shift width values
     * @return batch × width
     */
    public static ONNXRef<?> affine(ONNXRef<?> x, String name, double[] scale, double[] shift) {
        ONNXContext c = x.onnxContext();
        ONNXRef<?> scaled = x.apply(ONNXOperators.MUL, vector(c, name + "_scale", scale));
        return scaled.apply(ONNXOperators.ADD, vector(c, name + "_shift", shift));
    }

    /**
     * An element-wise activation, with Occam's constants (see {@link Activation}).
     * @param x the input
     * @param activation the function
     * @return the output
     */
    public static ONNXRef<?> activation(ONNXRef<?> x, Activation activation) {
        switch (activation) {
            case RELU:
                return x.apply(OccamOnnxOperators.RELU);
            case LEAKY_RELU:
                return x.apply(OccamOnnxOperators.LEAKY_RELU, Map.of("alpha", (float) Activation.LEAKY_SLOPE));
            case ELU:
                return x.apply(OccamOnnxOperators.ELU, Map.of("alpha", 1.0f));
            case SELU:
                return x.apply(OccamOnnxOperators.SELU,
                        attributes("alpha", (float) Activation.SELU_ALPHA, "gamma", (float) Activation.SELU_SCALE));
            case TANH:
                return x.apply(OccamOnnxOperators.TANH);
            case SIGMOID:
                return x.apply(ONNXOperators.SIGMOID);
            case LINEAR:
                return x;
            default:
                throw new IllegalArgumentException("activation " + activation + " has no ONNX form");
        }
    }

    /**
     * Standardizes each row's consecutive groups of features with the group's own mean and biased
     * variance: x̂ = (x − μ_g)/√(σ²_g + ε) (layer normalization is one group).
     * @param x batch × width
     * @param name base name of the tensors
     * @param width the row width
     * @param groups the number of groups (divides width)
     * @param epsilon ε
     * @return x̂, batch × width
     */
    public static ONNXRef<?> standardizeGroups(ONNXRef<?> x, String name, int width, int groups, double epsilon) {
        ONNXContext c = x.onnxContext();
        ONNXRef<?> grouped = x.apply(OccamOnnxOperators.RESHAPE, c.array(name + "_grouped_shape", new long[]{-1, groups, width / groups}));
        Map<String, Object> lastAxis = attributes("axes", new int[]{2}, "keepdims", 1);
        ONNXRef<?> mean = grouped.apply(ONNXOperators.REDUCE_MEAN, lastAxis);
        ONNXRef<?> centred = grouped.apply(ONNXOperators.SUB, mean);
        ONNXRef<?> variance = centred.apply(ONNXOperators.MUL, centred).apply(ONNXOperators.REDUCE_MEAN, lastAxis);
        ONNXRef<?> deviation = variance.apply(ONNXOperators.ADD, c.constant(name + "_epsilon", (float) epsilon))
                .apply(OccamOnnxOperators.SQRT);
        ONNXRef<?> standardized = centred.apply(ONNXOperators.DIV, deviation);
        return standardized.apply(OccamOnnxOperators.RESHAPE, c.array(name + "_shape", new long[]{-1, width}));
    }

    /** Metadata key of the input columns' feature names, comma-separated in column order. */
    public static final String FEATURES_METADATA_FIELD = "OCCAM_FEATURES";
    /** Metadata key of the output columns' names (labels or regression dimensions), comma-separated in column order. */
    public static final String OUTPUTS_METADATA_FIELD = "OCCAM_OUTPUTS";

    /**
     * Adds the column names to a model's metadata, so that a user of the file alone (say in
     * Python's onnxruntime) knows which feature each input column is and which label or dimension
     * each output column is.
     * @param model the ONNX model
     * @param features the feature names in input-column (feature-id) order
     * @param outputs the output names in output-column order
     * @return the model with two more metadata entries
     */
    public static OnnxMl.ModelProto withColumnNames(OnnxMl.ModelProto model, List<String> features, List<String> outputs) {
        return model.toBuilder()
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(FEATURES_METADATA_FIELD).setValue(String.join(",", features)))
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(OUTPUTS_METADATA_FIELD).setValue(String.join(",", outputs)))
                .build();
    }

    /**
     * Two ONNX node attributes in the order given. Not {@code Map.of}: its iteration order changes from one JVM
     * process to the next, and the attributes are written to the model file in the map's order, so the same model
     * would export to different bytes.
     */
    static Map<String, Object> attributes(String name1, Object value1, String name2, Object value2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name1, value1);
        m.put(name2, value2);
        return m;
    }
}
