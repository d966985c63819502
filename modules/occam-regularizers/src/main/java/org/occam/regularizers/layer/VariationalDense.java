package org.occam.regularizers.layer;

import org.tribuo.util.onnx.ONNXRef;
import org.occam.core.onnx.OnnxLayer;
import org.occam.core.onnx.OnnxGraphs;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.math.Gemm;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Layers;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.StochasticLayer;
import org.occam.core.protos.LayerProto;
import org.occam.core.spi.DenseSlot;
import org.occam.core.spi.LayerPlugin;
import org.occam.core.spi.LayerSlot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Bayes by backprop (Blundell et al. 2015): replaces dense layers by variational ones with a
 * factorized Gaussian posterior q(w) = N(μ, σ²), σ = softplus(ρ) = log(1 + e^ρ), over every weight
 * and bias, and a Gaussian prior p(w) = N(0, σ_p²).
 * <pre>
 * training:  w = μ + σ⊙ε, ε ~ N(0, 1) drawn per step (reparameterization trick)
 *            loss = mean data loss + klWeight · KL(q‖p) / n
 *            KL(q‖p) = Σ [ log(σ_p/σ) + (σ² + μ²)/(2σ_p²) − ½ ]
 * inference: w = μ (deterministic); Monte-Carlo prediction samples w ~ q for a predictive mean
 *            and variance (AbstractMLPModel.predictiveDistribution)
 * </pre>
 * The KL term is reported apart in the history under the layer's name. μ has role WEIGHT (so weight
 * penalties' scopes see it), ρ role OTHER. Defaults: hidden layers only, initial σ 0.01, σ_p 1,
 * klWeight 1 (the per-example ELBO).
 * <pre>
 * Blundell, Cornebise, Kavukcuoglu &amp; Wierstra, "Weight Uncertainty in Neural Networks", ICML 2015.
 * </pre>
 */
public final class VariationalDense implements LayerPlugin {
    @Config(description = "Also make the output layer variational.")
    private boolean includeOutputLayer = false;

    @Config(description = "If not empty, exactly these dense layers (names such as hidden1, output).")
    private List<String> layers = new ArrayList<>();

    @Config(description = "Initial posterior standard deviation σ₀ > 0 (ρ starts at softplus⁻¹(σ₀)).")
    private double initialStandardDeviation = 0.01;

    @Config(description = "Prior standard deviation σ_p > 0.")
    private double priorStandardDeviation = 1.0;

    @Config(description = "Weight of the KL term, which is divided by the training-set size n (≥ 0).")
    private double klWeight = 1.0;

    /** For OLCUT. */
    private VariationalDense() {}

    /**
     * Variational hidden layers.
     * @param initialStandardDeviation σ₀
     * @param priorStandardDeviation σ_p
     * @param klWeight KL weight
     */
    public VariationalDense(double initialStandardDeviation, double priorStandardDeviation, double klWeight) {
        this.initialStandardDeviation = initialStandardDeviation;
        this.priorStandardDeviation = priorStandardDeviation;
        this.klWeight = klWeight;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (!(initialStandardDeviation > 0) || Double.isInfinite(initialStandardDeviation)) {
            throw new PropertyException("", "initialStandardDeviation", "expected a finite initialStandardDeviation > 0, found " + initialStandardDeviation);
        }
        if (!(priorStandardDeviation > 0) || Double.isInfinite(priorStandardDeviation)) {
            throw new PropertyException("", "priorStandardDeviation", "expected a finite priorStandardDeviation > 0, found " + priorStandardDeviation);
        }
        if (!(klWeight >= 0) || Double.isInfinite(klWeight)) {
            throw new PropertyException("", "klWeight", "expected a finite klWeight ≥ 0, found " + klWeight);
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
        return "in place of " + (layers.isEmpty() ? (includeOutputLayer ? "every dense layer" : "every hidden dense layer") : "dense layers " + layers);
    }

    @Override
    public Optional<Layer> createLayer(LayerSlot slot, String name, SplittableRandom rng) {
        return Optional.empty();
    }

    @Override
    public Optional<Layer> replaceDense(DenseSlot slot, Initializer initializer, SplittableRandom rng) {
        boolean selected = layers.isEmpty() ? (!slot.outputLayer() || includeOutputLayer) : layers.contains(slot.name());
        if (!selected) {
            return Optional.empty();
        }
        Matrix mu = new Matrix(slot.outputWidth(), slot.inputWidth());
        initializer.fill(mu.data(), slot.inputWidth(), slot.outputWidth(), rng);
        double rho0 = inverseSoftplus(initialStandardDeviation);
        Matrix rho = new Matrix(slot.outputWidth(), slot.inputWidth());
        java.util.Arrays.fill(rho.data(), rho0);
        Matrix biasRho = new Matrix(1, slot.outputWidth());
        java.util.Arrays.fill(biasRho.data(), rho0);
        return Optional.of(new Bayesian(slot.name(), mu, rho, new Matrix(1, slot.outputWidth()), biasRho,
                slot.outputLayer(), priorStandardDeviation, klWeight, rng));
    }

    /** @param x x @return log(1 + eˣ), computed stably */
    static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    /** @param y y &gt; 0 @return ρ with softplus(ρ) = y */
    static double inverseSoftplus(double y) {
        return y > 30 ? y : Math.log(Math.expm1(y));
    }

    /**
     * KL(N(μ, σ²) ‖ N(0, σ_p²)) summed over entries.
     * @param mu means
     * @param rho σ = softplus(ρ)
     * @param priorStd σ_p
     * @return the divergence
     */
    public static double kl(double[] mu, double[] rho, double priorStd) {
        double s = 0;
        double pv = priorStd * priorStd;
        for (int i = 0; i < mu.length; i++) {
            double sigma = softplus(rho[i]);
            s += Math.log(priorStd / sigma) + (sigma * sigma + mu[i] * mu[i]) / (2 * pv) - 0.5;
        }
        return s;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "LayerPlugin");
    }

