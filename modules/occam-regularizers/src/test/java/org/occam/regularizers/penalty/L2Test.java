package org.occam.regularizers.penalty;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
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
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Loss;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
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
 * L2 against the DESIGN §4 table: gradient checks in every convention and scope, exact single SGD
 * steps through the real training loop, the reported loss, validation, config and provenance.
 */
public class L2Test {

    static Stream<Arguments> conventionsAndScopes() {
        List<Arguments> out = new ArrayList<>();
        for (LambdaConvention c : LambdaConvention.values()) {
            for (ScopeCase s : ScopeCase.values()) {
                out.add(Arguments.of(c, s));
            }
        }
        return out.stream();
    }

    // ------------------------------------------------------------------ gradient checks

    @ParameterizedTest
    @MethodSource("conventionsAndScopes")
    public void gradientCheck(LambdaConvention convention, ScopeCase scope) {
        double lambda = gradientCheckLambda(convention);
        L2 penalty = new L2(lambda, convention, scope.includeOutputLayer, scope.includeBiases, scope.layers);
        double worst = PenaltyTestSupport.gradientCheck(penalty,
                ClosedForm.l2(convention, lambda, GRADCHECK_N, GRADCHECK_B), scope.expectedTensors, true);
        assertTrue(worst < MAX_RELATIVE_ERROR);
    }

    // ------------------------------------------------------------------ one SGD step, per convention

