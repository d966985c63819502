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
 * The runtime layer of {@link BatchNormalization}: per-feature standardization with batch
 * statistics in training and running statistics in inference, then a learnable scale γ and shift β.
 * <pre>
 * TRAIN   μ_j, σ²_j = mean and biased variance of column j over the batch
 *         y = γ_j·(x − μ_j)/√(σ²_j + ε) + β_j
 *         runningMean_j     ← d·runningMean_j     + (1 − d)·μ_j
 *         runningVariance_j ← d·runningVariance_j + (1 − d)·σ²_j          (d = runningAverageDecay)
 * INFER   y = γ_j·(x − runningMean_j)/√(runningVariance_j + ε) + β_j   (nothing is updated)
 * </pre>
 * Backward goes through the batch statistics (see {@link NormalizationKernels}). γ and β are
 * {@link Parameter}s of role {@link Parameter.Role#OTHER}, so weight penalties leave them alone by
 * default; the running statistics are buffers, written by {@link #toProto()} beside γ and β.
 * Fresh layers start with γ = 1, β = 0, running mean 0 and running variance 1, as in Keras and PyTorch.
 */
public final class BatchNormalizationLayer extends SameWidthLayer implements OnnxLayer {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 0;

    private final double epsilon;
    private final double runningAverageDecay;
    private final Parameter gamma;
    private final Parameter beta;
    private final Matrix runningMean;
    private final Matrix runningVariance;
    private transient double[] batchMean;
    private transient double[] batchVariance;
    private transient double[] inverseStddev;
    private transient Matrix xHat;
    private transient Matrix output;
    private transient Matrix gradInput;

    /**
     * A fresh layer: γ = 1, β = 0, running mean 0, running variance 1.
     * @param name the layer's name
     * @param width the row width
     * @param epsilon ε &gt; 0, added to the variance
     * @param runningAverageDecay d ∈ [0, 1), the weight of the old running statistics
     */
    public BatchNormalizationLayer(String name, int width, double epsilon, double runningAverageDecay) {
        this(name, epsilon, runningAverageDecay, filled(width, 1.0), filled(width, 0.0),
                filled(width, 0.0), filled(width, 1.0));
    }

    /**
     * A layer with given tensors (kept, not copied), as read from a model.
     * @param name the layer's name
     * @param epsilon ε &gt; 0
     * @param runningAverageDecay d ∈ [0, 1)
     * @param gamma γ, 1 × width
     * @param beta β, 1 × width
     * @param runningMean 1 × width
     * @param runningVariance 1 × width, values ≥ 0
     */
    public BatchNormalizationLayer(String name, double epsilon, double runningAverageDecay, Matrix gamma, Matrix beta,
                                   Matrix runningMean, Matrix runningVariance) {
        super(name, gamma.cols());
        checkEpsilon(name, epsilon);
        if (!(runningAverageDecay >= 0 && runningAverageDecay < 1)) {
            throw new IllegalArgumentException("layer " + name + ": expected runningAverageDecay in [0, 1), found " + runningAverageDecay);
        }
        for (Matrix m : List.of(gamma, beta, runningMean, runningVariance)) {
            if (m.rows() != 1 || m.cols() != gamma.cols()) {
                throw new IllegalArgumentException("layer " + name + ": expected 1×" + gamma.cols() + " tensors, found "
                        + m.rows() + "×" + m.cols());
            }
        }
        for (double v : runningVariance.data()) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("layer " + name + ": running variance must be finite and ≥ 0, found " + v);
            }
        }
        this.epsilon = epsilon;
        this.runningAverageDecay = runningAverageDecay;
        this.gamma = new Parameter(name, "gamma", Parameter.Role.OTHER, false, gamma);
        this.beta = new Parameter(name, "beta", Parameter.Role.OTHER, false, beta);
        this.runningMean = runningMean;
        this.runningVariance = runningVariance;
    }

    /** @return ε */
    public double epsilon() {
        return epsilon;
    }

    /** @return the running-average decay d */
    public double runningAverageDecay() {
        return runningAverageDecay;
    }

    /** @return the scale γ */
    public Parameter gamma() {
        return gamma;
    }

    /** @return the shift β */
    public Parameter beta() {
        return beta;
    }

    /** @return a copy of the running mean, 1 × width */
    public Matrix runningMean() {
        return runningMean.copy();
    }

    /** @return a copy of the running variance, 1 × width */
    public Matrix runningVariance() {
        return runningVariance.copy();
    }

    @Override
    public Matrix forward(Matrix input, Mode mode) {
        checkInput(input);
        int rows = input.rows();
        int width = width();
        if (mode == Mode.INFER) {
            double[] s = new double[width];
            NormalizationKernels.inverseStddev(runningVariance.data(), epsilon, s, width);
            Matrix y = new Matrix(rows, width);
            NormalizationKernels.standardizeColumns(input.data(), rows, width, runningMean.data(), s, y.data());
            NormalizationKernels.scaleAndShift(y.data(), rows, width, gamma.value().data(), beta.value().data(), y.data());
            return y;
        }
        if (rows == 0) {
            throw new IllegalArgumentException("layer " + name() + ": batch statistics need at least one row");
        }
        if (batchMean == null) {
            batchMean = new double[width];
            batchVariance = new double[width];
            inverseStddev = new double[width];
        }
        NormalizationKernels.columnMeanAndVariance(input.data(), rows, width, batchMean, batchVariance);
        NormalizationKernels.inverseStddev(batchVariance, epsilon, inverseStddev, width);
        xHat = Matrix.reuse(xHat, rows, width);
        NormalizationKernels.standardizeColumns(input.data(), rows, width, batchMean, inverseStddev, xHat.data());
        output = Matrix.reuse(output, rows, width);
        NormalizationKernels.scaleAndShift(xHat.data(), rows, width, gamma.value().data(), beta.value().data(), output.data());
        updateRunningStatistics();
        return output;
    }

    private void updateRunningStatistics() {
        double d = runningAverageDecay;
        double[] mean = runningMean.data();
        double[] variance = runningVariance.data();
        for (int j = 0; j < mean.length; j++) {
            mean[j] = d * mean[j] + (1.0 - d) * batchMean[j];
            variance[j] = d * variance[j] + (1.0 - d) * batchVariance[j];
        }
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
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
        NormalizationKernels.standardizeColumnsBackward(gradXHat, xHat.data(), inverseStddev, rows, width, gradXHat);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    /** @return the running mean and variance, so snapshots (early stopping's restore) include them */
    @Override
    public java.util.List<Matrix> state() {
        return java.util.List.of(runningMean, runningVariance);
    }

    @Override
    public LayerProto toProto() {
        return protoBuilder(VERSION)
                .putProperties("epsilon", Double.toString(epsilon))
                .putProperties("runningAverageDecay", Double.toString(runningAverageDecay))
                .addTensors(Layers.tensorToProto("gamma", gamma.value()))
                .addTensors(Layers.tensorToProto("beta", beta.value()))
                .addTensors(Layers.tensorToProto("runningMean", runningMean))
                .addTensors(Layers.tensorToProto("runningVariance", runningVariance))
                .build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the layer, with its running statistics
     */
    public static BatchNormalizationLayer fromProto(LayerProto proto) {
        checkProto(proto, BatchNormalizationLayer.class, VERSION);
        int width = Layers.intProperty(proto, "width");
        return new BatchNormalizationLayer(proto.getName(), doubleProperty(proto, "epsilon"),
                doubleProperty(proto, "runningAverageDecay"), Layers.tensor(proto, "gamma", 1, width),
                Layers.tensor(proto, "beta", 1, width), Layers.tensor(proto, "runningMean", 1, width),
                Layers.tensor(proto, "runningVariance", 1, width));
    }

    @Override
    public String toString() {
        return name() + "(BatchNormalizationLayer width " + width() + ", ε=" + epsilon + ", d=" + runningAverageDecay + ")";
    }

    /**
     * Writes the inference form as one affine map per feature:
     * y_j = s_j·x_j + (β_j − s_j·runningMean_j), s_j = γ_j/√(runningVariance_j + ε).
     */
    @Override
    public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
        int width = width();
        double[] scale = new double[width];
        double[] shift = new double[width];
        for (int j = 0; j < width; j++) {
            scale[j] = gamma.value().data()[j] / Math.sqrt(runningVariance.data()[j] + epsilon);
            shift[j] = beta.value().data()[j] - scale[j] * runningMean.data()[j];
        }
        return OnnxGraphs.affine(input, name(), scale, shift);
    }
}