    @Override
    public String toString() {
        return "VariationalDense(includeOutputLayer=" + includeOutputLayer + ",layers=" + layers + ",initialStandardDeviation="
                + initialStandardDeviation + ",priorStandardDeviation=" + priorStandardDeviation + ",klWeight=" + klWeight + ")";
    }

    /** The variational dense layer: y = x·Wᵀ + b with W, b drawn from the posterior in training. */
    public static final class Bayesian implements StochasticLayer, OnnxLayer, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final Parameter weight;
        private final Parameter weightRho;
        private final Parameter bias;
        private final Parameter biasRho;
        private final double priorStd;
        private final double klWeight;
        private final transient SplittableRandom rng;
        private transient double[] epsW;
        private transient double[] epsB;
        private transient Matrix sampledW;
        private transient Matrix input;
        private transient Matrix output;
        private transient Matrix gradInput;
        private transient Matrix gradW;

        /**
         * @param name layer name
         * @param mu weight means, out × in
         * @param rho weight ρ, out × in
         * @param biasMu bias means, 1 × out
         * @param biasRho bias ρ, 1 × out
         * @param outputLayer whether this is the output layer
         * @param priorStd σ_p
         * @param klWeight KL weight
         * @param rng per-layer generator (null when loaded for inference)
         */
        public Bayesian(String name, Matrix mu, Matrix rho, Matrix biasMu, Matrix biasRho, boolean outputLayer,
                        double priorStd, double klWeight, SplittableRandom rng) {
            this.name = name;
            this.weight = new Parameter(name, "weight", Parameter.Role.WEIGHT, outputLayer, mu);
            this.weightRho = new Parameter(name, "weightRho", Parameter.Role.OTHER, outputLayer, rho);
            this.bias = new Parameter(name, "bias", Parameter.Role.BIAS, outputLayer, biasMu);
            this.biasRho = new Parameter(name, "biasRho", Parameter.Role.OTHER, outputLayer, biasRho);
            this.priorStd = priorStd;
            this.klWeight = klWeight;
            this.rng = rng;
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
        public List<Parameter> parameters() {
            return List.of(weight, weightRho, bias, biasRho);
        }

        private static double[] draw(int n, SplittableRandom r) {
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = r.nextGaussian();
            }
            return e;
        }

        private static Matrix perturbed(Matrix mu, Matrix rho, double[] eps) {
            Matrix w = new Matrix(mu.rows(), mu.cols());
            for (int i = 0; i < eps.length; i++) {
                w.data()[i] = mu.data()[i] + softplus(rho.data()[i]) * eps[i];
            }
            return w;
        }

        private Matrix affine(Matrix in, Matrix w, double[] b, Matrix out) {
            Gemm.timesTranspose(in, w, out, false);
            int o = outputWidth();
            for (int r = 0; r < in.rows(); r++) {
                for (int j = 0; j < o; j++) {
                    out.data()[r * o + j] += b[j];
                }
            }
            return out;
        }

        private static double[] biasValues(Matrix mu, Matrix rho, double[] eps) {
            return perturbed(mu, rho, eps).data();
        }

        /** Writes the mean network: y = x·μ_Wᵀ + μ_b (the noise scales are not used at inference). */
        @Override
        public ONNXRef<?> writeOnnx(ONNXRef<?> input) {
            return OnnxGraphs.dense(input, name, weight.value(), bias.value());
        }

        @Override
        public Matrix forward(Matrix in, Mode mode) {
            if (mode != Mode.TRAIN) {
                return affine(in, weight.value(), bias.value().data(), new Matrix(in.rows(), outputWidth()));
            }
            if (rng == null) {
                throw new IllegalStateException("layer " + name + " was loaded for inference and cannot train");
            }
            epsW = draw(weight.value().size(), rng);
            epsB = draw(bias.value().size(), rng);
            sampledW = perturbed(weight.value(), weightRho.value(), epsW);
            input = in;
            output = Matrix.reuse(output, in.rows(), outputWidth());
            return affine(in, sampledW, biasValues(bias.value(), biasRho.value(), epsB), output);
        }

