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
import org.occam.core.protos.LayerProto;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LayerSlot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Activity regularization: an L1 and/or L2 penalty on a hidden layer's <em>outputs</em> a (after
 * the activation), averaged over the minibatch as Keras does for {@code activity_regularizer}:
 * <pre>
 * loss = (1/b)·Σ_rows ( l1·Σ|a| + l2·Σa² ),     ∂loss/∂a = (l1·sign(a) + 2·l2·a) / b
 * </pre>
 * The layer is the identity in the forward pass; in backward it adds ∂loss/∂a to the upstream
 * gradient, and the loss is reported apart in the history under the layer's name (e.g.
 * {@code hidden1.activityregularization}). Nothing happens at inference. Equals Keras'
 * {@code ActivityRegularization(l1, l2)} layer / {@code activity_regularizer=L1L2(l1, l2)}.
 * <pre>
 * Keras documentation, "Layer activity regularization"; Glorot, Bordes &amp; Bengio, "Deep Sparse
 * Rectifier Neural Networks", AISTATS 2011 (L1 on activations for sparsity).
 * </pre>
 */
public final class ActivityRegularization implements LayerPlugin {
    @Config(description = "Coefficient l1 ≥ 0 of Σ|a|.")
    private double l1 = 0.0;

    @Config(description = "Coefficient l2 ≥ 0 of Σa².")
    private double l2 = 0.01;

    @Config(description = "If not empty, only after these hidden layers (names such as hidden1).")
    private List<String> layers = new ArrayList<>();

    /** For OLCUT. */
    private ActivityRegularization() {}

    /**
     * After every hidden layer.
     * @param l1 L1 coefficient
     * @param l2 L2 coefficient
     */
    public ActivityRegularization(double l1, double l2) {
        this.l1 = l1;
        this.l2 = l2;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new PropertyException("", "l1", "expected a finite l1 ≥ 0, found " + l1);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new PropertyException("", "l2", "expected a finite l2 ≥ 0, found " + l2);
        }
        if (l1 == 0 && l2 == 0) {
            throw new PropertyException("", "l2", "l1 and l2 are both 0: the regularizer would do nothing");
        }
        if (layers == null) {
            layers = new ArrayList<>();
        }
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
        return Optional.of(new ActivityPenaltyLayer(name, slot.width(), l1, l2));
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LayerPlugin");
    }

    @Override
    public String toString() {
        return "ActivityRegularization(l1=" + l1 + ",l2=" + l2 + ",layers=" + layers + ")";
    }

    /** Identity forward; adds the activity penalty's gradient in backward. */
    public static final class ActivityPenaltyLayer implements Layer, OnnxLayer, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final int width;
        private final double l1;
        private final double l2;
        private transient Matrix input;
        private transient Matrix gradInput;

        /**
         * @param name layer name
         * @param width row width
         * @param l1 L1 coefficient
         * @param l2 L2 coefficient
         */
        public ActivityPenaltyLayer(String name, int width, double l1, double l2) {
            this.name = name;
            this.width = width;
            this.l1 = l1;
            this.l2 = l2;
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

        /** Writes the identity: this layer does nothing at inference. */
        @Override
        public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
            return input;
        }

        @Override
        public Matrix forward(Matrix in, Mode mode) {
            if (mode == Mode.TRAIN) {
                input = in;
            }
            return in;
        }

        @Override
        public boolean hasAuxiliaryLoss() {
            return true;
        }

        @Override
        public double auxiliaryLoss(int datasetSize, int batchSize) {
            double s1 = 0;
            double s2 = 0;
            for (double a : input.data()) {
                s1 += Math.abs(a);
                s2 += a * a;
            }
            return (l1 * s1 + l2 * s2) / input.rows();
        }

        @Override
        public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
            if (!needInputGradient) {
                return null;
            }
            gradInput = Matrix.reuse(gradInput, gradOutput.rows(), width);
            double[] g = gradOutput.data();
            double[] a = input.data();
            double[] out = gradInput.data();
            double inv = 1.0 / gradOutput.rows();
            for (int i = 0; i < out.length; i++) {
                out[i] = g[i] + (l1 * Math.signum(a[i]) + 2 * l2 * a[i]) * inv;
            }
            return gradInput;
        }

        @Override
        public LayerProto toProto() {
            return LayerProto.newBuilder().setClassName(ActivityPenaltyLayer.class.getName()).setVersion(0).setName(name)
                    .putProperties("width", Integer.toString(width)).putProperties("l1", Double.toString(l1))
                    .putProperties("l2", Double.toString(l2)).build();
        }

        /**
         * @param proto a message written by {@link #toProto()}
         * @return the layer
         */
        public static ActivityPenaltyLayer fromProto(LayerProto proto) {
            return new ActivityPenaltyLayer(proto.getName(), Layers.intProperty(proto, "width"),
                    Double.parseDouble(Layers.property(proto, "l1")), Double.parseDouble(Layers.property(proto, "l2")));
        }

        @Override
        public String toString() {
            return name + "(ActivityRegularization l1=" + l1 + " l2=" + l2 + ")";
        }
    }
}
