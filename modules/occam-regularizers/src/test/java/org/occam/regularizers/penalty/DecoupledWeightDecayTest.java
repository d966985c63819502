package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.regularizers.penalty.PenaltyTestSupport.*;

/**
 * Decoupled weight decay: no loss term, no gradient, and after the optimizer step
 * {@code w ← (1 − ηλ)·w} on the scoped tensors only.
 */
public class DecoupledWeightDecayTest {

    /** Loss 0 and no gradient, in every scope (it has no λ convention). */
    @ParameterizedTest
    @EnumSource(ScopeCase.class)
    public void noLossAndNoGradient(ScopeCase scope) {
        DecoupledWeightDecay penalty = new DecoupledWeightDecay(0.5, scope.includeOutputLayer, scope.includeBiases, scope.layers);
        PenaltyTestSupport.gradientCheck(penalty, ClosedForm.zero(), scope.expectedTensors, true);
    }

    @ParameterizedTest
    @EnumSource(ScopeCase.class)
    public void stepShrinksTheUpdatedWeightsOfTheScope(ScopeCase scope) {
        double eta = 0.5;
        double lambda = 0.2;
        DecoupledWeightDecay penalty = new DecoupledWeightDecay(lambda, scope.includeOutputLayer, scope.includeBiases, scope.layers);
        Step s = oneStep(penalty, eta, classificationLoss(), features(), oneHotTargets());
        // w_new = (w − η∂C0/∂w)(1 − ηλ)
        assertStep(s, scope.expectedTensors, (w, g) -> (w - eta * g) * (1 - eta * lambda));
        assertEquals(Map.of("DecoupledWeightDecay", scope.expectedTensors), s.history.penalizedTensors());
        assertEquals(0.0, s.history.epochs().get(0).penaltyLosses().get("DecoupledWeightDecay"), 0.0);
        assertEquals(s.history.epochs().get(0).dataLoss(), s.history.epochs().get(0).totalLoss(), 0.0);
    }

