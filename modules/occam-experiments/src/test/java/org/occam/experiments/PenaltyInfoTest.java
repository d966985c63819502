package org.occam.experiments;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Penalty;
import org.occam.regularizers.penalty.DecoupledWeightDecay;
import org.occam.regularizers.penalty.ElasticNet;
import org.occam.regularizers.penalty.L1;
import org.occam.regularizers.penalty.L2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The penalty summaries of a run record: λ, convention and the effective coefficient c per convention. */
class PenaltyInfoTest {
    /** n training rows and a full batch b, different so that DATASET and SKLEARN differ. */
    private static final int N = 600;
    private static final int B = 32;

    private static PenaltyInfo one(Penalty p) {
        List<PenaltyInfo> infos = PenaltyInfo.describe(List.of(p), N, B);
        assertEquals(1, infos.size());
        return infos.get(0);
    }

    @Test
    void effectiveCoefficientFollowsEachConvention() {
        double lambda = 0.01;
        // written out by hand, independently of LambdaConvention.coefficient
        Map<LambdaConvention, Double> expected = Map.of(
                LambdaConvention.DATASET, lambda / (2 * 600.0),
                LambdaConvention.KERAS, 0.01,
                LambdaConvention.SKLEARN, lambda / (2 * 32.0),
                LambdaConvention.PYTORCH, 0.005);
        for (Map.Entry<LambdaConvention, Double> e : expected.entrySet()) {
            PenaltyInfo info = one(new L2(lambda, e.getKey()));
            assertEquals("L2", info.type());
            assertEquals(lambda, info.lambda(), 0.0);
            assertEquals(e.getKey().name(), info.convention());
            assertEquals(Map.of("lambda", e.getValue()), info.coefficients(), e.getKey().name());
        }
        assertEquals(8.333333333333333e-6, one(new L2(0.01, LambdaConvention.DATASET)).coefficients().get("lambda"), 1e-20);
    }

    @Test
    void theEffectiveCoefficientNamesItsFormulaAndTheLastShorterBatch() {
        // n = 600, b = 32: 18 full batches and a last one of 600 − 18·32 = 24 rows; λ = 0.01.
        Map<LambdaConvention, String> formulas = Map.of(LambdaConvention.DATASET, "c = λ/(2·n)", LambdaConvention.KERAS, "c = λ",
                LambdaConvention.SKLEARN, "c = λ/(2·b)", LambdaConvention.PYTORCH, "c = λ/2");
        Map<LambdaConvention, double[]> fullAndLast = Map.of(
                LambdaConvention.DATASET, new double[]{0.01 / 1200, 0.01 / 1200},
                LambdaConvention.KERAS, new double[]{0.01, 0.01},
                LambdaConvention.SKLEARN, new double[]{0.01 / 64, 0.01 / 48},
                LambdaConvention.PYTORCH, new double[]{0.005, 0.005});
        for (LambdaConvention c : LambdaConvention.values()) {
            EffectiveCoefficient e = one(new L2(0.01, c)).effective();
            assertEquals(formulas.get(c), e.formula(), c.name());
            assertEquals(Map.of("lambda", fullAndLast.get(c)[0]), e.coefficients(), c.name());
            assertEquals(24, e.lastBatchSize(), c.name());
            assertEquals(Map.of("lambda", fullAndLast.get(c)[1]), e.lastBatchCoefficients(), c.name());
            assertEquals(PenaltyInfo.OWN_SIZE_RULE, e.lastBatchRule());
        }
        // b divides n: the last batch is a full one; n < b: the only batch has n rows.
        EffectiveCoefficient even = PenaltyInfo.describe(List.of(new L2(0.01, LambdaConvention.SKLEARN)), 640, 32).get(0).effective();
        assertEquals(32, even.lastBatchSize());
        assertEquals(Map.of("lambda", 0.01 / 64), even.lastBatchCoefficients());
        EffectiveCoefficient small = PenaltyInfo.describe(List.of(new L2(0.01, LambdaConvention.SKLEARN)), 20, 32).get(0).effective();
        assertEquals(20, small.lastBatchSize());
        assertEquals(Map.of("lambda", 0.01 / 40), small.lastBatchCoefficients());
        // An elastic net's two terms, each with its own last-batch value.
        EffectiveCoefficient enet = one(ElasticNet.ofLambdas(0.002, 0.004, LambdaConvention.SKLEARN, false, false, List.of())).effective();
        assertEquals(Map.of("l1Lambda", 0.002 / 64, "l2Lambda", 0.004 / 64), enet.coefficients());
        assertEquals(Map.of("l1Lambda", 0.002 / 48, "l2Lambda", 0.004 / 48), enet.lastBatchCoefficients());
    }

