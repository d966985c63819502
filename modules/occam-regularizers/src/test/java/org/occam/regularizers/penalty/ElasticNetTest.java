package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.regularizers.penalty.PenaltyTestSupport.*;

/**
 * Elastic net = an L1 part plus an L2 part, each under the same λ convention, in both of its
 * forms: (λ, l1Ratio ρ) with λ₁ = ρλ, λ₂ = (1 − ρ)λ, and (l1Lambda, l2Lambda).
 */
public class ElasticNetTest {

    private static final double RATIO = 0.3;

    static Stream<Arguments> conventionsAndScopes() {
        List<Arguments> out = new ArrayList<>();
        for (LambdaConvention c : LambdaConvention.values()) {
            for (ScopeCase s : ScopeCase.values()) {
                out.add(Arguments.of(c, s));
            }
        }
        return out.stream();
    }

    /** The ratio form with a scope: only reachable through configuration. */
    private static ElasticNet ratioForm(double lambda, double ratio, LambdaConvention convention, ScopeCase scope) {
        Map<String, String> props = new LinkedHashMap<>(scopeProperties(scope));
        props.put("lambda", Double.toString(lambda));
        props.put("l1Ratio", Double.toString(ratio));
        props.put("convention", convention.name());
        return configure(ElasticNet.class, props, scope.layers);
    }

    private static ElasticNet twoLambdaForm(double l1, double l2, LambdaConvention convention, ScopeCase scope) {
        return ElasticNet.ofLambdas(l1, l2, convention, scope.includeOutputLayer, scope.includeBiases, scope.layers);
    }

    // ------------------------------------------------------------------ gradient checks

    @ParameterizedTest
    @MethodSource("conventionsAndScopes")
    public void ratioFormGradientCheck(LambdaConvention convention, ScopeCase scope) {
        double lambda = 2 * gradientCheckLambda(convention);
        ElasticNet penalty = ratioForm(lambda, RATIO, convention, scope);
        assertEquals(RATIO * lambda, penalty.l1Strength(), 1e-15);
        assertEquals((1 - RATIO) * lambda, penalty.l2Strength(), 1e-15);
        ClosedForm expected = ClosedForm.l1(convention, RATIO * lambda, GRADCHECK_N, GRADCHECK_B)
                .plus(ClosedForm.l2(convention, (1 - RATIO) * lambda, GRADCHECK_N, GRADCHECK_B));
        PenaltyTestSupport.gradientCheck(penalty, expected, scope.expectedTensors, true);
    }

    @ParameterizedTest
    @MethodSource("conventionsAndScopes")
    public void twoLambdaFormGradientCheck(LambdaConvention convention, ScopeCase scope) {
        double l1 = 0.5 * gradientCheckLambda(convention);
        double l2 = 1.5 * gradientCheckLambda(convention);
        ElasticNet penalty = twoLambdaForm(l1, l2, convention, scope);
        ClosedForm expected = ClosedForm.l1(convention, l1, GRADCHECK_N, GRADCHECK_B)
                .plus(ClosedForm.l2(convention, l2, GRADCHECK_N, GRADCHECK_B));
        PenaltyTestSupport.gradientCheck(penalty, expected, scope.expectedTensors, true);
    }

    // ------------------------------------------------------------------ one SGD step

    /**
     * One step equals the closed form w − η(∂C0/∂w + c₁·sign(w) + 2c₂·w), and equals a run with a
     * separate L1 (λ₁) and L2 (λ₂).
     */
    @ParameterizedTest
    @EnumSource(LambdaConvention.class)
    public void ratioFormStepIsTheSumOfItsParts(LambdaConvention convention) {
        double eta = 0.5;
        double lambda = convention == LambdaConvention.DATASET || convention == LambdaConvention.SKLEARN ? 1.6 : 0.1;
        Matrix x = features();
        Matrix y = oneHotTargets();
        int n = x.rows();
        double c1 = lossCoefficient(convention, RATIO * lambda, n, n);
        double k2 = l2GradientFactor(convention, (1 - RATIO) * lambda, n, n);
        Step s = oneStep(ElasticNet.ofRatio(lambda, RATIO, convention), eta, classificationLoss(), x, y);
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> w - eta * (g + c1 * Math.signum(w) + k2 * w));

