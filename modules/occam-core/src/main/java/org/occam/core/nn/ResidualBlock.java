package org.occam.core.nn;

import org.tribuo.util.onnx.ONNXRef;
import org.tribuo.util.onnx.ONNXOperators;
import org.occam.core.onnx.OnnxLayer;
import org.occam.core.onnx.OnnxGraphs;
import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;

import java.util.ArrayList;
import java.util.List;

/**
 * A residual block {@code y = x + f(x)} whose branch f is a sequence of layers of equal input and
 * output width (He et al. 2016). Backward: {@code ∂L/∂x = ∂L/∂y + f'ᵀ·∂L/∂y}.
 */
public final class ResidualBlock implements Layer, OnnxLayer, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    private final String name;
    private final int width;
    private final List<Layer> branch;
    private final List<Parameter> parameters;
    private transient Matrix output;
    private transient Matrix gradInput;

    /**
     * @param name the block's name
     * @param width row width, in and out
     * @param branch the branch's layers, each width → width
     */
    public ResidualBlock(String name, int width, List<Layer> branch) {
        List<Parameter> params = new ArrayList<>();
        for (Layer l : branch) {
            if (l.inputWidth() != width || l.outputWidth() != width) {
                throw new IllegalArgumentException("residual block " + name + " needs width " + width + " throughout, layer "
                        + l.name() + " is " + l.inputWidth() + "→" + l.outputWidth());
            }
            params.addAll(l.parameters());
        }
        this.name = name;
        this.width = width;
        this.branch = List.copyOf(branch);
        this.parameters = List.copyOf(params);
    }

    /** @return the branch's layers */
    public List<Layer> branch() {
        return branch;
    }

    /** @return the branch's layers */
    @Override
    public List<Layer> children() {
        return branch;
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
    public Matrix forward(Matrix input, Mode mode) {
        Matrix f = input;
        for (Layer l : branch) {
            f = l.forward(f, mode);
        }
        Matrix y = mode == Mode.TRAIN ? Matrix.reuse(output, input.rows(), width) : new Matrix(input.rows(), width);
        double[] yd = y.data();
        double[] xd = input.data();
        double[] fd = f.data();
        for (int i = 0; i < yd.length; i++) {
            yd[i] = xd[i] + fd[i];
        }
        if (mode == Mode.TRAIN) {
            output = y;
        }
        return y;
    }

    @Override
    public Matrix sample(Matrix input, java.util.SplittableRandom rng) {
        Matrix f = input;
        for (Layer l : branch) {
            f = l.sample(f, rng);
        }
        Matrix y = new Matrix(input.rows(), width);
        for (int i = 0; i < y.size(); i++) {
            y.data()[i] = input.data()[i] + f.data()[i];
        }
        return y;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        Matrix g = gradOutput;
        for (int i = branch.size() - 1; i >= 0; i--) {
            g = branch.get(i).backward(g, true);
        }
        if (!needInputGradient) {
            return null;
        }
        gradInput = Matrix.reuse(gradInput, gradOutput.rows(), width);
        double[] out = gradInput.data();
        double[] a = gradOutput.data();
        double[] b = g.data();
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + b[i];
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public LayerProto toProto() {
        LayerProto.Builder b = LayerProto.newBuilder().setClassName(ResidualBlock.class.getName()).setVersion(VERSION)
                .setName(name).putProperties("width", Integer.toString(width));
        for (Layer l : branch) {
            b.addChildren(l.toProto());
        }
        return b.build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the block
     */
    public static ResidualBlock fromProto(LayerProto proto) {
        if (proto.getVersion() > VERSION) {
            throw new IllegalArgumentException("unsupported ResidualBlock version " + proto.getVersion());
        }
        List<Layer> branch = new ArrayList<>();
        for (LayerProto c : proto.getChildrenList()) {
            branch.add(Layers.fromProto(c));
        }
        return new ResidualBlock(proto.getName(), Layers.intProperty(proto, "width"), branch);
    }

    @Override
    public String toString() {
        return name + "(Residual " + branch + ")";
    }

    /** Writes y = x + F(x), F the branch's layers (each must have an ONNX form). */
    @Override
    public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
        return input.apply(ONNXOperators.ADD, OnnxGraphs.layers(branch, input));
    }
}
