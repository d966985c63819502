package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.junit.jupiter.api.Test;
import org.occam.classification.MLPClassificationTrainer;
import org.occam.core.nn.Parameter;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.ParameterScope;
import org.occam.core.spi.Penalty;
import org.occam.core.spi.PenaltyContext;
import org.occam.regularizers.penalty.L2;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The last-batch value a run record gives for Occam's own training loop is what that loop does:
 * a penalty sees each batch's own row count, so the last, shorter batch divides by r, not b.
 */
class LastBatchRuleTest {
    /** A test-only penalty that adds nothing and notes the batch size each step hands it. */
    static final class BatchSizes implements Penalty {
        static final List<Integer> SEEN = Collections.synchronizedList(new ArrayList<>());

        @Override
        public ParameterScope scope() {
            return ParameterScope.hiddenWeights();
        }

        @Override
        public boolean usesDatasetSize() {
            return false;
        }

        @Override
        public boolean actsAfterStep() {
            return false;
        }

        @Override
        public double loss(Parameter p, PenaltyContext ctx) {
            return 0;
        }

        @Override
        public void addGradient(Parameter p, PenaltyContext ctx) {
            SEEN.add(ctx.batchSize());
        }

        @Override
        public ConfiguredObjectProvenance getProvenance() {
            return new ConfiguredObjectProvenanceImpl(this, "Penalty");
        }
    }

    @Test
    void occamsLoopHandsTheLastBatchItsOwnSize() {
        // n = 50 rows, b = 16: batches of 16, 16, 16 and 2.
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("hand", f), f);
        for (int i = 0; i < 50; i++) {
            data.add(new ArrayExample<>(new Label(i % 2 == 0 ? "a" : "b"), new String[]{"x", "y"}, new double[]{i % 7, i % 5}));
        }
        BatchSizes.SEEN.clear();
        MLPClassificationTrainer.builder().hiddenLayerSizes(3).epochs(1).minibatchSize(16).seed(1)
                .penalties(new BatchSizes()).build().train(data);
        assertEquals(List.of(16, 16, 16, 2), BatchSizes.SEEN, "one hidden weight tensor: one call per step");

        EffectiveCoefficient e = PenaltyInfo.describe(List.of(new L2(0.01, LambdaConvention.SKLEARN)), 50, 16).get(0).effective();
        assertEquals(2, e.lastBatchSize());
        assertEquals(Map.of("lambda", 0.01 / (2 * 2.0)), e.lastBatchCoefficients());
        assertEquals(Map.of("lambda", 0.01 / (2 * 16.0)), e.coefficients());
    }
}