    @Test
    void theTrainingLoopIsWhatTheLastBatchRecordFollows() throws Exception {
        // Occam's loop builds each step's PenaltyContext from that batch's rows (TrainingLoop.step);
        // a Tribuo trainer through PenalizedOptimiser passes its configured b for every batch.
        L2 l2 = new L2(0.01, LambdaConvention.SKLEARN);
        org.tribuo.classification.sgd.linear.LinearSGDTrainer tribuo = new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                new org.tribuo.classification.sgd.objectives.LogMulticlass(),
                new org.occam.regularizers.tribuo.PenalizedOptimiser(org.tribuo.math.optimisers.SGD.getSimpleSGD(0.1),
                        List.of(l2), 600, 32), 2, 1, 32, 1L);
        List<PenaltyInfo> found = PenaltyInfo.find(tribuo.getProvenance(), 600, 32);
        assertEquals(1, found.size());
        EffectiveCoefficient e = found.get(0).effective();
        assertEquals(24, e.lastBatchSize());
        assertEquals(Map.of("lambda", 0.01 / 64), e.lastBatchCoefficients(), "b for every batch");
        assertEquals(PenaltyInfo.FIXED_SIZE_RULE, e.lastBatchRule());
    }

    @Test
    void decoupledDecayRecordsItsPerStepShrink() {
        EffectiveCoefficient e = one(new DecoupledWeightDecay(0.1)).effective();
        assertEquals(PenaltyInfo.DECOUPLED_FORMULA, e.formula());
        assertEquals(Map.of("lambda", 0.1), e.coefficients());
        assertEquals(Map.of("lambda", 0.1), e.lastBatchCoefficients());
    }

    @Test
    void l1RecordsItsModeAndCoefficient() {
        PenaltyInfo info = one(new L1(0.001, LambdaConvention.DATASET, L1.Update.PROXIMAL));
        assertEquals("L1", info.type());
        assertEquals("PROXIMAL", info.settings().get("mode"));
        assertEquals("DATASET", info.settings().get("convention"));
        assertEquals("false", info.settings().get("includeOutputLayer"));
        assertEquals(0.001 / 1200, info.coefficients().get("lambda"), 1e-20);
    }

    @Test
    void elasticNetReportsTheCoefficientsOfItsTwoTerms() {
        PenaltyInfo ratio = one(ElasticNet.ofRatio(0.01, 0.25, LambdaConvention.KERAS));
        assertEquals(0.01, ratio.lambda(), 0.0);
        assertEquals(Map.of("l1Lambda", 0.0025, "l2Lambda", 0.0075), ratio.coefficients());

        PenaltyInfo two = one(ElasticNet.ofLambdas(0.002, 0.004, LambdaConvention.DATASET, false, false, List.of()));
        assertTrue(Double.isNaN(two.lambda()), "no single λ in the two-λ form");
        assertEquals(0.002 / 1200, two.coefficients().get("l1Lambda"), 1e-20);
        assertEquals(0.004 / 1200, two.coefficients().get("l2Lambda"), 1e-20);
    }

    @Test
    void elasticNetWithDefaultsReportsTheDefaultStrengths(@TempDir Path tmp) throws Exception {
        Path xml = Files.writeString(tmp.resolve("enet.xml"), """
                <config><component name="p" type="org.occam.regularizers.penalty.ElasticNet">
                  <property name="convention" value="PYTORCH"/>
                </component></config>
                """);
        PenaltyInfo info = one((Penalty) new ConfigurationManager(xml.toString()).lookup("p"));
        assertEquals(0.01, info.lambda(), 1e-15);
        assertEquals(0.0025, info.coefficients().get("l1Lambda"), 1e-15);
        assertEquals(0.0025, info.coefficients().get("l2Lambda"), 1e-15);
    }

    @Test
    void decoupledDecayHasNoConventionAndNoCoefficient() {
        PenaltyInfo info = one(new DecoupledWeightDecay(0.1));
        assertEquals(0.1, info.lambda(), 0.0);
        assertNull(info.convention());
        assertEquals(Map.of(), info.coefficients());
    }

    @Test
    void repeatedTypesAreNumberedAsTheHistoryNamesThem() {
        List<PenaltyInfo> infos = PenaltyInfo.describe(List.of(new L2(0.1, LambdaConvention.KERAS),
                new L1(0.2, LambdaConvention.KERAS, L1.Update.SUBGRADIENT), new L2(0.3, LambdaConvention.PYTORCH)), N, B);
        assertEquals(List.of("L2", "L1", "L2#2"), infos.stream().map(PenaltyInfo::name).toList());
        assertEquals(List.of("L2", "L1", "L2"), infos.stream().map(PenaltyInfo::type).toList());
        assertEquals(0.15, infos.get(2).coefficients().get("lambda"), 1e-15);
    }
}
