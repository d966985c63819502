package org.occam.core.nn;

import org.occam.core.math.Matrix;

import java.io.Serializable;

/**
 * A trainable tensor with its gradient and the facts a penalty's scope is decided on: which layer
 * owns it, whether it is a weight matrix or a bias, and whether that layer is the output layer.
 * Biases are always tensors of their own, never folded into the weights, so "penalize the weights
 * but not the biases" is a property of the scope, not of the storage.
 */
public final class Parameter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a tensor is, for scoping. */
    public enum Role {
        /** A weight matrix (dense kernel). */
        WEIGHT,
        /** An additive bias vector. */
        BIAS,
        /** Anything else (normalization scale and shift, learned noise rates, ...). */
        OTHER
    }

    private final String layerName;
    private final String name;
    private final Role role;
    private final boolean outputLayer;
    private final Matrix value;
    private final Matrix gradient;
    /** The gradient's values are left from an earlier step and count as zeros ({@link #discardGradient()}). */
    private transient boolean gradientDiscarded;

    /**
     * @param layerName the owning layer's name, e.g. {@code hidden1} or {@code output}
     * @param shortName the tensor's name inside the layer, e.g. {@code weight}
     * @param role weight, bias or other
     * @param outputLayer true if the owning layer produces the network output
     * @param value the tensor (kept, not copied)
     */
    public Parameter(String layerName, String shortName, Role role, boolean outputLayer, Matrix value) {
        this.layerName = layerName;
        this.name = layerName + "." + shortName;
        this.role = role;
        this.outputLayer = outputLayer;
        this.value = value;
        this.gradient = new Matrix(value.rows(), value.cols());
    }

    /** @return the full name, {@code layer.tensor} */
    public String name() {
        return name;
    }

    /** @return the owning layer's name */
    public String layerName() {
        return layerName;
    }

    /** @return weight, bias or other */
    public Role role() {
        return role;
    }

    /** @return true if this tensor belongs to the output layer */
    public boolean isOutputLayer() {
        return outputLayer;
    }

    /** @return the values */
    public Matrix value() {
        return value;
    }

    /** @return ∂L/∂value for the current step (zeroed here first if it was {@linkplain #discardGradient() discarded}) */
    public Matrix gradient() {
        if (gradientDiscarded) {
            gradientDiscarded = false;
            gradient.zeroInPlace();
        }
        return gradient;
    }

    /**
     * Sets the gradient to zero without writing it yet: the next {@link #gradient()} writes the
     * zeros, unless a writer that sets every element first {@linkplain #takeDiscardedGradient() takes
     * it}, so that a step's first contribution writes the gradient instead of adding to zeros written
     * just before.
     */
    public void discardGradient() {
        gradientDiscarded = true;
    }

    /**
     * For a writer about to set every element of the gradient: whether the gradient counts as zero
     * (was {@linkplain #discardGradient() discarded}; the mark is cleared). If so, the caller must
     * write every element as {@code 0 + its contribution} (the bits of adding to zeros); otherwise it
     * adds as usual.
     * @return true if the gradient was discarded and must now be written whole
     */
    public boolean takeDiscardedGradient() {
        boolean was = gradientDiscarded;
        gradientDiscarded = false;
        return was;
    }

    @Override
    public String toString() {
        return name + "(" + value.rows() + "×" + value.cols() + ")";
    }
}
