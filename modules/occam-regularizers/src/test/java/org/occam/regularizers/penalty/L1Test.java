package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.occam.core.history.EpochRecord;
import org.occam.core.math.Matrix;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Penalty;
import org.occam.regularizers.penalty.PenaltyTestSupport.ClosedForm;
import org.occam.regularizers.penalty.PenaltyTestSupport.ScopeCase;
import org.occam.regularizers.penalty.PenaltyTestSupport.Step;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.regularizers.penalty.PenaltyTestSupport.*;

/**
 * L1 against DESIGN §4: the same coefficient as L2 on Σ|w| (DATASET (λ/2n)·Σ|w| as the seed notes
 * write it), a subgradient mode checked by finite differences away from zero, and a proximal mode
 * whose step is an exact soft threshold that reaches exact zeros.
 */
public class L1Test {

    static Stream<Arguments> conventionsAndScopes() {
        List<Arguments> out = new ArrayList<>();
        for (LambdaConvention c : LambdaConvention.values()) {
            for (ScopeCase s : ScopeCase.values()) {
                out.add(Arguments.of(c, s));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> conventionsAndModes() {
        List<Arguments> out = new ArrayList<>();
        for (LambdaConvention c : LambdaConvention.values()) {
            for (L1.Update m : L1.Update.values()) {
                out.add(Arguments.of(c, m));
            }
        }
        return out.stream();
    }

    /** c of Σ|w| per convention, written out from the DESIGN §4 table. */
    private static double c(LambdaConvention convention, double lambda, int n, int b) {
        switch (convention) {
            case DATASET:
                return lambda / (2.0 * n);
            case KERAS:
                return lambda;
            case SKLEARN:
                return lambda / (2.0 * b);
            case PYTORCH:
                return lambda / 2.0;
            default:
                throw new AssertionError(convention);
        }
    }

    // ------------------------------------------------------------------ gradient checks

    @ParameterizedTest
    @MethodSource("conventionsAndScopes")
    public void subgradientGradientCheck(LambdaConvention convention, ScopeCase scope) {
        double lambda = gradientCheckLambda(convention);
        L1 penalty = new L1(lambda, convention, L1.Update.SUBGRADIENT, scope.includeOutputLayer, scope.includeBiases, scope.layers);
        PenaltyTestSupport.gradientCheck(penalty, ClosedForm.l1(convention, lambda, GRADCHECK_N, GRADCHECK_B),
                scope.expectedTensors, true);
    }

    /** Proximal mode reports c·Σ|w| but puts nothing in the gradient: it acts after the step. */
    @ParameterizedTest
    @MethodSource("conventionsAndScopes")
    public void proximalReportsLossButAddsNoGradient(LambdaConvention convention, ScopeCase scope) {
        double lambda = gradientCheckLambda(convention);
        L1 penalty = new L1(lambda, convention, L1.Update.PROXIMAL, scope.includeOutputLayer, scope.includeBiases, scope.layers);
        PenaltyTestSupport.gradientCheck(penalty,
                ClosedForm.lossOnly(ClosedForm.l1(convention, lambda, GRADCHECK_N, GRADCHECK_B)), scope.expectedTensors, false);
    }

    // ------------------------------------------------------------------ one SGD step

    @ParameterizedTest
    @EnumSource(LambdaConvention.class)
    public void subgradientStep(LambdaConvention convention) {
        double eta = 0.5;
        double lambda = convention == LambdaConvention.DATASET || convention == LambdaConvention.SKLEARN ? 0.8 : 0.05;
        Matrix x = features();
        int n = x.rows();
        double c = c(convention, lambda, n, n);
        Step s = oneStep(new L1(lambda, convention, L1.Update.SUBGRADIENT), eta, classificationLoss(), x, oneHotTargets());
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> w - eta * (g + c * Math.signum(w)));
        assertEquals(0, exactZeros(s, ScopeCase.DEFAULT.expectedTensors), "subgradient L1 does not produce exact zeros");
    }

    @ParameterizedTest
    @EnumSource(LambdaConvention.class)
    public void proximalStepIsASoftThreshold(LambdaConvention convention) {
        double eta = 0.5;
        Matrix x = features();
        int n = x.rows();
        // pick λ so the threshold η·c is 0.2 in every convention: enough to zero some weights
        double c = 0.4;
        double lambda = convention == LambdaConvention.DATASET || convention == LambdaConvention.SKLEARN ? c * 2 * n
                : convention == LambdaConvention.PYTORCH ? 2 * c : c;
        assertEquals(c, c(convention, lambda, n, n), 1e-15);
        Step s = oneStep(new L1(lambda, convention, L1.Update.PROXIMAL), eta, regressionLoss(), x, regressionTargets());
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> softThreshold(w - eta * g, eta * c));

        int expectedZeros = 0;
        for (String t : ScopeCase.DEFAULT.expectedTensors) {
            double[] w0 = s.initial.get(s.index(t));
            double[] g0 = s.dataGradient.get(s.index(t));
            for (int i = 0; i < w0.length; i++) {
                if (Math.abs(w0[i] - eta * g0[i]) <= eta * c) {
                    expectedZeros++;
                }
            }
        }
        assertTrue(expectedZeros > 0, "the test's threshold should zero some weights");
        assertEquals(expectedZeros, exactZeros(s, ScopeCase.DEFAULT.expectedTensors));
        EpochRecord first = s.history.epochs().get(0);
        assertEquals(c * s.initialSumOfAbs(ScopeCase.DEFAULT.expectedTensors), first.penaltyLosses().get("L1"), 1e-12);
    }

    @Test
    public void proximalStepWithNamedLayersAndBiases() {
        double eta = 0.5;
        double lambda = 0.3; // KERAS: c = λ, threshold 0.15
        ScopeCase scope = ScopeCase.NAMED_LAYERS_WITH_BIASES;
        L1 penalty = new L1(lambda, LambdaConvention.KERAS, L1.Update.PROXIMAL, scope.includeOutputLayer, scope.includeBiases,
                scope.layers);
        Step s = oneStep(penalty, eta, classificationLoss(), features(), oneHotTargets());
        assertStep(s, scope.expectedTensors, (w, g) -> softThreshold(w - eta * g, eta * lambda));
        assertEquals(Map.of("L1", scope.expectedTensors), s.history.penalizedTensors());
    }

    // ------------------------------------------------------------------ reported loss

    @ParameterizedTest
    @MethodSource("conventionsAndModes")
    public void reportedPenaltyLossIsCTimesSumOfAbsOfInitialWeights(LambdaConvention convention, L1.Update mode) {
        double lambda = 0.6;
        Matrix x = features();
        int n = x.rows();
        ScopeCase scope = ScopeCase.OUTPUT_LAYER;
        Step s = oneStep(new L1(lambda, convention, mode, true, false, List.of()), 0.1, classificationLoss(), x, oneHotTargets());
        double expected = c(convention, lambda, n, n) * s.initialSumOfAbs(scope.expectedTensors);
        assertEquals(expected, s.history.epochs().get(0).penaltyLosses().get("L1"), 1e-13 * expected);
        assertEquals(Map.of("L1", scope.expectedTensors), s.history.penalizedTensors());
    }

    // ------------------------------------------------------------------ validation

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, -3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    public void invalidLambdaIsRejected(double lambda) {
        PropertyException e = assertThrows(PropertyException.class,
                () -> new L1(lambda, LambdaConvention.KERAS, L1.Update.SUBGRADIENT));
        assertEquals("lambda", e.getProperty());
        assertTrue(e.getMessage().contains(Double.toString(lambda)), e.getMessage());
    }

    @Test
    public void nullConventionAndModeAreRejected() {
        assertEquals("convention",
                assertThrows(PropertyException.class, () -> new L1(0.1, null, L1.Update.PROXIMAL)).getProperty());
        assertEquals("mode",
                assertThrows(PropertyException.class, () -> new L1(0.1, LambdaConvention.KERAS, null)).getProperty());
    }

    @Test
    public void invalidValuesInConfigFileAreRejected(@TempDir Path dir) throws Exception {
        PropertyException e = assertThrows(PropertyException.class,
                () -> loadXml(writeXml(dir, "a.xml", L1.class, Map.of("lambda", "Infinity"), List.of())));
        assertEquals("lambda", e.getProperty());

        e = assertThrows(PropertyException.class,
                () -> loadXml(writeXml(dir, "b.xml", L1.class, Map.of("convention", "KERASS"), List.of())));
        assertEquals("convention", e.getProperty());
        assertTrue(e.getMessage().contains("KERASS"), e.getMessage());

        e = assertThrows(PropertyException.class,
                () -> loadXml(writeXml(dir, "c.xml", L1.class, Map.of("mode", "PROXIMALL"), List.of())));
        assertEquals("mode", e.getProperty());
        assertTrue(e.getMessage().contains("PROXIMALL"), e.getMessage());
    }

    // ------------------------------------------------------------------ config and provenance

    @Test
    public void defaults() {
        L1 p = configure(L1.class, Map.of(), List.of());
        assertEquals(0.01, p.lambda());
        assertEquals(LambdaConvention.DATASET, p.convention());
        assertEquals(L1.Update.SUBGRADIENT, p.mode());
        assertEquals(ScopeCase.DEFAULT.expectedTensors, names(p.scope().select("L1", network().parameters())));
    }

    @ParameterizedTest
    @MethodSource("conventionsAndModes")
    public void configFileAndProvenanceRoundTrip(LambdaConvention convention, L1.Update mode, @TempDir Path dir) throws Exception {
        for (ScopeCase scope : List.of(ScopeCase.DEFAULT, ScopeCase.OUTPUT_LAYER_AND_BIASES, ScopeCase.NAMED_LAYERS)) {
            double lambda = 0.375;
            L1 fromCode = new L1(lambda, convention, mode, scope.includeOutputLayer, scope.includeBiases, scope.layers);
            Map<String, String> props = new LinkedHashMap<>(scopeProperties(scope));
            props.put("lambda", Double.toString(lambda));
            props.put("convention", convention.name());
            props.put("mode", mode.name());
            Penalty fromFile = loadXml(writeXml(dir, scope + ".xml", L1.class, props, scope.layers));

            assertEquals(fromCode.toString(), fromFile.toString());
            assertEquals(fromCode.getProvenance(), fromFile.getProvenance());
            assertEquals(scope.expectedTensors, names(fromFile.scope().select("L1", network().parameters())));

            ConfiguredObjectProvenance prov = fromCode.getProvenance();
            assertEquals(new DoubleProvenance("lambda", lambda), prov.getConfiguredParameters().get("lambda"));
            assertEquals(new EnumProvenance<>("mode", mode), prov.getConfiguredParameters().get("mode"));
            assertProvenanceRoundTrips(fromCode);
        }
    }

    private static int exactZeros(Step s, List<String> tensors) {
        int zeros = 0;
        for (String t : tensors) {
            for (double v : s.regularized.get(s.index(t))) {
                if (v == 0.0) {
                    zeros++;
                }
            }
        }
        return zeros;
    }
}