        @Override
        public Matrix sample(Matrix in, SplittableRandom sampler) {
            double[] ew = draw(weight.value().size(), sampler);
            double[] eb = draw(bias.value().size(), sampler);
            return affine(in, perturbed(weight.value(), weightRho.value(), ew), biasValues(bias.value(), biasRho.value(), eb),
                    new Matrix(in.rows(), outputWidth()));
        }

        @Override
        public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
            gradW = Matrix.reuse(gradW, outputWidth(), inputWidth());
            Gemm.transposeTimes(gradOutput, input, gradW, false);
            double[] gw = gradW.data();
            double[] rho = weightRho.value().data();
            double[] gMu = weight.gradient().data();
            double[] gRho = weightRho.gradient().data();
            for (int i = 0; i < gw.length; i++) {
                gMu[i] += gw[i];
                gRho[i] += gw[i] * epsW[i] * sigmoid(rho[i]);
            }
            int o = outputWidth();
            double[] g = gradOutput.data();
            double[] bRho = biasRho.value().data();
            for (int r = 0; r < gradOutput.rows(); r++) {
                for (int j = 0; j < o; j++) {
                    double v = g[r * o + j];
                    bias.gradient().data()[j] += v;
                    biasRho.gradient().data()[j] += v * epsB[j] * sigmoid(bRho[j]);
                }
            }
            if (!needInputGradient) {
                return null;
            }
            gradInput = Matrix.reuse(gradInput, gradOutput.rows(), inputWidth());
            Gemm.times(gradOutput, sampledW, gradInput, false);
            return gradInput;
        }

        private static double sigmoid(double x) {
            return 1.0 / (1.0 + Math.exp(-x));
        }

        @Override
        public boolean hasAuxiliaryLoss() {
            return klWeight > 0;
        }

        @Override
        public double auxiliaryLoss(int datasetSize, int batchSize) {
            return klWeight / datasetSize * (kl(weight.value().data(), weightRho.value().data(), priorStd)
                    + kl(bias.value().data(), biasRho.value().data(), priorStd));
        }

        @Override
        public void addAuxiliaryGradient(int datasetSize, int batchSize) {
            double c = klWeight / datasetSize;
            addKlGradient(weight, weightRho, c);
            addKlGradient(bias, biasRho, c);
        }

        /** ∂KL/∂μ = μ/σ_p²;  ∂KL/∂ρ = (−1/σ + σ/σ_p²)·sigmoid(ρ). */
        private void addKlGradient(Parameter mu, Parameter rho, double c) {
            double pv = priorStd * priorStd;
            double[] m = mu.value().data();
            double[] r = rho.value().data();
            for (int i = 0; i < m.length; i++) {
                double sigma = softplus(r[i]);
                mu.gradient().data()[i] += c * m[i] / pv;
                rho.gradient().data()[i] += c * (-1.0 / sigma + sigma / pv) * sigmoid(r[i]);
            }
        }

        @Override
        public LayerProto toProto() {
            return LayerProto.newBuilder().setClassName(Bayesian.class.getName()).setVersion(0).setName(name)
                    .putProperties("in", Integer.toString(inputWidth())).putProperties("out", Integer.toString(outputWidth()))
                    .putProperties("outputLayer", Boolean.toString(weight.isOutputLayer()))
                    .putProperties("priorStd", Double.toString(priorStd)).putProperties("klWeight", Double.toString(klWeight))
                    .addTensors(Layers.tensorToProto("weight", weight.value()))
                    .addTensors(Layers.tensorToProto("weightRho", weightRho.value()))
                    .addTensors(Layers.tensorToProto("bias", bias.value()))
                    .addTensors(Layers.tensorToProto("biasRho", biasRho.value()))
                    .build();
        }

        /**
         * @param proto a message written by {@link #toProto()}
         * @return an inference-only layer (it can still sample for Monte-Carlo prediction)
         */
        public static Bayesian fromProto(LayerProto proto) {
            int in = Layers.intProperty(proto, "in");
            int out = Layers.intProperty(proto, "out");
            return new Bayesian(proto.getName(), Layers.tensor(proto, "weight", out, in), Layers.tensor(proto, "weightRho", out, in),
                    Layers.tensor(proto, "bias", 1, out), Layers.tensor(proto, "biasRho", 1, out),
                    Boolean.parseBoolean(Layers.property(proto, "outputLayer")),
                    Double.parseDouble(Layers.property(proto, "priorStd")), Double.parseDouble(Layers.property(proto, "klWeight")), null);
        }

        @Override
        public String toString() {
            return name + "(VariationalDense " + inputWidth() + "→" + outputWidth() + ")";
        }
    }
}
