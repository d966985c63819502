package org.occam.core.nn;

import org.tribuo.util.onnx.ONNXRef;
import org.occam.core.onnx.OnnxLayer;
import org.occam.core.onnx.OnnxGraphs;
import org.occam.core.math.Elementwise;
import org.occam.core.math.Gemm;
import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;

import java.util.List;

/**
 * A fully connected layer {@code y = x·Wᵀ + b} with weights W of shape {@code out × in} and a
 * separate bias b of shape {@code 1 × out} (never folded into W, so penalties can leave it alone).
 * <p>
 * Backward, for a batch X (b × in) and upstream gradient G (b × out):
 * {@code ∂L/∂W += Gᵀ·X}, {@code ∂L/∂b += Σ_rows G}, {@code ∂L/∂X = G·W}. The loss hands in
 * gradients of the batch <em>mean</em>, so these are already averages over the batch.
 * <p>
 * <b>Fixed-block reduction</b>: the sums over rows in ∂L/∂W and ∂L/∂b are formed in blocks of
 * {@value #REDUCTION_BLOCK} consecutive rows (the last block may be shorter): each block's sum is
 * computed from zero and added to the gradient, block after block. So the gradient's bits depend
 * on the rows and their order only, not on how the batch is cut for execution: a pass that
 * computes later blocks elsewhere (the training loop's data-parallel pass) and adds them in the
 * same order gets the same bits.
 */
public final class Dense implements Layer, OnnxLayer, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;
    /** Rows per block of the gradient's sum over rows (part of the numerics version). */
    public static final int REDUCTION_BLOCK = 32;

    private final String name;
    private final Parameter weight;
    private final Parameter bias;
    private transient Matrix input;
    private transient Matrix output;
    private transient Matrix gradInput;

    /**
     * @param name the layer's name
     * @param weights out × in (kept, not copied)
     * @param bias 1 × out (kept, not copied)
     * @param outputLayer true if this layer produces the network output
     */
    public Dense(String name, Matrix weights, Matrix bias, boolean outputLayer) {
        if (bias.rows() != 1 || bias.cols() != weights.rows()) {
            throw new IllegalArgumentException("bias must be 1×" + weights.rows() + ", found " + bias.rows() + "×" + bias.cols());
        }
        this.name = name;
        this.weight = new Parameter(name, "weight", Parameter.Role.WEIGHT, outputLayer, weights);
        this.bias = new Parameter(name, "bias", Parameter.Role.BIAS, outputLayer, bias);
    }

    /** @return W as a parameter */
    public Parameter weight() {
        return weight;
    }

    /** @return b as a parameter */
    public Parameter bias() {
        return bias;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputWidth() {
        return weight.value().cols();
    }

    @Override
    public int outputWidth() {
        return weight.value().rows();
    }

    @Override
    public Matrix forward(Matrix in, Mode mode) {
        int rows = in.rows();
        int out = outputWidth();
        Matrix y = mode == Mode.TRAIN ? Matrix.reuse(output, rows, out) : new Matrix(rows, out);
        Gemm.timesTransposePlusRow(in, weight.value(), bias.value(), y);   // (x·Wᵀ)_rj + b_j, bias in the write-back
        if (mode == Mode.TRAIN) {
            input = in;
            output = y;
        }
        return y;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        double[] gb = bias.gradient().data();
        double[] g = gradOutput.data();
        int out = outputWidth();
        int rows = gradOutput.rows();
        // a discarded weight gradient is written by the first block: its sum, formed from +0, is never −0,
        // so it has the bits of 0 + sum (the GEMM contract's "sum over k formed from zero")
        boolean overwrite = rows > 0 && weight.takeDiscardedGradient();
        Matrix gw = weight.gradient();
        for (int from = 0; from < rows; from += REDUCTION_BLOCK) {
            int to = Math.min(rows, from + REDUCTION_BLOCK);
            Gemm.transposeTimesRows(gradOutput, input, from, to, gw, !(overwrite && from == 0));
            Elementwise.addBlockColumnSums(g, from, to, out, gb);         // the block's Σ_rows G from zero, then added
        }
        if (!needInputGradient) {
            return null;
        }
        gradInput = Matrix.reuse(gradInput, gradOutput.rows(), inputWidth());
        Gemm.times(gradOutput, weight.value(), gradInput, false);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public LayerProto toProto() {
        return LayerProto.newBuilder().setClassName(Dense.class.getName()).setVersion(VERSION).setName(name)
                .putProperties("in", Integer.toString(inputWidth()))
                .putProperties("out", Integer.toString(outputWidth()))
                .putProperties("outputLayer", Boolean.toString(weight.isOutputLayer()))
                .addTensors(Layers.tensorToProto("weight", weight.value()))
                .addTensors(Layers.tensorToProto("bias", bias.value()))
                .build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the layer
     */
    public static Dense fromProto(LayerProto proto) {
        if (proto.getVersion() > VERSION) {
            throw new IllegalArgumentException("unsupported Dense version " + proto.getVersion());
        }
        int in = Layers.intProperty(proto, "in");
        int out = Layers.intProperty(proto, "out");
        return new Dense(proto.getName(), Layers.tensor(proto, "weight", out, in), Layers.tensor(proto, "bias", 1, out),
                Boolean.parseBoolean(Layers.property(proto, "outputLayer")));
    }

    @Override
    public String toString() {
        return name + "(Dense " + inputWidth() + "→" + outputWidth() + ")";
    }

    /** Writes y = x·Wᵀ + b. */
    @Override
    public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
        return OnnxGraphs.dense(input, name(), weight.value(), bias.value());
    }
}
