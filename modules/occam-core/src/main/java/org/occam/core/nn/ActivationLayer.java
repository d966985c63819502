package org.occam.core.nn;

import org.tribuo.util.onnx.ONNXRef;
import org.occam.core.onnx.OnnxLayer;
import org.occam.core.onnx.OnnxGraphs;
import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;

/**
 * Applies an {@link Activation} element-wise. Parameter-free.
 */
public final class ActivationLayer implements Layer, OnnxLayer, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    private final String name;
    private final int width;
    private final Activation activation;
    private transient Matrix input;
    private transient Matrix output;
    private transient Matrix gradInput;

    /**
     * @param name the layer's name
     * @param width the row width (same in and out)
     * @param activation the function
     */
    public ActivationLayer(String name, int width, Activation activation) {
        this.name = name;
        this.width = width;
        this.activation = activation;
    }

    /** @return the function */
    public Activation activation() {
        return activation;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public int outputWidth() {
        return width;
    }

    @Override
    public Matrix forward(Matrix in, Mode mode) {
        Matrix out = mode == Mode.TRAIN ? Matrix.reuse(output, in.rows(), width) : new Matrix(in.rows(), width);
        activation.apply(in.data(), out.data(), in.size());
        if (mode == Mode.TRAIN) {
            input = in;
            output = out;
        }
        return out;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        gradInput = Matrix.reuse(gradInput, gradOutput.rows(), width);
        activation.backward(input.data(), output.data(), gradOutput.data(), gradInput.data(), gradOutput.size());
        return gradInput;
    }

    /** @return the last TRAIN-mode output (for dead-unit statistics), or null */
    public Matrix lastTrainingOutput() {
        return output;
    }

    @Override
    public LayerProto toProto() {
        return LayerProto.newBuilder().setClassName(ActivationLayer.class.getName()).setVersion(VERSION).setName(name)
                .putProperties("width", Integer.toString(width)).putProperties("activation", activation.name()).build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the layer
     */
    public static ActivationLayer fromProto(LayerProto proto) {
        if (proto.getVersion() > VERSION) {
            throw new IllegalArgumentException("unsupported ActivationLayer version " + proto.getVersion());
        }
        return new ActivationLayer(proto.getName(), Layers.intProperty(proto, "width"),
                Activation.valueOf(Layers.property(proto, "activation")));
    }

    @Override
    public String toString() {
        return name + "(" + activation + ")";
    }

    /** Writes the activation function element-wise. */
    @Override
    public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
        return OnnxGraphs.activation(input, activation);
    }
}
