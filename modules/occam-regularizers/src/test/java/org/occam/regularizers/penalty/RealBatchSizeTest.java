package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.junit.jupiter.api.Test;
import org.occam.core.history.EpochRecord;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.Batch;
import org.occam.core.spi.BatchTransform;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.TrainingClock;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.Hooks;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;
import org.occam.regularizers.testing.TinyTraining;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The penalty's batch size b and the epoch's loss weights come from the real minibatch, not from
 * what a batch transform made of it: a transform that stacks every row twice must not halve a
 * SKLEARN-convention penalty (c = λ/2b).
 */
class RealBatchSizeTest {

    /** Returns the batch with every row twice ([x; x]), or a plain copy. */
    static final class Stack implements BatchTransform {
        private final boolean twice;

        Stack(boolean twice) {
            this.twice = twice;
        }

        @Override
        public Batch apply(Batch batch, TrainingClock clock, SplittableRandom rng) {
            return new Batch(copy(batch.inputs()), copy(batch.targets()));
        }

        private Matrix copy(Matrix m) {
            int k = twice ? 2 : 1;
            Matrix out = new Matrix(k * m.rows(), m.cols());
            for (int i = 0; i < k; i++) {
                System.arraycopy(m.data(), 0, out.data(), i * m.size(), m.size());
            }
            return out;
        }

        @Override
        public ConfiguredObjectProvenance getProvenance() {
            return new ConfiguredObjectProvenanceImpl(this, "BatchTransform");
        }
    }

    private static EpochRecord firstEpoch(boolean twice) {
        TinyTraining.Data d = TinyTraining.blobs(40, 3, 5);
        Network net = MlpBuilder.build(3, new int[]{6}, Activation.TANH, 2, Initializer.GLOROT_UNIFORM, List.of(), new SplittableRandom(2));
        Hooks hooks = Hooks.none().withBatchTransforms(List.of(new Stack(twice)))
                .withPenalties(List.of(new L2(3.0, LambdaConvention.SKLEARN)));
        // one batch of all 40 rows: the penalty is evaluated once, on the initial weights
        TrainingPlan plan = new TrainingPlan(1, 40, false, false, new Sgd(0.1), hooks);
        return new TrainingLoop(net, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), d.x(), d.y(), null, null,
                new SplittableRandom(1)).run().epochs().get(0);
    }

    @Test
    void duplicatedRowsDoNotHalveASklearnPenalty() {
        EpochRecord plain = firstEpoch(false);
        EpochRecord doubled = firstEpoch(true);
        assertEquals(plain.penaltyLosses().get("L2"), doubled.penaltyLosses().get("L2"));
        // the mean over duplicated rows is the same mean, so the epoch's data loss agrees up to rounding
        assertEquals(plain.dataLoss(), doubled.dataLoss(), 1e-14);
    }
}
