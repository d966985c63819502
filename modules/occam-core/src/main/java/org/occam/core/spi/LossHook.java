package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Loss;

import java.util.List;

/**
 * Hooks 2–4 as one step: replaces "forward pass, data loss, backward pass" for techniques that need
 * several forward passes or a custom objective (R-Drop's two dropout passes and their consistency
 * term). Without a loss hook the loop runs one TRAIN forward pass, the trainer's {@link Loss} and
 * one backward pass.
 * <p>
 * The hook drives the network through a {@link Pass}; it must leave ∂(objective)/∂θ
 * <em>added</em> to the parameter gradients (the loop has zeroed them and added the penalty terms)
 * and return the data loss. Terms of its own are written into {@code terms}, one value per
 * {@link #termNames() name}, on the scale of the minibatch mean loss; the history reports each
 * apart, like penalties. Implementations are immutable (per-step buffers are local).
 */
public interface LossHook extends Configurable, Provenancable<ConfiguredObjectProvenance> {
    /** @return the names of the terms this hook adds to the objective, reported apart in the history */
    List<String> termNames();

    /**
     * One minibatch's forward pass(es), objective and backward pass(es).
     * @param batch the (transformed) minibatch
     * @param pass the network, in TRAIN mode
     * @param terms written: one value per {@link #termNames()} entry
     * @param clock where training is
     * @return the data loss (a minibatch mean, ≥ 0)
     */
    double forwardBackward(Batch batch, Pass pass, double[] terms, TrainingClock clock);

    /** The network as a loss hook sees it. */
    interface Pass {
        /**
         * A TRAIN-mode forward pass (stochastic layers draw fresh noise per row).
         * @param inputs rows × features
         * @return raw outputs (logits for classification), valid until the next forward pass
         */
        Matrix forward(Matrix inputs);

        /**
         * Back-propagates through the last forward pass, adding to every parameter's gradient.
         * @param gradOutput ∂(objective)/∂output, the shape of the last forward pass's output
         */
        void backward(Matrix gradOutput);

        /** @return the trainer's data loss (and head) */
        Loss loss();
    }
}
