package org.occam.regularizers.layer;

import org.tribuo.util.onnx.ONNXRef;
import org.occam.core.onnx.OnnxLayer;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.StochasticLayer;
import org.occam.core.protos.LayerProto;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LayerSlot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Variational (Gaussian) dropout with learned rates (Kingma, Salimans &amp; Welling 2015, variant
 * with one α per unit): in training each activation is multiplied by Gaussian noise
 * <pre>
 * y = a ⊙ (1 + √α ⊙ ε),   ε ~ N(0, 1),   α_j = exp(logα_j) learned per unit, logα ≤ 0 (α ≤ 1)
 * loss term = klWeight/n · Σ_j −(½·logα_j + c₁α_j + c₂α_j² + c₃α_j³)      (their eq. 7 approximation,
 *             c₁ = 1.16145124, c₂ = −1.50204118, c₃ = 0.58629921; constant dropped, so the term may be
 *             negative: it is a negative-KL bound, reported apart in the history)
 * </pre>
 * Identity at inference (E[1 + √αε] = 1); Monte-Carlo prediction samples the noise. α starts at
 * p/(1 − p) for {@code initialDropProbability} p (Gaussian dropout's equivalent rate). logα has role
 * OTHER, so weight penalties leave it alone.
 * <pre>
 * Kingma, Salimans &amp; Welling, "Variational Dropout and the Local Reparameterization Trick", NIPS 2015.
 * </pre>
 */
public final class VariationalDropout implements LayerPlugin {
    static final double C1 = 1.16145124;
    static final double C2 = -1.50204118;
    static final double C3 = 0.58629921;

    @Config(description = "Initial drop probability p ∈ (0, 0.5]; α starts at p/(1−p) (≤ 1).")
    private double initialDropProbability = 0.2;

    @Config(description = "Weight of the KL term, divided by the training-set size n (≥ 0).")
    private double klWeight = 1.0;

    @Config(description = "If not empty, only after these hidden layers (names such as hidden1).")
    private List<String> layers = new ArrayList<>();

    /** For OLCUT. */
    private VariationalDropout() {}

    /**
     * After every hidden layer.
     * @param initialDropProbability p
     * @param klWeight KL weight
     */
    public VariationalDropout(double initialDropProbability, double klWeight) {
        this.initialDropProbability = initialDropProbability;
        this.klWeight = klWeight;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(initialDropProbability > 0 && initialDropProbability <= 0.5)) {
            throw new PropertyException("", "initialDropProbability", "expected initialDropProbability in (0, 0.5] (α ≤ 1), found " + initialDropProbability);
        }
        if (!(klWeight >= 0) || Double.isInfinite(klWeight)) {
            throw new PropertyException("", "klWeight", "expected a finite klWeight ≥ 0, found " + klWeight);
        }
        if (layers == null) {
            layers = new ArrayList<>();
        }
    }

    /**
     * The approximate negative KL per unit as a loss: −(½·logα + c₁α + c₂α² + c₃α³).
     * @param logAlpha log α
     * @return the loss term
     */
    public static double klTerm(double logAlpha) {
        double a = Math.exp(logAlpha);
        return -(0.5 * logAlpha + C1 * a + C2 * a * a + C3 * a * a * a);
    }

    @Override
    public List<String> layers() {
        return List.copyOf(layers);
    }

    @Override
    public String placement() {
        return "after the activation of " + (layers.isEmpty() ? "every hidden layer" : "hidden layers " + layers);
    }

    @Override
    public Optional<Layer> createLayer(LayerSlot slot, String name, SplittableRandom rng) {
        if (slot.position() != LayerSlot.Position.AFTER_ACTIVATION || (!layers.isEmpty() && !layers.contains(slot.hiddenLayer()))) {
            return Optional.empty();
        }
        Matrix logAlpha = new Matrix(1, slot.width());
        java.util.Arrays.fill(logAlpha.data(), Math.log(initialDropProbability / (1 - initialDropProbability)));
        return Optional.of(new NoiseLayer(name, logAlpha, klWeight, rng));
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LayerPlugin");
    }

    @Override
    public String toString() {
        return "VariationalDropout(initialDropProbability=" + initialDropProbability + ",klWeight=" + klWeight + ",layers=" + layers + ")";
    }

    /** The multiplicative Gaussian noise layer with learned per-unit α. */
    public static final class NoiseLayer implements StochasticLayer, OnnxLayer, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final Parameter logAlpha;
        private final double klWeight;
        private final transient SplittableRandom rng;
        private transient Matrix input;
        private transient double[] eps;
        private transient Matrix output;
        private transient Matrix gradInput;

        /**
         * @param name layer name
         * @param logAlpha 1 × width
         * @param klWeight KL weight
         * @param rng per-layer generator (null when loaded for inference)
         */
        public NoiseLayer(String name, Matrix logAlpha, double klWeight, SplittableRandom rng) {
            this.name = name;
            this.logAlpha = new Parameter(name, "logAlpha", Parameter.Role.OTHER, false, logAlpha);
            this.klWeight = klWeight;
            this.rng = rng;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int inputWidth() {
            return logAlpha.value().cols();
        }

        @Override
        public int outputWidth() {
            return inputWidth();
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(logAlpha);
        }

        /** Keeps α ≤ 1, where the KL approximation holds (Kingma et al. clip α at 1). */
        private double clippedLogAlpha(int j) {
            return Math.min(0.0, logAlpha.value().data()[j]);
        }

        private Matrix noisy(Matrix in, double[] e, Matrix out) {
            int w = inputWidth();
            for (int i = 0; i < in.size(); i++) {
                out.data()[i] = in.data()[i] * (1 + Math.exp(0.5 * clippedLogAlpha(i % w)) * e[i]);
            }
            return out;
        }

        /** Writes the identity: this layer does nothing at inference. */
        @Override
        public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
            return input;
        }

        @Override
        public Matrix forward(Matrix in, Mode mode) {
            if (mode != Mode.TRAIN) {
                return in;
            }
            if (rng == null) {
                throw new IllegalStateException("layer " + name + " was loaded for inference and cannot train");
            }
            input = in;
            eps = new double[in.size()];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = rng.nextGaussian();
            }
            output = Matrix.reuse(output, in.rows(), inputWidth());
            return noisy(in, eps, output);
        }

        @Override
        public Matrix sample(Matrix in, SplittableRandom sampler) {
            double[] e = new double[in.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = sampler.nextGaussian();
            }
            return noisy(in, e, new Matrix(in.rows(), inputWidth()));
        }

        @Override
        public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
            int w = inputWidth();
            double[] g = gradOutput.data();
            double[] a = input.data();
            double[] gl = logAlpha.gradient().data();
            for (int i = 0; i < g.length; i++) {
                int j = i % w;
                if (logAlpha.value().data()[j] < 0) {      // clipped units get no gradient through the clip
                    gl[j] += g[i] * a[i] * eps[i] * 0.5 * Math.exp(0.5 * logAlpha.value().data()[j]);
                }
            }
            if (!needInputGradient) {
                return null;
            }
            gradInput = Matrix.reuse(gradInput, gradOutput.rows(), w);
            for (int i = 0; i < g.length; i++) {
                gradInput.data()[i] = g[i] * (1 + Math.exp(0.5 * clippedLogAlpha(i % w)) * eps[i]);
            }
            return gradInput;
        }

        @Override
        public boolean hasAuxiliaryLoss() {
            return klWeight > 0;
        }

        @Override
        public double auxiliaryLoss(int datasetSize, int batchSize) {
            double s = 0;
            for (int j = 0; j < inputWidth(); j++) {
                s += klTerm(clippedLogAlpha(j));
            }
            return klWeight / datasetSize * s;
        }

        @Override
        public void addAuxiliaryGradient(int datasetSize, int batchSize) {
            double c = klWeight / datasetSize;
            for (int j = 0; j < inputWidth(); j++) {
                double la = logAlpha.value().data()[j];
                if (la < 0) {
                    double a = Math.exp(la);
                    logAlpha.gradient().data()[j] += -c * (0.5 + C1 * a + 2 * C2 * a * a + 3 * C3 * a * a * a);
                }
            }
        }

        @Override
        public LayerProto toProto() {
            return LayerProto.newBuilder().setClassName(NoiseLayer.class.getName()).setVersion(0).setName(name)
                    .putProperties("width", Integer.toString(inputWidth())).putProperties("klWeight", Double.toString(klWeight))
                    .addTensors(Layers.tensorToProto("logAlpha", logAlpha.value())).build();
        }

        /**
         * @param proto a message written by {@link #toProto()}
         * @return an inference-only layer (it can still sample)
         */
        public static NoiseLayer fromProto(LayerProto proto) {
            int w = Layers.intProperty(proto, "width");
            return new NoiseLayer(proto.getName(), Layers.tensor(proto, "logAlpha", 1, w),
                    Double.parseDouble(Layers.property(proto, "klWeight")), null);
        }

        @Override
        public String toString() {
            return name + "(VariationalDropout)";
        }
    }
}
