package org.occam.core.model;

import ai.onnx.proto.OnnxMl;
import org.occam.core.onnx.OnnxGraphs;
import org.tribuo.ONNXExportable;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;
import com.google.protobuf.InvalidProtocolBufferException;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Dense;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.protos.MLPModelProto;
import org.occam.core.train.FeatureRows;
import org.occam.core.train.TrainingLoop;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.provenance.ModelProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Occam's MLP models share: a trained {@link Network}, batched inference in INFER mode
 * (deterministic, thread-safe), the training history of the run that made it, and the protobuf
 * layout ({@link MLPModelProto} carrying Tribuo's {@code ModelDataProto} as bytes), and ONNX
 * export through Tribuo's {@link ONNXExportable}: the network's INFER-mode computation (every
 * layer must implement {@link org.occam.core.onnx.OnnxLayer}) followed by the output head, with
 * the model provenance in the ONNX metadata as Tribuo writes it. A run's saved model wraps this one
 * in Tribuo's {@code TransformedModel}; {@link org.occam.core.onnx.OnnxExport} exports that whole.
 * @param <T> the output type
 */
public abstract class AbstractMLPModel<T extends Output<T>> extends Model<T> implements ONNXExportable {
    private static final long serialVersionUID = 1L;

    /** The trained network. */
    protected final Network network;
    private final transient TrainingHistory history;

    /**
     * @param name the model name
     * @param provenance the model provenance
     * @param featureIDMap the feature domain
     * @param outputIDInfo the output domain
     * @param generatesProbabilities true for classification
     * @param network the trained network
     * @param history the training history, or null for a deserialized model
     */
    protected AbstractMLPModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                               ImmutableOutputInfo<T> outputIDInfo, boolean generatesProbabilities,
                               Network network, TrainingHistory history) {
        super(name, provenance, featureIDMap, outputIDInfo, generatesProbabilities);
        if (network.inputWidth() != featureIDMap.size()) {
            throw new IllegalArgumentException("network input width " + network.inputWidth() + " != feature count " + featureIDMap.size());
        }
        this.network = network;
        this.history = history;
    }

    /** @return the training history of the run that produced this model (absent after deserialization) */
    public Optional<TrainingHistory> trainingHistory() {
        return Optional.ofNullable(history);
    }

    /** @return a deep copy of every trainable tensor, keyed in network order by name */
    public Map<String, Matrix> parameterValues() {
        Map<String, Matrix> out = new java.util.LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            out.put(p.name(), p.value().copy());
        }
        return out;
    }

    /**
     * @return whether the network has a stochastic layer (dropout family, variational layers),
     *         i.e. whether {@link #predictiveDistribution} can sample anything
     */
    public boolean isStochastic() {
        return network.isStochastic();
    }

    /** @return a description of the layers, e.g. {@code [hidden1(Dense 2→128), ...]} */
    public String architecture() {
        return network.layers().toString();
    }

    @Override
    public Prediction<T> predict(Example<T> example) {
        return innerPredict(List.of(example)).get(0);
    }

    @Override
    protected List<Prediction<T>> innerPredict(Iterable<Example<T>> examples) {
        List<Example<T>> list = new ArrayList<>();
        examples.forEach(list::add);
        FeatureRows rows = FeatureRows.of(list, featureIDMap);
        for (int i = 0; i < list.size(); i++) {
            if (rows.knownFeatures(i) == 0) {
                throw new IllegalArgumentException("No features found in Example " + list.get(i).toString());
            }
        }
        Matrix out = TrainingLoop.forwardInChunks(network, rows.matrix());
        List<Prediction<T>> predictions = new ArrayList<>(list.size());
        double[] row = new double[out.cols()];
        for (int i = 0; i < list.size(); i++) {
            System.arraycopy(out.data(), i * out.cols(), row, 0, out.cols());
            predictions.add(toPrediction(row, rows.knownFeatures(i), list.get(i)));
        }
        return predictions;
    }

    /**
     * The Monte-Carlo predictive distribution (Gal &amp; Ghahramani 2016): {@code samples} forward
     * passes in which the stochastic layers (dropout family, variational layers) sample as in
     * training, then the mean and the (population) variance of the outputs per example — class
     * probabilities for classification, target values for regression. Deterministic for a seed;
     * ordinary {@code predict} never samples.
     * @param examples the examples
     * @param samples T ≥ 1
     * @param seed the seed of the sampling
     * @return mean and variance, each examples × outputs (in output-id order)
     */
    public PredictiveDistribution predictiveDistribution(List<Example<T>> examples, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be ≥ 1, found " + samples);
        }
        if (!network.isStochastic()) {
            throw new IllegalStateException("this model has no stochastic layer: Monte-Carlo sampling would repeat one prediction");
        }
        Matrix x = FeatureRows.of(examples, featureIDMap).matrix();
        Matrix mean = null;
        Matrix m2 = null;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        Network copy = Network.fromProto(network.toProto()); // sampling uses layers' scratch state: never the shared network
        for (int t = 1; t <= samples; t++) {
            Matrix out = toOutputSpace(copy.sample(x, rng.split()));
            if (mean == null) {
                mean = new Matrix(out.rows(), out.cols());
                m2 = new Matrix(out.rows(), out.cols());
            }
            double[] o = out.data();
            double[] mu = mean.data();
            double[] s = m2.data();
            for (int i = 0; i < o.length; i++) {          // Welford's running mean and variance
                double delta = o[i] - mu[i];
                mu[i] += delta / t;
                s[i] += delta * (o[i] - mu[i]);
            }
        }
        for (int i = 0; i < m2.size(); i++) {
            m2.data()[i] /= samples;
        }
        return new PredictiveDistribution(mean, m2, samples);
    }

    /**
     * Maps raw network outputs to the output space (softmax for classification, undoing target
     * standardization for regression), in place where the width stays.
     * @param raw rows × network outputs (may be overwritten)
     * @return rows × outputs in output-id order (raw itself, or a new matrix for a logistic head)
     */
    protected abstract Matrix toOutputSpace(Matrix raw);

    /**
     * @param rawOutput the network's raw output row (logits or standardized values); may be modified
     * @param knownFeatures number of the example's features the model knows
     * @param example the example
     * @return the prediction
     */
    protected abstract Prediction<T> toPrediction(double[] rawOutput, int knownFeatures, Example<T> example);

    /**
     * A crude feature ranking for an MLP: the L1 norm of each input's column in the first dense
     * layer (how strongly the input is wired into the network), under {@link Model#ALL_OUTPUTS}.
     * @param n how many features (negative for all)
     * @return the ranking
     */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        List<Dense> dense = network.denseLayers();
        if (dense.isEmpty()) {
            return Map.of();
        }
        Matrix w = dense.get(0).weight().value();
        List<Pair<String, Double>> scores = new ArrayList<>();
        for (int j = 0; j < w.cols(); j++) {
            double s = 0;
            for (int r = 0; r < w.rows(); r++) {
                s += Math.abs(w.get(r, j));
            }
            scores.add(new Pair<>(featureIDMap.get(j).getName(), s));
        }
        scores.sort(Comparator.comparing((Pair<String, Double> p) -> p.getB()).reversed());
        int k = n < 0 ? scores.size() : Math.min(n, scores.size());
        return Map.of(ALL_OUTPUTS, new ArrayList<>(scores.subList(0, k)));
    }

    @Override
    public Optional<Excuse<T>> getExcuse(Example<T> example) {
        return Optional.empty();
    }

    /** @return a proto builder with the metadata and the network filled in */
    protected MLPModelProto.Builder protoBuilder() {
        return MLPModelProto.newBuilder()
                .setMetadata(createDataCarrier().serialize().toByteString())
                .setNetwork(network.toProto());
    }

    /**
     * Reads the Tribuo metadata carried as bytes.
     * @param proto the model message
     * @return the carrier
     * @throws InvalidProtocolBufferException if the bytes are not a ModelDataProto
     */
    protected static ModelDataCarrier<?> metadata(MLPModelProto proto) throws InvalidProtocolBufferException {
        return ModelDataCarrier.deserialize(ModelDataProto.parseFrom(proto.getMetadata()));
    }

    /**
     * Writes the network and the output head into {@code input}'s graph.
     * @param input batch × features (float), in feature-id order
     * @return the model's outputs: class probabilities in label-id order, or regression values
     * @throws IllegalArgumentException naming a layer that has no ONNX form
     */
    @Override
    public ONNXNode writeONNXGraph(ONNXRef<?> input) {
        return writeOnnxHead(OnnxGraphs.network(network, input));
    }

    /**
     * Exports the model as an ONNX model with one float input {@code input} (batch × features, in
     * feature-id order) and one float output {@code output} (batch × outputs, in output-id order).
     * @param domain the model's domain, e.g. a reversed DNS name
     * @param modelVersion the model's version
     * @return the ONNX model
     * @throws IllegalArgumentException naming a layer that has no ONNX form
     */
    @Override
    public OnnxMl.ModelProto exportONNXModel(String domain, long modelVersion) {
        ONNXContext context = new ONNXContext();
        context.setName(onnxModelName());
        ONNXPlaceholder input = context.floatInput("input", featureIDMap.size());
        ONNXPlaceholder output = context.floatOutput("output", outputIDInfo.size());
        writeONNXGraph(input).assignTo(output);
        return OnnxGraphs.withColumnNames(ONNXExportable.buildModel(context, domain, modelVersion, this),
                featureNames(), onnxOutputNames());
    }

    /** @return the feature names in feature-id order (the ONNX input columns) */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(featureIDMap.size());
        for (int id = 0; id < featureIDMap.size(); id++) {
            names.add(featureIDMap.get(id).getName());
        }
        return names;
    }

    /** @return the names of the ONNX output columns, in order (labels, or regression dimensions) */
    public abstract List<String> onnxOutputNames();

    /**
     * Maps the network's raw outputs to the model's outputs in the ONNX graph (softmax for
     * classification, undoing target standardization for regression).
     * @param raw the raw outputs
     * @return the outputs
     */
    protected abstract ONNXNode writeOnnxHead(ONNXRef<?> raw);

    /** @return the graph name written into an exported ONNX model */
    protected abstract String onnxModelName();
}
