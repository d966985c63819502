package org.occam.classification;

import org.occam.core.nn.SigmoidBinaryCrossEntropy;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.occam.core.history.TrainingHistory;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.math.Matrix;
import org.occam.core.protos.MLPModelProto;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained MLP classifier. Predictions carry the probability of every label: the softmax of one
 * logit per label, or with the LOGISTIC head (one output for two labels) σ(z) for label id 1 and
 * 1 − σ(z) for label id 0; inference
 * is deterministic (stochastic layers are inactive). Serializes through Tribuo's protobuf path
 * ({@link #serialize()}, {@code Model.deserializeFromFile}).
 */
public final class MLPClassificationModel extends AbstractMLPModel<Label> {
    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    MLPClassificationModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                           ImmutableOutputInfo<Label> outputIDInfo, Network network, TrainingHistory history) {
        super(name, provenance, featureIDMap, outputIDInfo, true, network, history);
        boolean logistic = network.outputWidth() == 1 && outputIDInfo.size() == 2;
        if (network.outputWidth() != outputIDInfo.size() && !logistic) {
            throw new IllegalArgumentException("network has " + network.outputWidth() + " outputs, label domain " + outputIDInfo.size());
        }
    }

    /** @return the output head: LOGISTIC when the network has one output for two labels */
    public OutputHead outputHead() {
        return network.outputWidth() == 1 && outputIDInfo.size() == 2 ? OutputHead.LOGISTIC : OutputHead.SOFTMAX;
    }

    @Override
    protected Prediction<Label> toPrediction(double[] row, int knownFeatures, Example<Label> example) {
        double[] logits = probabilitiesOf(row);
        Map<String, Label> scores = new LinkedHashMap<>();
        for (int id = 0; id < logits.length; id++) {
            String name = outputIDInfo.getOutput(id).getLabel();
            scores.put(name, new Label(name, logits[id]));
        }
        int best = best(logits);
        Label top = new Label(outputIDInfo.getOutput(best).getLabel(), logits[best]);
        return new Prediction<>(top, scores, knownFeatures, example, true);
    }

    /**
     * The label {@code predict} gives each row of a feature matrix, without an Example or a
     * Prediction per row: the network's forward pass over all rows (in the chunks {@code predict}
     * uses for a list of examples), then the same probabilities and the same rule (the first label
     * of highest probability). For many points at once, such as a report's decision-boundary grid.
     * @param features rows × features, column j the feature with id j in this model's feature map,
     *        as {@code predict} sees it (transformed, when this model is inside a TransformedModel)
     * @return the predicted label of each row
     */
    public String[] predictLabels(Matrix features) {
        if (features.cols() != featureIDMap.size()) {
            throw new IllegalArgumentException("the model has " + featureIDMap.size() + " features, the matrix " + features.cols() + " columns");
        }
        Matrix out = org.occam.core.train.TrainingLoop.forwardInChunks(network, features);
        String[] labels = new String[out.rows()];
        double[] row = new double[out.cols()];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(out.data(), i * out.cols(), row, 0, out.cols());
            labels[i] = outputIDInfo.getOutput(best(probabilitiesOf(row))).getLabel();
        }
        return labels;
    }

    /** The label probabilities of a raw output row, in label-id order (the row itself, overwritten, for a softmax head). */
    private static double[] probabilitiesOf(double[] row) {
        if (row.length == 1) {
            return probabilities(row[0]);
        }
        SoftmaxCrossEntropy.softmaxInPlace(new Matrix(1, row.length, row));
        return row;
    }

    /** @return the first index of the largest value */
    private static int best(double[] p) {
        int best = 0;
        for (int id = 1; id < p.length; id++) {
            if (p[id] > p[best]) {
                best = id;
            }
        }
        return best;
    }

    @Override
    protected Matrix toOutputSpace(Matrix raw) {
        if (raw.cols() != 1) {
            SoftmaxCrossEntropy.softmaxInPlace(raw);
            return raw;
        }
        Matrix out = new Matrix(raw.rows(), 2);
        for (int r = 0; r < raw.rows(); r++) {
            double[] p = probabilities(raw.get(r, 0));
            out.set(r, 0, p[0]);
            out.set(r, 1, p[1]);
        }
        return out;
    }

    /** Logistic head: the logit z of label id 1 → {1 − σ(z), σ(z)} in label-id order. */
    private static double[] probabilities(double z) {
        Matrix m = Matrix.of(new double[]{z});
        new SigmoidBinaryCrossEntropy().toPredictionsInPlace(m);
        double p = m.get(0, 0);
        return new double[]{1.0 - p, p};
    }

    @Override
    public ModelProto serialize() {
        return ModelProto.newBuilder()
                .setVersion(CURRENT_VERSION)
                .setClassName(MLPClassificationModel.class.getName())
                .setSerializedData(Any.pack(protoBuilder().build()))
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
    public static MLPClassificationModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most version " + CURRENT_VERSION);
        }
        MLPModelProto proto = message.unpack(MLPModelProto.class);
        ModelDataCarrier<?> carrier = metadata(proto);
        if (!carrier.outputDomain().getOutput(0).getClass().equals(Label.class)) {
            throw new IllegalStateException("Invalid protobuf, output domain is not a label domain, found "
                    + carrier.outputDomain().getClass());
        }
        @SuppressWarnings("unchecked") // guarded by the class check above
        ImmutableOutputInfo<Label> outputs = (ImmutableOutputInfo<Label>) carrier.outputDomain();
        return new MLPClassificationModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), outputs,
                Network.fromProto(proto.getNetwork()), null);
    }

    @Override
    protected MLPClassificationModel copy(String newName, ModelProvenance newProvenance) {
        return new MLPClassificationModel(newName, newProvenance, featureIDMap, outputIDInfo,
                Network.fromProto(network.toProto()), trainingHistory().orElse(null));
    }

    /** Writes the softmax over the logits: class probabilities in label-id order. */
    @Override
    protected ONNXNode writeOnnxHead(ONNXRef<?> raw) {
        if (outputHead() == OutputHead.LOGISTIC) {
            ONNXNode p = raw.apply(ONNXOperators.SIGMOID);
            ONNXNode q = raw.onnxContext().constant("one", 1.0f).apply(ONNXOperators.SUB, p);
            return raw.onnxContext().operation(ONNXOperators.CONCAT, java.util.List.of(q, p), "probabilities", Map.of("axis", 1));
        }
        return raw.apply(ONNXOperators.SOFTMAX, Map.of("axis", 1));
    }

    @Override
    protected String onnxModelName() {
        return "occam-mlp-classification";
    }

    /** @return the labels in label-id order: the columns of the ONNX output */
    @Override
    public java.util.List<String> onnxOutputNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int id = 0; id < outputIDInfo.size(); id++) {
            names.add(outputIDInfo.getOutput(id).getLabel());
        }
        return names;
    }
}
