package org.occam.core.train;

import org.occam.core.math.Matrix;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.nn.ActivationLayer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.spi.Optimizer;
import org.occam.core.spi.TrainingClock;

import java.util.List;

/**
 * How the training loop executes the forward pass, the backward pass and the optimizer update of
 * one minibatch: on the whole batch at once, or data-parallel ({@link DataParallelPass}). Chosen
 * once per run; every strategy gives the same bits (gradients are reduced over rows in the fixed
 * blocks of {@link org.occam.core.nn.Dense#REDUCTION_BLOCK}).
 */
interface BatchPass {

    /**
     * TRAIN-mode forward pass.
     * @param inputs batch × inputWidth
     * @return the raw outputs, batch × outputWidth
     */
    Matrix forward(Matrix inputs);

    /**
     * Back-propagates ∂L/∂output of the last {@link #forward}, adding to every parameter's gradient.
     * @param gradOutput batch × outputWidth
     */
    void backward(Matrix gradOutput);

    /**
     * The optimizer's update of this step.
     * @param run the optimizer's run
     * @param clock where training is
     * @return the learning rate of the step
     */
    default double optimizerStep(Optimizer.OptimizerRun run, TrainingClock clock) {
        return optimizerStep(() -> run.step(clock));
    }

    /**
     * The optimizer's update of this step, with what the strategy does around it (adding the parts'
     * gradients first).
     * @param update runs the optimizer's update and returns its learning rate
     * @return the learning rate of the step
     */
    double optimizerStep(java.util.function.DoubleSupplier update);

    /**
     * @param layer an activation layer of the network
     * @return its TRAIN outputs of the last batch (all parts of it), for dead-unit statistics
     */
    List<Matrix> lastTrainingOutputs(ActivationLayer layer);

    /**
     * @param network the network to train
     * @return the data-parallel pass when there are two threads and the network is a plain MLP,
     *         otherwise the whole-batch pass
     */
    static BatchPass choose(Network network) {
        return choose(network, false);
    }

    /**
     * @param network the network to train
     * @param nothingReadsGradientsBeforeStep true when nothing between the backward pass and the
     *        optimizer step reads or changes the gradients (no weight perturbations, gradient
     *        transforms, layers' own loss terms, nor penalties acting before the step): the
     *        data-parallel pass may then add its parts' gradients in the same hand-off as the update
     * @return as {@link #choose(Network)}
     */
    static BatchPass choose(Network network, boolean nothingReadsGradientsBeforeStep) {
        BatchPass parallel = ThreadPolicy.threads() >= 2
                ? DataParallelPass.forNetwork(network, nothingReadsGradientsBeforeStep) : null;
        return parallel != null ? parallel : new WholeBatch(network);
    }

    /** The whole minibatch through the network, on the calling thread. */
    final class WholeBatch implements BatchPass {
        private final Network network;

        WholeBatch(Network network) {
            this.network = network;
        }

        @Override
        public Matrix forward(Matrix inputs) {
            return network.forward(inputs, Mode.TRAIN);
        }

        @Override
        public void backward(Matrix gradOutput) {
            network.backward(gradOutput);
        }

        @Override
        public double optimizerStep(java.util.function.DoubleSupplier update) {
            return update.getAsDouble();
        }

        @Override
        public List<Matrix> lastTrainingOutputs(ActivationLayer layer) {
            return layer.lastTrainingOutput() == null ? List.of() : List.of(layer.lastTrainingOutput());
        }
    }
}
