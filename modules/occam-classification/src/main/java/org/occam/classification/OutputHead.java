package org.occam.classification;

/** The output layer and loss of a classifier. */
public enum OutputHead {
    /** One unit per class, softmax, categorical cross-entropy (Keras' and PyTorch's usual head). */
    SOFTMAX,
    /**
     * Binary problems only: one unit giving the logit of the second label (label id 1), sigmoid,
     * binary cross-entropy — scikit-learn's {@code MLPClassifier} and Keras' {@code Dense(1, sigmoid)}.
     */
    LOGISTIC
}
