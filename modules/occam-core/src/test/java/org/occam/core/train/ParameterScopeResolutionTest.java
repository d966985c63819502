package org.occam.core.train;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.Constraint;
import org.occam.core.spi.GradientTransform;
import org.occam.core.spi.ParameterScope;
import org.occam.core.spi.TrainingClock;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hook that touches parameters declares a {@link ParameterScope}, and the loop resolves it once
 * per run: gradient transforms and constraints see exactly their tensors, the same selection at every
 * step, and a scope naming a layer the network lacks fails before the first step.
 */
public class ParameterScopeResolutionTest {

    /** Records what it is handed. */
    static final class Recorder implements GradientTransform, Constraint {
        private final ParameterScope scope;
        final List<List<Parameter>> seen = new ArrayList<>();

        Recorder(ParameterScope scope) {
            this.scope = scope;
        }

        @Override
        public ParameterScope scope() {
            return scope;
        }

        @Override
        public void apply(List<Parameter> parameters, TrainingClock clock) {
            seen.add(parameters);
        }

        @Override
        public void project(List<Parameter> selected) {
            seen.add(selected);
        }

        @Override
        public ConfiguredObjectProvenance getProvenance() {
            return new ConfiguredObjectProvenanceImpl(this, "Recorder");
        }
    }

    private static Network net() {
        return MlpBuilder.build(2, new int[]{4, 3}, Activation.TANH, 2, Initializer.GLOROT_UNIFORM, List.of(), new SplittableRandom(5));
    }

    private static Matrix x() {
        Matrix m = new Matrix(10, 2);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = Math.sin(i);
        }
        return m;
    }

    private static Matrix y() {
        Matrix m = new Matrix(10, 2);
        for (int r = 0; r < 10; r++) {
            m.set(r, r % 2, 1.0);
        }
        return m;
    }

    private static TrainingLoop loop(Network n, List<GradientTransform> g, List<Constraint> c) {
        TrainingPlan plan = new TrainingPlan(2, 4, true, false, new Sgd(0.1), List.of(), List.of(), g, c, List.of());
        return new TrainingLoop(n, new SoftmaxCrossEntropy(), plan, EpochEvaluator.none(), x(), y(), null, null, new SplittableRandom(3));
    }

    private static List<String> names(List<Parameter> ps) {
        return ps.stream().map(Parameter::name).toList();
    }

    @Test
    public void gradientTransformsAndConstraintsSeeTheirScopeResolvedOnce() {
        Recorder clip = new Recorder(ParameterScope.hiddenWeights());
        Recorder project = new Recorder(new ParameterScope(true, true, List.of("output")));
        Recorder everything = new Recorder(ParameterScope.all());
        Network n = net();
        loop(n, List.of(clip, everything), List.of(project)).run();
        assertEquals(6, clip.seen.size(), "2 epochs × 3 batches");
        assertEquals(List.of("hidden1.weight", "hidden2.weight"), names(clip.seen.get(0)));
        assertEquals(List.of("output.weight", "output.bias"), names(project.seen.get(0)));
        assertEquals(names(n.parameters()), names(everything.seen.get(0)));
        for (Recorder r : List.of(clip, project, everything)) {
            for (List<Parameter> step : r.seen) {
                assertSame(r.seen.get(0), step, "one selection per run, not one per step");
            }
        }
    }

    @Test
    public void aScopeNamingAMissingLayerFailsBeforeTheFirstStep() {
        Recorder bad = new Recorder(new ParameterScope(false, false, List.of("hidden9")));
        Network n = net();
        List<Matrix> before = n.snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop(n, List.of(), List.of(bad)));
        assertTrue(e.getMessage().contains("hidden9"), e.getMessage());
        assertEquals(0, bad.seen.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(java.util.Arrays.toString(before.get(i).data()), java.util.Arrays.toString(n.snapshot().get(i).data()));
        }
    }
}
