package org.occam.core.nn;

import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;
import org.occam.core.protos.NetworkProto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sequential stack of {@link Layer}s with the parameter list the optimizer, penalties and
 * constraints work on.
 */
public final class Network implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int inputWidth;
    private final List<Layer> layers;
    private final List<Parameter> parameters;

    /**
     * @param inputWidth the width of input rows
     * @param layers the layers in order; each one's input width must equal the previous one's output width
     */
    public Network(int inputWidth, List<Layer> layers) {
        int width = inputWidth;
        List<Parameter> params = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Layer l : layers) {
            if (l.inputWidth() != width) {
                throw new IllegalArgumentException("layer " + l.name() + " expects width " + l.inputWidth() + ", receives " + width);
            }
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("duplicate layer name " + l.name());
            }
            width = l.outputWidth();
            params.addAll(l.parameters());
        }
        this.inputWidth = inputWidth;
        this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
        this.parameters = Collections.unmodifiableList(params);
    }

    /** @return the input width */
    public int inputWidth() {
        return inputWidth;
    }

    /** @return the output width */
    public int outputWidth() {
        return layers.isEmpty() ? inputWidth : layers.get(layers.size() - 1).outputWidth();
    }

    /** @return the layers, in order */
    public List<Layer> layers() {
        return layers;
    }

    /** @return every trainable tensor, in layer order */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return every layer in order, each container's {@link Layer#children() children} right after it, recursively */
    public List<Layer> allLayers() {
        List<Layer> out = new ArrayList<>();
        addWithChildren(layers, out);
        return out;
    }

    private static void addWithChildren(List<Layer> layers, List<Layer> out) {
        for (Layer l : layers) {
            out.add(l);
            addWithChildren(l.children(), out);
        }
    }

    /** @return the dense layers, in order (inside residual blocks too) */
    public List<Dense> denseLayers() {
        List<Dense> out = new ArrayList<>();
        for (Layer l : allLayers()) {
            if (l instanceof Dense) {
                out.add((Dense) l);
            }
        }
        return out;
    }

    /**
     * @param input batch × inputWidth
     * @param mode training or inference
     * @return the raw outputs (logits for classification); in TRAIN mode a buffer owned by the last layer
     */
    public Matrix forward(Matrix input, Mode mode) {
        Matrix x = input;
        for (Layer l : layers) {
            x = l.forward(x, mode);
        }
        return x;
    }

    /** Sets every parameter gradient to zero. */
    public void zeroGradients() {
        for (Parameter p : parameters) {
            p.gradient().zeroInPlace();
        }
    }

    /**
     * @return true if every layer is exactly a {@link Dense} or an {@link ActivationLayer} (no
     *         subclass, no other layer): what the data-parallel pass can split and what discards its
     *         gradients instead of zeroing them
     */
    public boolean isPlainMlp() {
        for (Layer l : layers) {
            if (l.getClass() != Dense.class && l.getClass() != ActivationLayer.class) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets every parameter gradient to zero lazily ({@link Parameter#discardGradient()}): a gradient
     * is zeroed when first read through {@link Parameter#gradient()}, or written whole by its first
     * writer ({@link Dense}'s weight gradient) instead of being zeroed and then added to. For callers
     * whose every gradient access goes through {@link Parameter#gradient()} each step.
     */
    public void discardGradients() {
        for (Parameter p : parameters) {
            p.discardGradient();
        }
    }

    /**
     * One Monte-Carlo forward pass: stochastic layers sample their noise from {@code rng} (as in
     * training), the others run in INFER mode. Nothing is cached.
     * @param input batch × inputWidth
     * @param rng the generator for this pass
     * @return the raw outputs
     */
    public Matrix sample(Matrix input, java.util.SplittableRandom rng) {
        Matrix x = input;
        for (Layer l : layers) {
            x = l.sample(x, rng);
        }
        return x;
    }

    /** @return true if any layer can sample (Monte-Carlo prediction makes sense) */
    public boolean isStochastic() {
        for (Layer l : allLayers()) {
            if (l instanceof StochasticLayer) {
                return true;
            }
        }
        return false;
    }

    /**
     * Back-propagates ∂L/∂output through the last TRAIN forward pass, adding to every parameter's gradient.
     * @param gradOutput ∂L/∂output
     */
    public void backward(Matrix gradOutput) {
        Matrix g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, i > 0);
        }
    }

    /** @return a deep copy of every parameter value (in {@link #parameters()} order), then of every layer's state tensors */
    public List<Matrix> snapshot() {
        List<Matrix> out = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            out.add(p.value().copy());
        }
        for (Layer l : allLayers()) {
            for (Matrix m : l.state()) {
                out.add(m.copy());
            }
        }
        return out;
    }

    /**
     * Restores parameter values and layer state from a {@link #snapshot()}.
     * @param snapshot the values
     */
    public void restore(List<Matrix> snapshot) {
        int k = 0;
        for (Parameter p : parameters) {
            p.value().copyFromInPlace(snapshot.get(k++));
        }
        for (Layer l : allLayers()) {
            for (Matrix m : l.state()) {
                m.copyFromInPlace(snapshot.get(k++));
            }
        }
    }

    /** @return the network as a protobuf message */
    public NetworkProto toProto() {
        NetworkProto.Builder b = NetworkProto.newBuilder().setInputWidth(inputWidth);
        for (Layer l : layers) {
            b.addLayers(l.toProto());
        }
        return b.build();
    }

    /**
     * @param proto a message written by {@link #toProto()}
     * @return the network
     */
    public static Network fromProto(NetworkProto proto) {
        List<Layer> layers = new ArrayList<>();
        for (LayerProto lp : proto.getLayersList()) {
            layers.add(Layers.fromProto(lp));
        }
        return new Network(proto.getInputWidth(), layers);
    }

    @Override
    public String toString() {
        return "Network" + layers;
    }
}