    @Test
    public void regressionStep() {
        double eta = 0.25;
        double lambda = 0.4;
        Step s = oneStep(new DecoupledWeightDecay(lambda), eta, regressionLoss(), features(), regressionTargets());
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> (w - eta * g) * (1 - eta * lambda));
    }

    /**
     * The decay acts on the weights after the step, so with plain SGD it is the PYTORCH-convention
     * L2 step w(1 − ηλ) − η∂C0/∂w plus the second-order term η²λ·∂C0/∂w — not the same step.
     */
    @Test
    public void differsFromCoupledPytorchL2ByTheSecondOrderTerm() {
        double eta = 0.5;
        double lambda = 0.2;
        Step decoupled = oneStep(new DecoupledWeightDecay(lambda), eta, classificationLoss(), features(), oneHotTargets());
        Step coupled = oneStep(new L2(lambda, LambdaConvention.PYTORCH), eta, classificationLoss(), features(), oneHotTargets());
        boolean differs = false;
        for (String t : ScopeCase.DEFAULT.expectedTensors) {
            int k = decoupled.index(t);
            double[] g0 = decoupled.dataGradient.get(k);
            for (int i = 0; i < g0.length; i++) {
                double diff = decoupled.regularized.get(k)[i] - coupled.regularized.get(k)[i];
                assertEquals(eta * eta * lambda * g0[i], diff, 1e-14, t + "[" + i + "]");
                differs |= Math.abs(diff) > 1e-6;
            }
        }
        assertTrue(differs);
    }

    /**
     * BEFORE_STEP: w_new = (1 − ηλ)·w − η·u, u = ∂C0/∂w for plain SGD, on the scoped tensors only.
     * (The scopes with biases are left out: the test network's biases start at 0, where shrinking
     * before the step changes nothing, which {@code assertStep} would report as a penalty without effect.)
     */
    @ParameterizedTest
    @EnumSource(value = ScopeCase.class, names = {"DEFAULT", "OUTPUT_LAYER", "NAMED_LAYERS", "NAMED_HIDDEN_ONLY"})
    public void beforeStepShrinksTheWeightsBeforeTheUpdate(ScopeCase scope) {
        double eta = 0.5;
        double lambda = 0.2;
        DecoupledWeightDecay penalty = new DecoupledWeightDecay(lambda, DecoupledWeightDecay.Order.BEFORE_STEP,
                scope.includeOutputLayer, scope.includeBiases, scope.layers);
        Step s = oneStep(penalty, eta, classificationLoss(), features(), oneHotTargets());
        assertStep(s, scope.expectedTensors, (w, g) -> (1 - eta * lambda) * w - eta * g);
        assertEquals(0.0, s.history.epochs().get(0).penaltyLosses().get("DecoupledWeightDecay"), 0.0);
    }

    @Test
    public void beforeStepRegressionStep() {
        double eta = 0.25;
        double lambda = 0.4;
        Step s = oneStep(new DecoupledWeightDecay(lambda, DecoupledWeightDecay.Order.BEFORE_STEP, false, false, List.of()),
                eta, regressionLoss(), features(), regressionTargets());
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> (1 - eta * lambda) * w - eta * g);
    }

    /** With plain SGD, BEFORE_STEP is the PYTORCH-convention L2 step w(1 − ηλ) − η∂C0/∂w. */
    @Test
    public void beforeStepEqualsCoupledPytorchL2WithPlainSgd() {
        double eta = 0.5;
        double lambda = 0.2;
        Step decoupled = oneStep(new DecoupledWeightDecay(lambda, DecoupledWeightDecay.Order.BEFORE_STEP, false, false, List.of()),
                eta, classificationLoss(), features(), oneHotTargets());
        Step coupled = oneStep(new L2(lambda, LambdaConvention.PYTORCH), eta, classificationLoss(), features(), oneHotTargets());
        for (String t : ScopeCase.DEFAULT.expectedTensors) {
            int k = decoupled.index(t);
            double[] a = decoupled.regularized.get(k);
            double[] b = coupled.regularized.get(k);
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-12, t + "[" + i + "]");
            }
        }
    }

    @Test
    public void invalidOrderInConfigFileIsRejected(@TempDir Path dir) throws Exception {
        Exception e = assertThrows(Exception.class,
                () -> loadXml(writeXml(dir, "dwd.xml", DecoupledWeightDecay.class, Map.of("order", "SIDEWAYS"), List.of())));
        assertTrue(String.valueOf(e.getMessage()).contains("SIDEWAYS") || String.valueOf(e.getMessage()).contains("order"), e.getMessage());
    }

    @Test
    public void orderRoundTripsThroughConfigAndProvenance(@TempDir Path dir) throws Exception {
        DecoupledWeightDecay fromCode = new DecoupledWeightDecay(0.125, DecoupledWeightDecay.Order.BEFORE_STEP, false, false, List.of());
        Penalty fromFile = loadXml(writeXml(dir, "before.xml", DecoupledWeightDecay.class,
                Map.of("lambda", "0.125", "order", "BEFORE_STEP"), List.of()));
        assertEquals(fromCode.toString(), fromFile.toString());
        assertEquals(fromCode.getProvenance(), fromFile.getProvenance());
        assertEquals(DecoupledWeightDecay.Order.BEFORE_STEP, ((DecoupledWeightDecay) fromFile).order());
        assertProvenanceRoundTrips(fromCode);
    }

    // ------------------------------------------------------------------ validation

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, -0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    public void invalidLambdaIsRejected(double lambda) {
        PropertyException e = assertThrows(PropertyException.class, () -> new DecoupledWeightDecay(lambda));
        assertEquals("lambda", e.getProperty());
        assertTrue(e.getMessage().contains(Double.toString(lambda)), e.getMessage());
    }

    @Test
    public void invalidLambdaInConfigFileIsRejected(@TempDir Path dir) throws Exception {
        PropertyException e = assertThrows(PropertyException.class,
                () -> loadXml(writeXml(dir, "dwd.xml", DecoupledWeightDecay.class, Map.of("lambda", "NaN"), List.of())));
        assertEquals("lambda", e.getProperty());
    }

    @Test
    public void hasNoConventionProperty(@TempDir Path dir) throws Exception {
        // an unknown property is not silently ignored
        Exception e = assertThrows(Exception.class,
                () -> loadXml(writeXml(dir, "dwd.xml", DecoupledWeightDecay.class, Map.of("convention", "KERAS"), List.of())));
        assertTrue(String.valueOf(e.getMessage()).contains("convention"), e.getMessage());
    }

    // ------------------------------------------------------------------ config and provenance

    @Test
    public void defaults() {
        DecoupledWeightDecay p = configure(DecoupledWeightDecay.class, Map.of(), List.of());
        assertEquals(0.01, p.lambda());
        assertEquals(DecoupledWeightDecay.Order.AFTER_STEP, p.order());
        assertEquals(ScopeCase.DEFAULT.expectedTensors, names(p.scope().select("DecoupledWeightDecay", network().parameters())));
    }

    @Test
    public void configFileAndProvenanceRoundTrip(@TempDir Path dir) throws Exception {
        List<ScopeCase> scopes = new ArrayList<>(List.of(ScopeCase.values()));
        for (ScopeCase scope : scopes) {
            double lambda = 0.0625;
            DecoupledWeightDecay fromCode = new DecoupledWeightDecay(lambda, scope.includeOutputLayer, scope.includeBiases, scope.layers);
            Map<String, String> props = new LinkedHashMap<>(scopeProperties(scope));
            props.put("lambda", Double.toString(lambda));
            Penalty fromFile = loadXml(writeXml(dir, scope + ".xml", DecoupledWeightDecay.class, props, scope.layers));
            assertEquals(fromCode.toString(), fromFile.toString());
            assertEquals(fromCode.getProvenance(), fromFile.getProvenance());
            assertEquals(new DoubleProvenance("lambda", lambda), fromCode.getProvenance().getConfiguredParameters().get("lambda"));
            assertFalse(fromCode.getProvenance().getConfiguredParameters().containsKey("convention"));
            assertProvenanceRoundTrips(fromCode);
        }
    }
}
