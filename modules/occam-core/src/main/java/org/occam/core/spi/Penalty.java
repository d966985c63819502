package org.occam.core.spi;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import org.occam.core.nn.Parameter;

/**
 * Hook 3 (and, for proximal and decoupled updates, hook 6): a term on the parameters. For every
 * tensor its {@link #scope()} selects, the training loop adds {@link #loss} to the reported penalty
 * loss and {@link #addGradient} to the tensor's gradient before backward; after the optimizer step
 * it calls {@link #afterStep} (proximal operators, decoupled weight decay).
 * <p>
 * Data loss and each penalty's loss are reported apart. Implementations are immutable.
 */
public interface Penalty extends ScopedHook, Configurable, Provenancable<ConfiguredObjectProvenance> {
    /**
     * @param p a selected tensor
     * @param ctx the step's sizes
     * @return this penalty's loss term for the tensor (≥ 0)
     */
    double loss(Parameter p, PenaltyContext ctx);

    /**
     * Adds ∂(loss term)/∂p to {@code p.gradient()}; does nothing for penalties that act only in
     * {@link #afterStep}.
     * @param p a selected tensor
     * @param ctx the step's sizes
     */
    void addGradient(Parameter p, PenaltyContext ctx);

    /**
     * {@link #loss} and then {@link #addGradient} on one tensor, as the training loop calls them;
     * a penalty may override this to do both in one pass over the values, with the same results.
     * @param p a selected tensor
     * @param ctx the step's sizes
     * @return this penalty's loss term for the tensor, as {@link #loss} returns it
     */
    default double lossAndAddGradient(Parameter p, PenaltyContext ctx) {
        double l = loss(p, ctx);
        addGradient(p, ctx);
        return l;
    }

    /**
     * {@link #lossAndAddGradient} on every selected tensor, in order, the terms added up from zero in
     * that order: {@code ((0 + l₀) + l₁) + …}, as the training loop reports them. A penalty may
     * override this to work on several tensors in one pass (independent sums interleaved, each in its
     * own order), with the same results bit for bit.
     * @param selected the penalty's tensors
     * @param ctx the step's sizes
     * @return the sum of the tensors' loss terms
     */
    default double lossAndAddGradients(java.util.List<Parameter> selected, PenaltyContext ctx) {
        double l = 0;
        for (Parameter p : selected) {
            l += lossAndAddGradient(p, ctx);
        }
        return l;
    }

    /**
     * Whether this penalty's coefficients read n, {@link PenaltyContext#datasetSize()} (the
     * {@link LambdaConvention#DATASET} convention): a caller that cannot know n (Tribuo's optimiser
     * adapter) must then be given it.
     * @return true if {@link #loss}, {@link #addGradient} or {@link #afterStep} depend on n
     */
    boolean usesDatasetSize();

    /**
     * Whether {@link #afterStep} changes anything (proximal operators, decoupled weight decay). The
     * loop calls {@code afterStep} only for penalties that say so.
     * @return true if this penalty acts after the optimizer step
     */
    boolean actsAfterStep();

    /**
     * Changes the tensor's values after the optimizer step (hook 6), when {@link #actsAfterStep()}.
     * Default: nothing.
     * @param p a selected tensor
     * @param learningRate the step's learning rate η
     * @param ctx the step's sizes
     */
    default void afterStep(Parameter p, double learningRate, PenaltyContext ctx) {}

    /**
     * Called on each selected tensor just before the optimizer step (after the gradient
     * transforms), for a penalty that acts on the weights as they were before the step — say
     * weight decay in PyTorch's form w ← (1 − ηλ)·w − η·u. The step's learning rate η is known only
     * once the step is done, so this returns what to do then: the training loop calls it with η
     * right after the step (before {@link #afterStep}). Whatever the action keeps (a copy of the
     * weights) is that step's state, so the penalty itself stays stateless.
     * @param p a selected tensor, not yet stepped
     * @param ctx sizes and the clock
     * @return the action to run with η after the step, or null (the default) for none
     */
    default java.util.function.DoubleConsumer beforeStep(Parameter p, PenaltyContext ctx) {
        return null;
    }

    /**
     * For a penalty that is exactly L2 as {@link #lossAndAddGradients} computes it — per selected
     * tensor the term c·Σw² (the sum in index order from 0), the terms added in the selection's order
     * from 0, and the gradient {@code g += 2c·w} ({@code g = 0 + 2c·w} on a discarded gradient): c for
     * these sizes. The training loop may then form a step's sums and gradients inside the previous
     * step's optimizer update ({@link Optimizer.OptimizerRun#stepAndSeed}), with the same bits.
     * @param ctx the step's sizes and clock
     * @return c, or NaN (the default) when the penalty is not of that form
     */
    default double squaredNormCoefficient(PenaltyContext ctx) {
        return Double.NaN;
    }
}
