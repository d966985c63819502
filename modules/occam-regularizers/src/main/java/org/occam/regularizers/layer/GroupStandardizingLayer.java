package org.occam.regularizers.layer;

import org.occam.core.nn.SameWidthLayer;
import org.tribuo.util.onnx.ONNXRef;
import org.occam.core.onnx.OnnxLayer;
import org.occam.core.onnx.OnnxGraphs;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Parameter;
import org.occam.core.protos.LayerProto;

import java.util.List;

/**
 * What layer and group normalization share: each example's features, in {@code groups} groups of
 * consecutive features, are standardized with their own mean and biased variance, then scaled and
 * shifted per feature, {@code y = γ_j·x̂ + β_j}. Only the example itself is used, so TRAIN and
 * INFER compute the same thing; TRAIN also keeps what backward needs.
 */
abstract class GroupStandardizingLayer extends SameWidthLayer implements OnnxLayer {
    private static final long serialVersionUID = 1L;

    private final int groups;
    private final double epsilon;
    private final Parameter gamma;
    private final Parameter beta;
    private transient double[] inverseStddev;
    private transient Matrix xHat;
    private transient Matrix output;
    private transient Matrix gradInput;

    /**
     * @param name the layer's name
     * @param groups number of groups, dividing the width
     * @param epsilon ε &gt; 0
     * @param gamma γ, 1 × width (kept, not copied)
     * @param beta β, 1 × width (kept, not copied)
     */
    GroupStandardizingLayer(String name, int groups, double epsilon, Matrix gamma, Matrix beta) {
        super(name, gamma.cols());
        checkEpsilon(name, epsilon);
        if (groups < 1 || gamma.cols() % groups != 0) {
            throw new IllegalArgumentException("layer " + name + ": groups must divide the width " + gamma.cols()
                    + ", found groups = " + groups);
        }
        for (Matrix m : List.of(gamma, beta)) {
            if (m.rows() != 1 || m.cols() != gamma.cols()) {
                throw new IllegalArgumentException("layer " + name + ": expected 1×" + gamma.cols() + " tensors, found "
                        + m.rows() + "×" + m.cols());
            }
        }
        this.groups = groups;
        this.epsilon = epsilon;
        this.gamma = new Parameter(name, "gamma", Parameter.Role.OTHER, false, gamma);
        this.beta = new Parameter(name, "beta", Parameter.Role.OTHER, false, beta);
    }

    /** @return the number of groups per example */
    final int groupCount() {
        return groups;
    }

    /** @return ε */
    public final double epsilon() {
        return epsilon;
    }

    /** @return the scale γ */
    public final Parameter gamma() {
        return gamma;
    }

    /** @return the shift β */
    public final Parameter beta() {
        return beta;
    }

    @Override
    public final Matrix forward(Matrix input, Mode mode) {
        checkInput(input);
        int rows = input.rows();
        int width = width();
        if (mode == Mode.INFER) {
            Matrix y = new Matrix(rows, width);
            NormalizationKernels.standardizeGroups(input.data(), rows, width, groups, epsilon, y.data(), new double[rows * groups]);
            NormalizationKernels.scaleAndShift(y.data(), rows, width, gamma.value().data(), beta.value().data(), y.data());
            return y;
        }
        xHat = Matrix.reuse(xHat, rows, width);
        if (inverseStddev == null || inverseStddev.length != rows * groups) {
            inverseStddev = new double[rows * groups];
        }
        NormalizationKernels.standardizeGroups(input.data(), rows, width, groups, epsilon, xHat.data(), inverseStddev);
        output = Matrix.reuse(output, rows, width);
        NormalizationKernels.scaleAndShift(xHat.data(), rows, width, gamma.value().data(), beta.value().data(), output.data());
        return output;
    }

    @Override
    public final Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        checkForwardRan(xHat);
        int rows = xHat.rows();
        int width = width();
        checkGradient(gradOutput, rows);
        gradInput = Matrix.reuse(gradInput, rows, width);
        double[] gradXHat = gradInput.data();
        NormalizationKernels.scaleAndShiftBackward(gradOutput.data(), xHat.data(), rows, width, gamma.value().data(),
                gamma.gradient().data(), beta.gradient().data(), gradXHat);
        if (!needInputGradient) {
            return null;
        }
        NormalizationKernels.standardizeGroupsBackward(gradXHat, xHat.data(), inverseStddev, rows, width, groups, gradXHat);
        return gradInput;
    }

    @Override
    public final List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    /**
     * @param version the message version
     * @return a message builder with the shared fields, ε, γ and β
     */
    final LayerProto.Builder normalizationProtoBuilder(int version) {
        return protoBuilder(version)
                .putProperties("epsilon", Double.toString(epsilon))
                .addTensors(Layers.tensorToProto("gamma", gamma.value()))
                .addTensors(Layers.tensorToProto("beta", beta.value()));
    }

    /** Writes the group standardization, then y = γ_j·x̂_j + β_j. */
    @Override
    public final ONNXRef<?> writeOnnx(ONNXRef<?> input) {
        ONNXRef<?> standardized = OnnxGraphs.standardizeGroups(input, name(), width(), groups, epsilon);
        return OnnxGraphs.affine(standardized, name(), gamma.value().data(), beta.value().data());
    }
}