        Step parts = oneStep(List.of(new L1(RATIO * lambda, convention, L1.Update.SUBGRADIENT),
                new L2((1 - RATIO) * lambda, convention)), eta, classificationLoss(), x, y);
        assertSameWeights(parts, s, 1e-12);
        double expectedLoss = lossCoefficient(convention, RATIO * lambda, n, n) * s.initialSumOfAbs(ScopeCase.DEFAULT.expectedTensors)
                + lossCoefficient(convention, (1 - RATIO) * lambda, n, n) * s.initialSumOfSquares(ScopeCase.DEFAULT.expectedTensors);
        assertEquals(expectedLoss, s.history.epochs().get(0).penaltyLosses().get("ElasticNet"), 1e-13 * expectedLoss);
        assertEquals(parts.history.epochs().get(0).penaltyLoss(), s.history.epochs().get(0).penaltyLoss(), 1e-13 * expectedLoss);
    }

    @ParameterizedTest
    @EnumSource(LambdaConvention.class)
    public void twoLambdaFormStepIsTheSumOfItsParts(LambdaConvention convention) {
        double eta = 0.5;
        boolean perN = convention == LambdaConvention.DATASET || convention == LambdaConvention.SKLEARN;
        double l1 = perN ? 0.4 : 0.03;
        double l2 = perN ? 1.2 : 0.07;
        ScopeCase scope = ScopeCase.NAMED_LAYERS;
        Matrix x = features();
        Matrix y = regressionTargets();
        int n = x.rows();
        double c1 = lossCoefficient(convention, l1, n, n);
        double k2 = l2GradientFactor(convention, l2, n, n);
        Step s = oneStep(twoLambdaForm(l1, l2, convention, scope), eta, regressionLoss(), x, y);
        assertStep(s, scope.expectedTensors, (w, g) -> w - eta * (g + c1 * Math.signum(w) + k2 * w));
        assertEquals(Map.of("ElasticNet", scope.expectedTensors), s.history.penalizedTensors());

        Step parts = oneStep(List.of(
                new L1(l1, convention, L1.Update.SUBGRADIENT, scope.includeOutputLayer, scope.includeBiases, scope.layers),
                new L2(l2, convention, scope.includeOutputLayer, scope.includeBiases, scope.layers)), eta, regressionLoss(), x, y);
        assertSameWeights(parts, s, 1e-12);
    }

    @Test
    public void ratioBoundariesArePureL2AndPureL1() {
        ElasticNet pureL2 = ElasticNet.ofRatio(0.2, 0.0, LambdaConvention.KERAS);
        assertEquals(0.0, pureL2.l1Strength());
        assertEquals(0.2, pureL2.l2Strength());
        ElasticNet pureL1 = ElasticNet.ofRatio(0.2, 1.0, LambdaConvention.KERAS);
        assertEquals(0.2, pureL1.l1Strength());
        assertEquals(0.0, pureL1.l2Strength());
    }

    // ------------------------------------------------------------------ validation

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, 1 + 1e-9, -0.5, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    public void l1RatioOutsideTheUnitIntervalIsRejected(double ratio) {
        PropertyException e = assertThrows(PropertyException.class, () -> ElasticNet.ofRatio(0.1, ratio, LambdaConvention.DATASET));
        assertEquals("l1Ratio", e.getProperty());
        assertTrue(e.getMessage().contains(Double.toString(ratio)), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    public void invalidLambdaIsRejected(double lambda) {
        PropertyException e = assertThrows(PropertyException.class, () -> ElasticNet.ofRatio(lambda, 0.5, LambdaConvention.DATASET));
        assertEquals("lambda", e.getProperty());
    }

    /** NaN marks an unset field in configuration; passed from code it must not fall back to a default. */
    @Test
    public void nanFromCodeIsRejectedNotDefaulted() {
        assertEquals("lambda", assertThrows(PropertyException.class,
                () -> ElasticNet.ofRatio(Double.NaN, 0.5, LambdaConvention.DATASET)).getProperty());
        assertEquals("l1Ratio", assertThrows(PropertyException.class,
                () -> ElasticNet.ofRatio(0.1, Double.NaN, LambdaConvention.DATASET)).getProperty());
        assertEquals("l1Lambda", assertThrows(PropertyException.class,
                () -> ElasticNet.ofLambdas(Double.NaN, Double.NaN, LambdaConvention.DATASET, false, false, List.of())).getProperty());
        assertEquals("l2Lambda", assertThrows(PropertyException.class,
                () -> ElasticNet.ofLambdas(0.1, Double.NaN, LambdaConvention.DATASET, false, false, List.of())).getProperty());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, -2, Double.POSITIVE_INFINITY})
    public void invalidComponentLambdasAreRejected(double bad) {
        assertEquals("l1Lambda", assertThrows(PropertyException.class,
                () -> ElasticNet.ofLambdas(bad, 0.1, LambdaConvention.KERAS, false, false, List.of())).getProperty());
        assertEquals("l2Lambda", assertThrows(PropertyException.class,
                () -> ElasticNet.ofLambdas(0.1, bad, LambdaConvention.KERAS, false, false, List.of())).getProperty());
    }

    @Test
    public void mixingTheTwoFormsIsRejected() {
        PropertyException e = assertThrows(PropertyException.class,
                () -> configure(ElasticNet.class, Map.of("lambda", "0.1", "l1Lambda", "0.1", "l2Lambda", "0.2"), List.of()));
        assertEquals("l1Lambda", e.getProperty());
        assertTrue(e.getMessage().contains("not both"), e.getMessage());

        e = assertThrows(PropertyException.class,
                () -> configure(ElasticNet.class, Map.of("l1Ratio", "0.5", "l2Lambda", "0.2"), List.of()));
        assertEquals("l2Lambda", e.getProperty());

        e = assertThrows(PropertyException.class,
                () -> configure(ElasticNet.class, Map.of("lambda", "0.5", "l1Ratio", "0.5", "l1Lambda", "0.2", "l2Lambda", "0.2"),
                        List.of()));
        assertTrue(e.getProperty().equals("l1Lambda") || e.getProperty().equals("l2Lambda"), e.getProperty());
    }

    @Test
    public void onlyOneOfTheTwoLambdasIsRejected() {
        PropertyException e = assertThrows(PropertyException.class,
                () -> configure(ElasticNet.class, Map.of("l1Lambda", "0.1"), List.of()));
        assertEquals("l2Lambda", e.getProperty(), "names the missing one");
        e = assertThrows(PropertyException.class,
                () -> configure(ElasticNet.class, Map.of("l2Lambda", "0.1"), List.of()));
        assertEquals("l1Lambda", e.getProperty(), "names the missing one");
    }

    @Test
    public void invalidValuesInConfigFileAreRejected(@TempDir Path dir) throws Exception {
        PropertyException e = assertThrows(PropertyException.class,
                () -> loadXml(writeXml(dir, "a.xml", ElasticNet.class, Map.of("l1Ratio", "1.5"), List.of())));
        assertEquals("l1Ratio", e.getProperty());
        e = assertThrows(PropertyException.class,
                () -> loadXml(writeXml(dir, "b.xml", ElasticNet.class, Map.of("l1Lambda", "-0.1", "l2Lambda", "0.1"), List.of())));
        assertEquals("l1Lambda", e.getProperty());
        e = assertThrows(PropertyException.class,
                () -> loadXml(writeXml(dir, "c.xml", ElasticNet.class, Map.of("convention", "KERASS"), List.of())));
        assertEquals("convention", e.getProperty());
        assertTrue(e.getMessage().contains("KERASS"), e.getMessage());
    }

    // ------------------------------------------------------------------ config and provenance

    @Test
    public void defaultsAreLambdaOneHundredthHalfAndHalf() {
        ElasticNet p = configure(ElasticNet.class, Map.of(), List.of());
        assertEquals(0.005, p.l1Strength(), 1e-18);
        assertEquals(0.005, p.l2Strength(), 1e-18);
        assertEquals(LambdaConvention.DATASET, p.convention());
        assertEquals(ScopeCase.DEFAULT.expectedTensors, names(p.scope().select("ElasticNet", network().parameters())));
    }

    @ParameterizedTest
    @EnumSource(LambdaConvention.class)
    public void configFileAndProvenanceRoundTrip(LambdaConvention convention, @TempDir Path dir) throws Exception {
        // ratio form, default scope: code vs file
        ElasticNet ratioFromCode = ElasticNet.ofRatio(0.25, 0.75, convention);
        Penalty ratioFromFile = loadXml(writeXml(dir, "ratio.xml", ElasticNet.class,
                Map.of("lambda", "0.25", "l1Ratio", "0.75", "convention", convention.name()), List.of()));
        assertEquals(ratioFromCode.toString(), ratioFromFile.toString());
        assertEquals(ratioFromCode.getProvenance(), ratioFromFile.getProvenance());
        assertProvenanceRoundTrips(ratioFromCode);

        for (ScopeCase scope : List.of(ScopeCase.DEFAULT, ScopeCase.BIASES, ScopeCase.NAMED_LAYERS_WITH_BIASES)) {
            // two-λ form with a scope: code vs file
            ElasticNet fromCode = twoLambdaForm(0.125, 0.5, convention, scope);
            Map<String, String> props = new LinkedHashMap<>(scopeProperties(scope));
            props.put("l1Lambda", "0.125");
            props.put("l2Lambda", "0.5");
            props.put("convention", convention.name());
            Penalty fromFile = loadXml(writeXml(dir, "two-" + scope + ".xml", ElasticNet.class, props, scope.layers));
            assertEquals(fromCode.toString(), fromFile.toString());
            assertEquals(fromCode.getProvenance(), fromFile.getProvenance());
            assertEquals(scope.expectedTensors, names(fromFile.scope().select("ElasticNet", network().parameters())));
            assertProvenanceRoundTrips(fromCode);

            // ratio form with a scope (configuration only): programmatic vs file
            ElasticNet configured = ratioForm(0.25, 0.75, convention, scope);
            Map<String, String> ratioProps = new LinkedHashMap<>(scopeProperties(scope));
            ratioProps.put("lambda", "0.25");
            ratioProps.put("l1Ratio", "0.75");
            ratioProps.put("convention", convention.name());
            Penalty ratioFile = loadXml(writeXml(dir, "ratio-" + scope + ".xml", ElasticNet.class, ratioProps, scope.layers));
            assertEquals(configured.getProvenance(), ratioFile.getProvenance());
            assertProvenanceRoundTrips(configured);
        }
    }

    @Test
    public void theTwoFormsHaveDifferentProvenance() {
        // same strengths, different configuration: provenance records what was configured
        ElasticNet ratio = ElasticNet.ofRatio(0.5, 0.5, LambdaConvention.KERAS);
        ElasticNet two = ElasticNet.ofLambdas(0.25, 0.25, LambdaConvention.KERAS, false, false, List.of());
        assertEquals(ratio.l1Strength(), two.l1Strength());
        assertEquals(ratio.l2Strength(), two.l2Strength());
        assertTrue(!ratio.getProvenance().equals(two.getProvenance()));
    }

    private static void assertSameWeights(Step expected, Step actual, double tolerance) {
        for (int t = 0; t < expected.names.size(); t++) {
            assertArrayEquals(expected.regularized.get(t), actual.regularized.get(t), tolerance, expected.names.get(t));
        }
    }
}
