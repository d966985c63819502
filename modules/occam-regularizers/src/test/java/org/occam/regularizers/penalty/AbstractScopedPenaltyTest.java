package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.occam.core.history.EpochRecord;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Network;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Penalty;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.TrainingLoop;
import org.occam.regularizers.penalty.PenaltyTestSupport.ScopeCase;
import org.occam.regularizers.penalty.PenaltyTestSupport.Step;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.regularizers.penalty.PenaltyTestSupport.*;

/**
 * The scope every weight penalty shares (DESIGN §4): which tensors it selects, what the training
 * history records about it, and its validation.
 */
public class AbstractScopedPenaltyTest {

    /** Builds each penalty class with a scope. */
    private static final Map<String, Function<ScopeCase, Penalty>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("L2", s -> new L2(0.3, LambdaConvention.DATASET, s.includeOutputLayer, s.includeBiases, s.layers));
        FACTORIES.put("L1", s -> new L1(0.3, LambdaConvention.DATASET, L1.Update.SUBGRADIENT, s.includeOutputLayer,
                s.includeBiases, s.layers));
        FACTORIES.put("ElasticNet", s -> ElasticNet.ofLambdas(0.1, 0.2, LambdaConvention.DATASET, s.includeOutputLayer,
                s.includeBiases, s.layers));
        FACTORIES.put("DecoupledWeightDecay", s -> new DecoupledWeightDecay(0.3, s.includeOutputLayer, s.includeBiases, s.layers));
    }

    @ParameterizedTest
    @EnumSource(ScopeCase.class)
    public void everyPenaltySelectsExactlyTheScope(ScopeCase scope) {
        Network net = network();
        for (Map.Entry<String, Function<ScopeCase, Penalty>> e : FACTORIES.entrySet()) {
            Penalty p = e.getValue().apply(scope);
            assertEquals(scope.expectedTensors, names(p.scope().select(e.getKey(), net.parameters())), e.getKey());
            net.parameters().forEach(t -> assertEquals(scope.expectedTensors.contains(t.name()), p.scope().selects(t),
                    e.getKey() + " on " + t.name()));
        }
    }

    /** The history lists the penalized tensors and reports (λ/2n)·Σw² of the initial weights. */
    @ParameterizedTest
    @EnumSource(ScopeCase.class)
    public void historyRecordsPenalizedTensorsAndLoss(ScopeCase scope) {
        double lambda = 0.9;
        Matrix x = features();
        int n = x.rows();
        L2 penalty = new L2(lambda, LambdaConvention.DATASET, scope.includeOutputLayer, scope.includeBiases, scope.layers);
        Step s = oneStep(penalty, 0.1, classificationLoss(), x, oneHotTargets());
        assertEquals(Map.of("L2", scope.expectedTensors), s.history.penalizedTensors());
        EpochRecord first = s.history.epochs().get(0);
        double expected = lambda / (2.0 * n) * s.initialSumOfSquares(scope.expectedTensors);
        assertTrue(expected > 0);
        assertEquals(expected, first.penaltyLosses().get("L2"), 1e-13 * expected);
        assertEquals(expected, first.penaltyLoss(), 1e-13 * expected);
    }

    @Test
    public void severalPenaltiesAreReportedApart() {
        double lambda = 0.5;
        Matrix x = features();
        int n = x.rows();
        List<Penalty> penalties = List.of(
                new L2(lambda, LambdaConvention.DATASET),
                new L2(lambda, LambdaConvention.KERAS, true, false, List.of("output")),
                new L1(lambda, LambdaConvention.PYTORCH, L1.Update.PROXIMAL, false, true, List.of("hidden1")));
        Step s = oneStep(penalties, 0.05, classificationLoss(), x, oneHotTargets());
        Map<String, List<String>> expectedTensors = new LinkedHashMap<>();
        expectedTensors.put("L2", List.of("hidden1.weight", "hidden2.weight"));
        expectedTensors.put("L2#2", List.of("output.weight"));
        expectedTensors.put("L1", List.of("hidden1.weight", "hidden1.bias"));
        assertEquals(expectedTensors, s.history.penalizedTensors());
        assertEquals(List.copyOf(expectedTensors.keySet()), List.copyOf(s.history.penalizedTensors().keySet()), "in plan order");

        EpochRecord first = s.history.epochs().get(0);
        double l2 = lambda / (2.0 * n) * s.initialSumOfSquares(expectedTensors.get("L2"));
        double l2b = lambda * s.initialSumOfSquares(expectedTensors.get("L2#2"));
        double l1 = lambda / 2.0 * s.initialSumOfAbs(expectedTensors.get("L1"));
        assertEquals(l2, first.penaltyLosses().get("L2"), 1e-13 * l2);
        assertEquals(l2b, first.penaltyLosses().get("L2#2"), 1e-13 * l2b);
        assertEquals(l1, first.penaltyLosses().get("L1"), 1e-13 * l1);
        assertEquals(first.dataLoss() + l2 + l2b + l1, first.totalLoss(), 1e-12);
    }

    @Test
    public void unknownLayerFailsNamingIt() {
        for (Map.Entry<String, Function<ScopeCase, Penalty>> e : FACTORIES.entrySet()) {
            Penalty p = e.getValue().apply(ScopeCase.DEFAULT);
            Penalty withUnknown = switch (e.getKey()) {
                case "L2" -> new L2(0.3, LambdaConvention.DATASET, false, false, List.of("hidden2", "hidden7"));
                case "L1" -> new L1(0.3, LambdaConvention.DATASET, L1.Update.PROXIMAL, false, false, List.of("hidden2", "hidden7"));
                case "ElasticNet" -> ElasticNet.ofLambdas(0.1, 0.1, LambdaConvention.DATASET, false, false, List.of("hidden2", "hidden7"));
                default -> new DecoupledWeightDecay(0.3, false, false, List.of("hidden2", "hidden7"));
            };
            assertEquals(e.getKey(), p.getClass().getSimpleName());
            Network net = network();
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> new TrainingLoop(net, classificationLoss(), sgdPlan(0.1, 8, List.of(withUnknown)),
                            EpochEvaluator.none(), features(), oneHotTargets(), null, null, new SplittableRandom(1)));
            assertTrue(ex.getMessage().contains("'hidden7'"), ex.getMessage());
            assertTrue(ex.getMessage().contains(e.getKey()), "names the penalty: " + ex.getMessage());
        }
    }

    @Test
    public void unknownLayerFromConfigFileFailsWhenTrainingStarts(@TempDir Path dir) throws Exception {
        Penalty p = loadXml(writeXml(dir, "l2.xml", L2.class, Map.of("lambda", "0.1"), List.of("hidden1", "hiden2")));
        Network net = network();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new TrainingLoop(net, classificationLoss(), sgdPlan(0.1, 8, List.of(p)),
                        EpochEvaluator.none(), features(), oneHotTargets(), null, null, new SplittableRandom(1)));
        assertTrue(ex.getMessage().contains("hiden2"), ex.getMessage());
    }

    @Test
    public void blankOrNullLayerNamesAreRejected() {
        for (List<String> bad : List.of(List.of("hidden1", ""), List.of(" "), List.of("hidden1", "\t"), Arrays.asList("hidden1", null))) {
            List<Executable> constructors = List.of(
                    () -> new L2(0.1, LambdaConvention.KERAS, false, false, bad),
                    () -> new L1(0.1, LambdaConvention.KERAS, L1.Update.SUBGRADIENT, false, false, bad),
                    () -> ElasticNet.ofLambdas(0.1, 0.1, LambdaConvention.KERAS, false, false, bad),
                    () -> new DecoupledWeightDecay(0.1, false, false, bad));
            for (Executable c : constructors) {
                PropertyException e = assertThrows(PropertyException.class, c, "layers " + bad);
                assertEquals("layers", e.getProperty());
            }
        }
    }

    @Test
    public void blankLayerNameInConfigFileIsRejected(@TempDir Path dir) throws Exception {
        PropertyException e = assertThrows(PropertyException.class,
                () -> loadXml(writeXml(dir, "l1.xml", L1.class, Map.of("lambda", "0.1"), List.of("hidden1", " "))));
        assertEquals("layers", e.getProperty());
    }

    @Test
    public void configuredPenaltyTrainsTwiceIdentically() {
        // configured objects are immutable: the same penalty instance gives the same run twice
        Penalty p = new L1(0.4, LambdaConvention.KERAS, L1.Update.PROXIMAL, true, true, List.of());
        Network a = network();
        Network b = network();
        TrainingHistory ha = train(a, classificationLoss(), sgdPlan(0.2, 3, List.of(p)), features(), oneHotTargets());
        TrainingHistory hb = train(b, classificationLoss(), sgdPlan(0.2, 3, List.of(p)), features(), oneHotTargets());
        for (int t = 0; t < a.parameters().size(); t++) {
            assertEquals(a.parameters().get(t).value(), b.parameters().get(t).value());
        }
        assertEquals(ha.epochs().get(0).penaltyLosses(), hb.epochs().get(0).penaltyLosses());
    }
}
