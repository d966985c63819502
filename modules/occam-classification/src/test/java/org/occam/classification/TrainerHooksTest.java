package org.occam.classification;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.train.Hooks;
import org.occam.regularizers.constraint.MaxNorm;
import org.occam.regularizers.gradient.ClipByValue;
import org.occam.regularizers.layer.Dropout;
import org.occam.regularizers.loss.RDrop;
import org.occam.regularizers.penalty.L2;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's plugin lists are one {@link Hooks} value: the builder, the trainer and toString agree on it. */
class TrainerHooksTest {

    @Test
    void theBuilderAndTheTrainerHoldOneHooksValue() {
        Hooks hooks = Hooks.none().withPenalties(List.of(new L2(0.1, LambdaConvention.KERAS)))
                .withLayerPlugins(List.of(new Dropout(0.2))).withLossHooks(List.of(new RDrop(0.5)))
                .withGradientTransforms(List.of(new ClipByValue(1.0))).withConstraints(List.of(new MaxNorm(3.0)));
        MLPClassificationTrainer t = MLPClassificationTrainer.builder().hooks(hooks).build();
        assertEquals(hooks, t.hooks());
        assertTrue(t.toString().contains(hooks.describe(List::toString)), t.toString());
        // the per-hook setters change one list and keep the others
        MLPClassificationTrainer u = MLPClassificationTrainer.builder().hooks(hooks).penalties().build();
        assertEquals(hooks.withPenalties(List.of()), u.hooks());
    }

    @Test
    void twoLossHooksAreRejected() {
        PropertyException e = assertThrows(PropertyException.class,
                () -> MLPClassificationTrainer.builder().lossHooks(new RDrop(1.0), new RDrop(2.0)).build());
        assertEquals("lossHooks", e.getProperty());
        assertTrue(e.getMessage().contains("at most one"), e.getMessage());
    }
}