    @Test
    public void datasetConventionStepIsTheSeedNotesUpdate() {
        double eta = 0.5;
        double lambda = 0.8;
        Matrix x = features();
        int n = x.rows();
        Step s = oneStep(new L2(lambda, LambdaConvention.DATASET), eta, classificationLoss(), x, oneHotTargets());
        // w ← (1 − ηλ/n)·w − η·∂C0/∂w
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> w * (1 - eta * lambda / n) - eta * g);
    }

    @Test
    public void kerasConventionStep() {
        double eta = 0.5;
        double lambda = 0.05;
        Step s = oneStep(new L2(lambda, LambdaConvention.KERAS), eta, classificationLoss(), features(), oneHotTargets());
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> w - eta * (g + 2 * lambda * w));
    }

    @Test
    public void sklearnConventionStep() {
        double eta = 0.5;
        double lambda = 0.8;
        Matrix x = features();
        int b = x.rows(); // the whole dataset is the one batch
        Step s = oneStep(new L2(lambda, LambdaConvention.SKLEARN), eta, classificationLoss(), x, oneHotTargets());
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> w - eta * (g + (lambda / b) * w));
    }

    @Test
    public void pytorchConventionStep() {
        double eta = 0.5;
        double lambda = 0.1;
        Step s = oneStep(new L2(lambda, LambdaConvention.PYTORCH), eta, regressionLoss(), features(), regressionTargets());
        assertStep(s, ScopeCase.DEFAULT.expectedTensors, (w, g) -> w - eta * (g + lambda * w));
    }

    @ParameterizedTest
    @EnumSource(ScopeCase.class)
    public void stepTouchesExactlyTheScope(ScopeCase scope) {
        double eta = 0.3;
        double lambda = 0.2;
        L2 penalty = new L2(lambda, LambdaConvention.PYTORCH, scope.includeOutputLayer, scope.includeBiases, scope.layers);
        Step s = oneStep(penalty, eta, classificationLoss(), features(), oneHotTargets());
        // biases start at zero, so a bias in scope gets a zero penalty gradient at the first step:
        // only the weights in scope are expected to move away from the unregularized step
        List<String> movingTensors = new ArrayList<>();
        for (String t : scope.expectedTensors) {
            if (t.endsWith(".weight")) {
                movingTensors.add(t);
            }
        }
        assertStep(s, movingTensors, (w, g) -> w - eta * (g + lambda * w));
        assertEquals(Map.of("L2", scope.expectedTensors), s.history.penalizedTensors());
    }

    /**
     * Two minibatches (5 rows, then 3): DATASET uses n = 8 in both steps, SKLEARN the current batch
     * size b = 5, then b = 3. The second step's data gradient is taken at the expected weights
     * after the first step, on a network copy.
     */
    @ParameterizedTest
    @EnumSource(value = LambdaConvention.class, names = {"DATASET", "SKLEARN"})
    public void nIsTheDatasetSizeAndBTheCurrentBatchSize(LambdaConvention convention) {
        double eta = 0.4;
        double lambda = 0.9;
        Matrix x = features();
        Matrix y = oneHotTargets();
        Loss loss = classificationLoss();
        int n = x.rows();
        int[] batchSizes = {5, 3};
        List<String> scoped = ScopeCase.DEFAULT.expectedTensors;

        // expected: simulate both steps with the closed form on a probe network
        Network probe = network();
        List<Parameter> params = probe.parameters();
        double expectedPenaltyLoss = 0;
        int from = 0;
        for (int size : batchSizes) {
            Matrix bx = rows(x, from, size);
            Matrix by = rows(y, from, size);
            double factor = convention == LambdaConvention.DATASET ? lambda / n : lambda / size; // L2 gradient term
            double c = convention == LambdaConvention.DATASET ? lambda / (2.0 * n) : lambda / (2.0 * size);
            double sumSq = 0;
            for (Parameter p : params) {
                if (scoped.contains(p.name())) {
                    for (double v : p.value().data()) {
                        sumSq += v * v;
                    }
                }
            }
            expectedPenaltyLoss += c * sumSq * size / n; // the epoch figure is weighted by batch size
            probe.zeroGradients();
            Matrix out = probe.forward(bx, Mode.TRAIN);
            Matrix gradOut = new Matrix(out.rows(), out.cols());
            loss.lossAndGradient(out, by, gradOut);
            probe.backward(gradOut);
            for (Parameter p : params) {
                double[] w = p.value().data();
                double[] g = p.gradient().data();
                boolean inScope = scoped.contains(p.name());
                for (int i = 0; i < w.length; i++) {
                    w[i] = w[i] - eta * (g[i] + (inScope ? factor * w[i] : 0.0));
                }
            }
            from += size;
        }

        Network net = network();
        TrainingHistory h = train(net, loss, sgdPlan(eta, 5, List.of(new L2(lambda, convention))), x, y);
        for (int t = 0; t < params.size(); t++) {
            assertArrayEqualsWithin(params.get(t).value().data(), net.parameters().get(t).value().data(), 1e-12,
                    params.get(t).name());
        }
        assertEquals(expectedPenaltyLoss, h.epochs().get(0).penaltyLosses().get("L2"), 1e-12 * expectedPenaltyLoss);
    }

    // ------------------------------------------------------------------ reported loss

    @ParameterizedTest
    @EnumSource(LambdaConvention.class)
    public void reportedPenaltyLossIsCTimesSumOfSquaresOfInitialWeights(LambdaConvention convention) {
        double lambda = 0.6;
        Matrix x = features();
        int n = x.rows();
        Step s = oneStep(new L2(lambda, convention, false, true, List.of()), 0.1, classificationLoss(), x, oneHotTargets());
        EpochRecord first = s.history.epochs().get(0);
        List<String> scoped = ScopeCase.BIASES.expectedTensors;
        double c = lossCoefficient(convention, lambda, n, n);
        double expected = c * s.initialSumOfSquares(scoped);
        assertEquals(expected, first.penaltyLosses().get("L2"), 1e-13 * expected);
        assertEquals(first.dataLoss() + expected, first.totalLoss(), 1e-12);
        assertEquals(Map.of("L2", scoped), s.history.penalizedTensors());
    }

    // ------------------------------------------------------------------ validation

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, -0.01, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    public void invalidLambdaIsRejected(double lambda) {
        PropertyException e = assertThrows(PropertyException.class, () -> new L2(lambda, LambdaConvention.DATASET));
        assertEquals("lambda", e.getProperty());
        assertTrue(e.getMessage().contains(Double.toString(lambda)), e.getMessage());
    }

    @Test
    public void zeroLambdaIsAllowed() {
        assertEquals(0.0, new L2(0.0, LambdaConvention.KERAS).lambda());
    }

    @Test
    public void nullConventionIsRejected() {
        PropertyException e = assertThrows(PropertyException.class, () -> new L2(0.1, null));
        assertEquals("convention", e.getProperty());
    }

    @Test
    public void invalidLambdaInConfigFileIsRejected(@TempDir Path dir) throws Exception {
        Path file = writeXml(dir, "l2.xml", L2.class, Map.of("lambda", "-0.5"), List.of());
        PropertyException e = assertThrows(PropertyException.class, () -> loadXml(file));
        assertEquals("lambda", e.getProperty());
    }

    @Test
    public void unknownConventionInConfigFileIsRejected(@TempDir Path dir) throws Exception {
        Path file = writeXml(dir, "l2.xml", L2.class, Map.of("lambda", "0.5", "convention", "KERASS"), List.of());
        PropertyException e = assertThrows(PropertyException.class, () -> loadXml(file));
        assertEquals("convention", e.getProperty());
        assertTrue(e.getMessage().contains("KERASS"), e.getMessage());
    }

    // ------------------------------------------------------------------ config and provenance

    @Test
    public void defaultsAreTheSeedNotes() {
        L2 p = configure(L2.class, Map.of(), List.of());
        assertEquals(0.01, p.lambda());
        assertEquals(LambdaConvention.DATASET, p.convention());
        assertEquals(ScopeCase.DEFAULT.expectedTensors,
                names(p.scope().select("L2", network().parameters())));
    }

    @ParameterizedTest
    @MethodSource("conventionsAndScopes")
    public void configFileAndProvenanceRoundTrip(LambdaConvention convention, ScopeCase scope, @TempDir Path dir) throws Exception {
        double lambda = 0.125;
        L2 fromCode = new L2(lambda, convention, scope.includeOutputLayer, scope.includeBiases, scope.layers);
        Map<String, String> props = new LinkedHashMap<>(scopeProperties(scope));
        props.put("lambda", Double.toString(lambda));
        props.put("convention", convention.name());
        Penalty fromFile = loadXml(writeXml(dir, "l2.xml", L2.class, props, scope.layers));

        assertEquals(fromCode.toString(), fromFile.toString());
        assertEquals(fromCode.getProvenance(), fromFile.getProvenance());
        assertEquals(scope.expectedTensors, names(fromFile.scope().select("L2", network().parameters())));

        ConfiguredObjectProvenance prov = fromCode.getProvenance();
        assertEquals(new DoubleProvenance("lambda", lambda), prov.getConfiguredParameters().get("lambda"));
        assertEquals(new EnumProvenance<>("convention", convention), prov.getConfiguredParameters().get("convention"));
        assertEquals(scope.layers.size(), ((ListProvenance<?>) prov.getConfiguredParameters().get("layers")).getList().size());
        assertProvenanceRoundTrips(fromCode);
    }

    // ------------------------------------------------------------------ helpers

    private static Matrix rows(Matrix m, int from, int count) {
        Matrix out = new Matrix(count, m.cols());
        System.arraycopy(m.data(), from * m.cols(), out.data(), 0, count * m.cols());
        return out;
    }

    private static void assertArrayEqualsWithin(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }
}
