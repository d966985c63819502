package org.occam.core.train;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.ParameterScope;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The epoch end's check that every parameter is finite (weights through their max |w| statistic,
 * other tensors directly) names the first non-finite parameter in the network's order.
 */
class EpochEndFinitenessTest {

    /** Writes a value into named tensors after the step (a constraint runs last in the step). */
    private static final class Spoil implements Constraint {
        private final Map<String, Double> values;

        Spoil(Map<String, Double> values) {
            this.values = values;
        }

        @Override
        public void project(List<Parameter> selected) {
            for (Parameter p : selected) {
                Double v = values.get(p.name());
                if (v != null) {
                    double[] d = p.value().data();
                    d[d.length / 2] = v;
                }
            }
        }

        @Override
        public ParameterScope scope() {
            return ParameterScope.all();
        }

        @Override
        public ConfiguredObjectProvenance getProvenance() {
            throw new UnsupportedOperationException();
        }
    }

    private static String failure(Map<String, Double> spoiled) {
        Network net = MlpBuilder.build(3, new int[]{5, 4}, Activation.RELU, 2, Initializer.GLOROT_UNIFORM, List.of(),
                new SplittableRandom(5));
        Matrix x = Matrix.of(new double[]{0.1, -0.4, 0.9}, new double[]{-1.0, 0.2, 0.3});
        Matrix y = Matrix.of(new double[]{1, 0}, new double[]{0, 1});
        TrainingPlan plan = new TrainingPlan(3, 2, false, false, new Sgd(0.1), List.of(), List.of(), List.of(),
                List.of(new Spoil(spoiled)), List.of());
        TrainingLoop loop = new TrainingLoop(net, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), x, y, null, null,
                new SplittableRandom(1));
        return assertThrows(TrainingDivergedException.class, loop::run).getMessage();
    }

    private static void assertNames(String parameter, String message) {
        assertTrue(message.contains("parameter " + parameter + " became non-finite at epoch 1,"), message);
    }

    @Test
    void namesTheNonFiniteWeightOrBias() {
        assertNames("hidden2.weight", failure(Map.of("hidden2.weight", Double.POSITIVE_INFINITY)));
        assertNames("output.weight", failure(Map.of("output.weight", Double.NaN)));
        assertNames("hidden1.weight", failure(Map.of("hidden1.weight", Double.NEGATIVE_INFINITY)));
        assertNames("hidden2.bias", failure(Map.of("hidden2.bias", Double.NaN)));
        assertNames("output.bias", failure(Map.of("output.bias", Double.NEGATIVE_INFINITY)));
    }

    @Test
    void namesTheFirstInTheNetworksOrder() {
        assertNames("hidden1.bias", failure(Map.of("hidden1.bias", Double.NaN, "hidden2.weight", Double.NaN)));
        assertNames("hidden2.weight", failure(Map.of("output.bias", Double.NaN, "hidden2.weight", Double.POSITIVE_INFINITY)));
    }
}
