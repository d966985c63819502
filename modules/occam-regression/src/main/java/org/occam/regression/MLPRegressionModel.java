package org.occam.regression;

import org.occam.core.onnx.OnnxGraphs;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.occam.core.history.TrainingHistory;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.nn.Network;
import org.occam.core.protos.MLPModelProto;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.regression.Regressor;

import java.util.Arrays;

/**
 * A trained MLP regressor. The network predicts standardized targets when the trainer
 * standardized them; predictions are mapped back, ŷ = mean + scale·output, per dimension.
 * Serializes through Tribuo's protobuf path.
 */
public final class MLPRegressionModel extends AbstractMLPModel<Regressor> {
    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    private final String[] dimensionNames;
    private final double[] targetMean;
    private final double[] targetScale;

    MLPRegressionModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                       ImmutableOutputInfo<Regressor> outputIDInfo, Network network, String[] dimensionNames,
                       double[] targetMean, double[] targetScale, TrainingHistory history) {
        super(name, provenance, featureIDMap, outputIDInfo, false, network, history);
        int d = outputIDInfo.size();
        if (network.outputWidth() != d || dimensionNames.length != d) {
            throw new IllegalArgumentException("network has " + network.outputWidth() + " outputs, " + dimensionNames.length
                    + " dimension names, output domain " + d);
        }
        if ((targetMean == null) != (targetScale == null)
                || (targetMean != null && (targetMean.length != d || targetScale.length != d))) {
            throw new IllegalArgumentException("target standardization must give a mean and a scale per dimension");
        }
        this.dimensionNames = dimensionNames.clone();
        this.targetMean = targetMean == null ? null : targetMean.clone();
        this.targetScale = targetScale == null ? null : targetScale.clone();
    }

    /** @return true if the network was trained on standardized targets */
    public boolean standardizesTargets() {
        return targetMean != null;
    }

    @Override
    protected Prediction<Regressor> toPrediction(double[] out, int knownFeatures, Example<Regressor> example) {
        double[] values = new double[out.length];
        for (int j = 0; j < out.length; j++) {
            values[j] = targetMean == null ? out[j] : targetMean[j] + targetScale[j] * out[j];
        }
        return new Prediction<>(new Regressor(dimensionNames, values), knownFeatures, example);
    }

    @Override
    protected org.occam.core.math.Matrix toOutputSpace(org.occam.core.math.Matrix raw) {
        if (targetMean == null) {
            return raw;
        }
        for (int r = 0; r < raw.rows(); r++) {
            for (int j = 0; j < raw.cols(); j++) {
                raw.set(r, j, targetMean[j] + targetScale[j] * raw.get(r, j));
            }
        }
        return raw;
    }

    @Override
    public ModelProto serialize() {
        MLPModelProto.Builder b = protoBuilder().addAllDimensionNames(Arrays.asList(dimensionNames));
        if (targetMean != null) {
            for (int j = 0; j < targetMean.length; j++) {
                b.addTargetMean(targetMean[j]).addTargetScale(targetScale[j]);
            }
        }
        return ModelProto.newBuilder()
                .setVersion(CURRENT_VERSION)
                .setClassName(MLPRegressionModel.class.getName())
                .setSerializedData(Any.pack(b.build()))
                .build();
    }

    /**
     * Deserialization factory, called by Tribuo's {@code ProtoUtil}.
     * @param version the serialized version
     * @param className the class name
     * @param message the serialized data
     * @return the model
     * @throws InvalidProtocolBufferException if the message is not an Occam MLP model
     */
    public static MLPRegressionModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most version " + CURRENT_VERSION);
        }
        MLPModelProto proto = message.unpack(MLPModelProto.class);
        ModelDataCarrier<?> carrier = metadata(proto);
        if (!carrier.outputDomain().getOutput(0).getClass().equals(Regressor.class)) {
            throw new IllegalStateException("Invalid protobuf, output domain is not a regression domain, found "
                    + carrier.outputDomain().getClass());
        }
        @SuppressWarnings("unchecked") // guarded by the class check above
        ImmutableOutputInfo<Regressor> outputs = (ImmutableOutputInfo<Regressor>) carrier.outputDomain();
        double[] mean = proto.getTargetMeanCount() == 0 ? null : proto.getTargetMeanList().stream().mapToDouble(Double::doubleValue).toArray();
        double[] scale = proto.getTargetScaleCount() == 0 ? null : proto.getTargetScaleList().stream().mapToDouble(Double::doubleValue).toArray();
        return new MLPRegressionModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), outputs,
                Network.fromProto(proto.getNetwork()), proto.getDimensionNamesList().toArray(new String[0]), mean, scale, null);
    }

    @Override
    protected MLPRegressionModel copy(String newName, ModelProvenance newProvenance) {
        return new MLPRegressionModel(newName, newProvenance, featureIDMap, outputIDInfo, Network.fromProto(network.toProto()),
                dimensionNames, targetMean, targetScale, trainingHistory().orElse(null));
    }

    /** Writes ŷ = mean + scale·output per dimension (the identity when targets were not standardized). */
    @Override
    protected ONNXNode writeOnnxHead(ONNXRef<?> raw) {
        if (targetMean == null) {
            return raw.apply(ONNXOperators.IDENTITY);
        }
        ONNXRef<?> y = OnnxGraphs.affine(raw, "target_destandardization", targetScale, targetMean);
        return y instanceof ONNXNode ? (ONNXNode) y : y.apply(ONNXOperators.IDENTITY);
    }

    @Override
    protected String onnxModelName() {
        return "occam-mlp-regression";
    }

    /** @return the dimension names in network order: the columns of the ONNX output */
    @Override
    public java.util.List<String> onnxOutputNames() {
        return java.util.List.of(dimensionNames);
    }
}
