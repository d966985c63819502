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
