package org.occam.core.nn;

import org.occam.core.math.Matrix;
import org.occam.core.protos.LayerProto;

/**
 * The base of layers whose rows keep their width (dropout family, normalization, noise): a name,
 * one width in and out, input and gradient checks, and the common part of the protobuf message
 * (class name, version, name, {@code width}). A plugin's layer extends it and adds its forward and
 * backward passes (and, for a stochastic layer, its noise).
 */
public abstract class SameWidthLayer implements Layer, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int width;

    /**
     * @param name the layer's name
     * @param width the row width (≥ 1)
     */
    protected SameWidthLayer(String name, int width) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a layer needs a name, found '" + name + "'");
        }
        if (width < 1) {
            throw new IllegalArgumentException("layer " + name + ": expected width ≥ 1, found " + width);
        }
        this.name = name;
        this.width = width;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int inputWidth() {
        return width;
    }

    @Override
    public final int outputWidth() {
        return width;
    }

    /** @return the row width */
    protected final int width() {
        return width;
    }

    /**
     * @param in a forward pass's input
     * @throws IllegalArgumentException if its width is wrong
     */
    protected final void checkInput(Matrix in) {
        if (in.cols() != width) {
            throw new IllegalArgumentException("layer " + name + " expects rows of width " + width + ", found " + in.cols());
        }
    }

    /**
     * @param cached what the last TRAIN forward pass cached, or null
     * @throws IllegalStateException if there was no TRAIN forward pass
     */
    protected final void checkForwardRan(Object cached) {
        if (cached == null) {
            throw new IllegalStateException("layer " + name + ": backward called before a TRAIN forward pass");
        }
    }

    /**
     * @param gradOutput a backward pass's upstream gradient
     * @param rows the rows of the last TRAIN forward pass
     */
    protected final void checkGradient(Matrix gradOutput, int rows) {
        if (gradOutput.rows() != rows || gradOutput.cols() != width) {
            throw new IllegalArgumentException("layer " + name + ": gradient is " + gradOutput.rows() + "×" + gradOutput.cols()
                    + ", the last TRAIN forward pass was " + rows + "×" + width);
        }
    }

    /**
     * @param version the message version this class writes
     * @return a message builder with the class name, version, name and width filled in
     */
    protected final LayerProto.Builder protoBuilder(int version) {
        return LayerProto.newBuilder().setClassName(getClass().getName()).setVersion(version).setName(name)
                .putProperties("width", Integer.toString(width));
    }

    /**
     * Checks that a message was written by {@code type} in a version this code reads.
     * @param proto the message
     * @param type the layer class
     * @param version the newest version it reads
     */
    protected static void checkProto(LayerProto proto, Class<? extends Layer> type, int version) {
        if (!proto.getClassName().equals(type.getName())) {
            throw new IllegalArgumentException("layer " + proto.getName() + " is a " + proto.getClassName() + ", not a " + type.getName());
        }
        if (proto.getVersion() > version) {
            throw new IllegalArgumentException("unsupported " + type.getSimpleName() + " version " + proto.getVersion()
                    + " (this build reads up to " + version + ")");
        }
    }

    /**
     * @param width the width (a 1×0 matrix if negative, so the width check reports it)
     * @param value the fill value
     * @return a 1 × width row filled with {@code value}
     */
    protected static Matrix filled(int width, double value) {
        Matrix m = new Matrix(1, Math.max(width, 0));
        java.util.Arrays.fill(m.data(), value);
        return m;
    }

    /**
     * @param name the layer's name, for the message
     * @param epsilon a normalization's ε
     * @throws IllegalArgumentException unless ε is finite and &gt; 0
     */
    protected static void checkEpsilon(String name, double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("layer " + name + ": expected a finite epsilon > 0, found " + epsilon);
        }
    }

    /**
     * Reads a mandatory floating-point property, written with {@link Double#toString(double)} so it
     * round-trips exactly.
     * @param proto the message
     * @param key the property
     * @return its value
     */
    protected static double doubleProperty(LayerProto proto, String key) {
        String v = Layers.property(proto, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer " + proto.getName() + " property " + key + " is not a number: " + v, e);
        }
    }
}

