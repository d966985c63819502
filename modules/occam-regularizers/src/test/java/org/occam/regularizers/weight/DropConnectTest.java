package org.occam.regularizers.weight;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.TrainingClock;
import org.occam.core.spi.WeightPerturbation;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class DropConnectTest {
    static final TrainingClock CLOCK = new TrainingClock(0, 0, 0, 1, 1);

    static Network network(long seed) {
        return MlpBuilder.build(3, new int[]{5, 4}, Activation.TANH, 2, Initializer.GLOROT_UNIFORM, List.of(), new SplittableRandom(seed));
    }

    static Matrix[] data() {
        SplittableRandom r = new SplittableRandom(5);
        Matrix x = new Matrix(12, 3);
        Matrix y = new Matrix(12, 2);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, r.nextGaussian());
            }
            y.set(i, x.get(i, 0) + 0.5 * x.get(i, 1) > 0 ? 1 : 0, 1.0);
        }
        return new Matrix[]{x, y};
    }

    @Test
    public void maskKeepsOneMinusPWithInvertedScaling() {
        double p = 0.3;
        int n = 1_000_000;
        double[] m = DropConnect.mask(n, p, new SplittableRandom(11));
        int kept = 0;
        for (double v : m) {
            if (v != 0) {
                assertEquals(1 / (1 - p), v, 0.0);
                kept++;
            }
        }
        double sigma = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(kept - n * (1 - p)) < 4 * sigma, "kept " + kept);
    }

    /** Central differences of L(m ⊙ W / (1−p)) against the mapped gradient, for a fixed mask. */
    @Test
    public void gradientThroughTheMaskMatchesFiniteDifferences() {
        Matrix[] d = data();
        DropConnect dc = new DropConnect(0.4);
        Network net = network(3);
        Parameter w = net.parameters().get(0); // hidden1.weight
        assertEquals("hidden1.weight", w.name());
        double[] original = w.value().data().clone();
        double[] mask = DropConnect.mask(original.length, 0.4, new SplittableRandom(99));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

        net.zeroGradients();
        WeightPerturbation.Perturbed state = dc.perturb(w, CLOCK, new SplittableRandom(99));
        for (int i = 0; i < original.length; i++) {
            assertEquals(original[i] * mask[i], w.value().data()[i], 0.0);
        }
        Matrix out = net.forward(d[0], Mode.TRAIN);
        Matrix g = new Matrix(out.rows(), out.cols());
        loss.lossAndGradient(out, d[1], g);
        net.backward(g);
        System.arraycopy(original, 0, w.value().data(), 0, original.length);
        state.mapGradient(w.gradient().data());

        double h = 1e-6;
        for (int i = 0; i < original.length; i++) {
            double plus = lossWith(net, w, original, mask, i, h, d, loss);
            double minus = lossWith(net, w, original, mask, i, -h, d, loss);
            double numeric = (plus - minus) / (2 * h);
            double analytic = w.gradient().data()[i];
            double err = Math.abs(numeric - analytic) / Math.max(1e-8, Math.max(Math.abs(numeric), Math.abs(analytic)));
            assertTrue(err < 1e-6 || Math.abs(numeric - analytic) < 1e-9, "entry " + i + ": " + analytic + " vs " + numeric);
            if (mask[i] == 0) {
                assertEquals(0.0, analytic, 0.0);
            }
        }
    }

    private static double lossWith(Network net, Parameter w, double[] original, double[] mask, int i, double h, Matrix[] d,
                                   SoftmaxCrossEntropy loss) {
        double[] v = w.value().data();
        for (int k = 0; k < v.length; k++) {
            v[k] = (original[k] + (k == i ? h : 0)) * mask[k];
        }
        double l = loss.lossAndGradient(net.forward(d[0], Mode.INFER), d[1], null);
        System.arraycopy(original, 0, v, 0, v.length);
        return l;
    }

    @Test
    public void trainsDeterministicallyAndLeavesInferenceAlone() {
        Matrix[] d = data();
        Network a = network(1);
        Network b = network(1);
        Network c = network(1);
        TrainingHistory ha = run(a, new DropConnect(0.5), d, 7);
        run(b, new DropConnect(0.5), d, 7);
        run(c, new DropConnect(0.5), d, 8);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertEquals(a.parameters().get(i).value(), b.parameters().get(i).value());
        }
        assertNotEquals(a.parameters().get(0).value(), c.parameters().get(0).value());
        assertTrue(ha.last().dataLoss() < ha.epochs().get(0).dataLoss());
        assertEquals(net0(a, d), net0(a, d));
        assertArrayEquals(a.forward(d[0], Mode.INFER).data(), a.forward(d[0], Mode.INFER).data(), 0.0);
    }

    private static double net0(Network n, Matrix[] d) {
        return new SoftmaxCrossEntropy().lossAndGradient(n.forward(d[0], Mode.INFER), d[1], null);
    }

    /** With p → tiny the step equals a plain step: the perturbation is fully undone. */
    @Test
    public void weightsAreRestoredBeforeTheStep() {
        Matrix[] d = data();
        Network a = network(1);
        Network b = network(1);
        run(a, new DropConnect(0.0), d, 7);
        new TrainingLoop(b, new SoftmaxCrossEntropy(), plan(List.of()), EpochEvaluator.none(), d[0], d[1], null, null,
                new SplittableRandom(7)).run();
        for (int i = 0; i < a.parameters().size(); i++) {
            assertEquals(b.parameters().get(i).value(), a.parameters().get(i).value(), a.parameters().get(i).name());
        }
    }

    static TrainingHistory run(Network n, WeightPerturbation w, Matrix[] d, long seed) {
        return new TrainingLoop(n, new SoftmaxCrossEntropy(), plan(List.of(w)), EpochEvaluator.none(), d[0], d[1], null, null,
                new SplittableRandom(seed)).run();
    }

    static TrainingPlan plan(List<WeightPerturbation> w) {
        return new TrainingPlan(20, 4, true, false, new Sgd(0.1), org.occam.core.train.Hooks.none().withWeightPerturbations(w));
    }

    @Test
    public void scopeExcludesBiasesAndOutputByDefault() {
        Network net = network(1);
        List<Parameter> selected = new DropConnect(0.5).scope().select("DropConnect", net.parameters());
        assertEquals(List.of("hidden1.weight", "hidden2.weight"), selected.stream().map(Parameter::name).toList());
        List<Parameter> withBias = new DropConnect(0.5, true, true, List.of()).scope().select("DropConnect", net.parameters());
        assertEquals(6, withBias.size());
    }

    @Test
    public void badSettings() {
        for (double p : new double[]{-0.1, 1.0, Double.NaN}) {
            PropertyException e = assertThrows(PropertyException.class, () -> new DropConnect(p));
            assertEquals("dropProbability", e.getProperty());
        }
    }

    @Test
    public void configAndProvenance(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("c.xml");
        Files.writeString(xml, "<config><component name=\"dc\" type=\"org.occam.regularizers.weight.DropConnect\">"
                + "<property name=\"dropProbability\" value=\"0.25\"/><property name=\"includeBiases\" value=\"true\"/></component></config>");
        DropConnect loaded = (DropConnect) new ConfigurationManager(xml.toString()).lookup("dc");
        assertEquals(new DropConnect(0.25, false, true, List.of()).getProvenance(), loaded.getProvenance());
    }
}
