package org.occam.regularizers.layer;

import org.tribuo.util.onnx.ONNXRef;
import org.occam.core.onnx.OnnxLayer;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Layer;
import org.occam.core.nn.SameWidthLayer;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.protos.LayerProto;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LayerSlot;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Stochastic depth (Huang et al. 2016) for residual MLPs (trainer setting {@code residual}): in
 * training, residual block l of L drops its whole branch for each example with probability 1 − p_l,
 * <pre>
 * p_l = 1 − (l / L)·(1 − p_L)          (linear decay; the first block is the most likely to survive)
 * y = x + b·f(x) / p_l,  b ~ Bernoulli(p_l) per example
 * </pre>
 * and is the identity (y = x + f(x)) at inference. The 1/p_l scaling in training plays the role of
 * the paper's p_l scaling at test time (as timm's {@code DropPath} does). In an Occam residual MLP
 * the blocks are hidden layers 2..H, so l = hiddenIndex − 1 and L = hiddenCount − 1.
 * <pre>
 * Huang, Sun, Liu, Sedra &amp; Weinberger, "Deep Networks with Stochastic Depth", ECCV 2016.
 * </pre>
 */
public final class StochasticDepth implements LayerPlugin {
    @Config(description = "Survival probability p_L ∈ (0, 1] of the last residual block (the paper uses 0.5).")
    private double finalSurvivalProbability = 0.5;

    /** For OLCUT. */
    private StochasticDepth() {}

    /**
     * @param finalSurvivalProbability p_L
     */
    public StochasticDepth(double finalSurvivalProbability) {
        this.finalSurvivalProbability = finalSurvivalProbability;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(finalSurvivalProbability > 0 && finalSurvivalProbability <= 1)) {
            throw new PropertyException("", "finalSurvivalProbability",
                    "expected finalSurvivalProbability in (0, 1], found " + finalSurvivalProbability);
        }
    }

    /**
     * @param block l, 1-based
     * @param blocks L
     * @param finalSurvival p_L
     * @return p_l = 1 − (l/L)(1 − p_L)
     */
    public static double survivalProbability(int block, int blocks, double finalSurvival) {
        return 1.0 - ((double) block / blocks) * (1.0 - finalSurvival);
    }

    @Override
    public String placement() {
        return "at the end of residual branches, which only a residual network has (trainer setting residual=true, "
                + "at least two equal hidden layers)";
    }

    @Override
    public Optional<Layer> createLayer(LayerSlot slot, String name, SplittableRandom rng) {
        if (slot.position() != LayerSlot.Position.RESIDUAL_BRANCH_END) {
            return Optional.empty();
        }
        double p = survivalProbability(slot.hiddenIndex() - 1, slot.hiddenCount() - 1, finalSurvivalProbability);
        return Optional.of(new DropPathLayer(name, slot.width(), p, rng));
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LayerPlugin");
    }

    @Override
    public String toString() {
        return "StochasticDepth(finalSurvivalProbability=" + finalSurvivalProbability + ")";
    }

    /**
     * Drops whole rows of a residual branch's output: row r is multiplied by b_r/p with
     * b_r ~ Bernoulli(p) in TRAIN; identity in INFER.
     */
    public static final class DropPathLayer extends SameWidthLayer implements org.occam.core.nn.StochasticLayer, OnnxLayer {
        private static final long serialVersionUID = 1L;
        private final double survival;
        private final transient SplittableRandom rng;
        private transient double[] rowScale;
        private transient Matrix output;
        private transient Matrix gradInput;

        /**
         * @param name the layer's name
         * @param width row width
         * @param survival p
         * @param rng per-layer generator (null for a deserialized, inference-only layer)
         */
        public DropPathLayer(String name, int width, double survival, SplittableRandom rng) {
            super(name, width);
            this.survival = survival;
            this.rng = rng;
        }

        /** @return the survival probability p */
        public double survival() {
            return survival;
        }

        @Override
        public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
            return input;   // the identity: this layer does nothing at inference
        }

        @Override
        public Matrix forward(Matrix input, Mode mode) {
            if (mode != Mode.TRAIN) {
                return input;
            }
            if (rng == null) {
                throw new IllegalStateException("layer " + name() + " was loaded for inference and cannot train");
            }
            int rows = input.rows();
            rowScale = rowScale != null && rowScale.length == rows ? rowScale : new double[rows];
            for (int r = 0; r < rows; r++) {
                rowScale[r] = rng.nextDouble() < survival ? 1.0 / survival : 0.0;
            }
            output = Matrix.reuse(output, rows, width());
            scaleRows(input, output);
            return output;
        }

        @Override
        public Matrix sample(Matrix input, SplittableRandom sampler) {
            double[] scale = new double[input.rows()];
            for (int r = 0; r < scale.length; r++) {
                scale[r] = sampler.nextDouble() < survival ? 1.0 / survival : 0.0;
            }
            Matrix out = new Matrix(input.rows(), width());
            scaleRows(input, out, scale);
            return out;
        }

        private void scaleRows(Matrix in, Matrix out) {
            scaleRows(in, out, rowScale);
        }

        private void scaleRows(Matrix in, Matrix out, double[] rowScale) {
            double[] a = in.data();
            double[] b = out.data();
            for (int r = 0; r < in.rows(); r++) {
                double s = rowScale[r];
                for (int j = r * width(), e = j + width(); j < e; j++) {
                    b[j] = a[j] * s;
                }
            }
        }

        @Override
        public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
            if (!needInputGradient) {
                return null;
            }
            gradInput = Matrix.reuse(gradInput, gradOutput.rows(), width());
            scaleRows(gradOutput, gradInput);
            return gradInput;
        }

        @Override
        public LayerProto toProto() {
            return protoBuilder(0).putProperties("survival", Double.toString(survival)).build();
        }

        /**
         * @param proto a message written by {@link #toProto()}
         * @return an inference-only layer
         */
        public static DropPathLayer fromProto(LayerProto proto) {
            return new DropPathLayer(proto.getName(), Layers.intProperty(proto, "width"),
                    Double.parseDouble(Layers.property(proto, "survival")), null);
        }

        @Override
        public String toString() {
            return name() + "(DropPath survival=" + survival + ")";
        }
    }
}
