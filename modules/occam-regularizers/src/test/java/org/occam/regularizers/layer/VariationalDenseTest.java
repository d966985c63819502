package org.occam.regularizers.layer;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.occam.core.history.TrainingHistory;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;
import org.occam.core.nn.SoftmaxCrossEntropy;
import org.occam.core.optim.Adam;
import org.occam.core.train.EpochEvaluator;
import org.occam.core.train.MlpBuilder;
import org.occam.core.train.TrainingLoop;
import org.occam.core.train.TrainingPlan;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class VariationalDenseTest {
    private static final SoftmaxCrossEntropy LOSS = new SoftmaxCrossEntropy();
    private static final int N = 50;

    @Test
    public void klMatchesTheClosedForm() {
        double rho = VariationalDense.inverseSoftplus(0.5);
        // log(σp/σ) + (σ² + μ²)/(2σp²) − ½ with μ = 1, σ = 0.5, σp = 1
        assertEquals(Math.log(2) + (0.25 + 1) / 2 - 0.5, VariationalDense.kl(new double[]{1}, new double[]{rho}, 1.0), 1e-12);
        assertEquals(0.0, VariationalDense.kl(new double[]{0}, new double[]{VariationalDense.inverseSoftplus(2)}, 2.0), 1e-12);
        assertEquals(0.5, VariationalDense.softplus(VariationalDense.inverseSoftplus(0.5)), 1e-15);
    }

    private static VariationalDense.Bayesian layer(double[] mu, double[] rho, double[] bmu, double[] brho, long seed) {
        return new VariationalDense.Bayesian("output", new Matrix(2, 3, mu.clone()), new Matrix(2, 3, rho.clone()),
                new Matrix(1, 2, bmu.clone()), new Matrix(1, 2, brho.clone()), true, 0.8, 1.0, new SplittableRandom(seed));
    }

    private static Matrix[] data() {
        SplittableRandom r = new SplittableRandom(4);
        Matrix x = new Matrix(5, 3);
        Matrix y = new Matrix(5, 2);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, r.nextGaussian());
            }
            y.set(i, i % 2, 1);
        }
        return new Matrix[]{x, y};
    }

    /** With the noise fixed (same seed), ∂(data loss + KL/n)/∂{μ, ρ} matches central differences. */
    @Test
    public void gradientWithFixedNoiseMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(7);
        double[][] values = new double[4][];
        values[0] = new double[6];
        values[1] = new double[6];
        values[2] = new double[2];
        values[3] = new double[2];
        for (double[] v : values) {
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextGaussian() * 0.5;
            }
        }
        Matrix[] d = data();
        VariationalDense.Bayesian l = layer(values[0], values[1], values[2], values[3], 42);
        Matrix out = l.forward(d[0], Mode.TRAIN);
        Matrix g = new Matrix(out.rows(), out.cols());
        LOSS.lossAndGradient(out, d[1], g);
        l.backward(g, false);
        l.addAuxiliaryGradient(N, 5);
        List<Parameter> params = l.parameters();
        double h = 1e-6;
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < values[p].length; i++) {
                double keep = values[p][i];
                values[p][i] = keep + h;
                double plus = objective(values, d);
                values[p][i] = keep - h;
                double minus = objective(values, d);
                values[p][i] = keep;
                double numeric = (plus - minus) / (2 * h);
                double analytic = params.get(p).gradient().data()[i];
                double err = Math.abs(numeric - analytic) / Math.max(1e-8, Math.max(Math.abs(numeric), Math.abs(analytic)));
                assertTrue(err < 1e-6 || Math.abs(numeric - analytic) < 1e-10,
                        params.get(p).name() + "[" + i + "]: " + analytic + " vs " + numeric);
            }
        }
    }

    private static double objective(double[][] v, Matrix[] d) {
        VariationalDense.Bayesian l = layer(v[0], v[1], v[2], v[3], 42);
        return LOSS.lossAndGradient(l.forward(d[0], Mode.TRAIN), d[1], null) + l.auxiliaryLoss(N, 5);
    }

    @Test
    public void inferenceUsesTheMeanAndSamplingHasThePosteriorSpread() {
        double sigma = 0.3;
        double rho = VariationalDense.inverseSoftplus(sigma);
        VariationalDense.Bayesian l = new VariationalDense.Bayesian("hidden1", Matrix.of(new double[]{1, 2}), Matrix.of(new double[]{rho, rho}),
                Matrix.of(new double[]{0.5}), Matrix.of(new double[]{rho}), false, 1, 1, new SplittableRandom(1));
        Matrix x = Matrix.of(new double[]{1, -1});
        assertEquals(1 - 2 + 0.5, l.forward(x, Mode.INFER).get(0, 0), 0.0);
        assertArrayEquals(l.forward(x, Mode.INFER).data(), l.forward(x, Mode.INFER).data(), 0.0);
        SplittableRandom s = new SplittableRandom(3);
        int t = 200_000;
        double mean = 0, sq = 0;
        for (int i = 0; i < t; i++) {
            double y = l.sample(x, s).get(0, 0);
            mean += y;
            sq += y * y;
        }
        mean /= t;
        double var = sq / t - mean * mean;
        // y = Σ x_j w_j + b: variance σ²(x₁² + x₂² + 1) = 3σ²
        double expectedVar = 3 * sigma * sigma;
        assertEquals(-0.5, mean, 4 * Math.sqrt(expectedVar / t));
        assertEquals(expectedVar, var, 4 * expectedVar * Math.sqrt(2.0 / t));
    }

    @Test
    public void trainsReportsKlApartAndSerializes() {
        SplittableRandom r = new SplittableRandom(2);
        Matrix x = new Matrix(N, 2);
        Matrix y = new Matrix(N, 2);
        for (int i = 0; i < N; i++) {
            x.set(i, 0, r.nextGaussian());
            x.set(i, 1, r.nextGaussian());
            y.set(i, x.get(i, 0) > 0 ? 1 : 0, 1);
        }
        Network net = MlpBuilder.build(2, new int[]{16}, Activation.RELU, 2, Initializer.HE_UNIFORM,
                List.of(new VariationalDense(0.01, 1.0, 1.0)), new SplittableRandom(5));
        assertTrue(net.layers().get(0) instanceof VariationalDense.Bayesian);
        assertTrue(!(net.layers().get(net.layers().size() - 1) instanceof VariationalDense.Bayesian), "output stays plain by default");
        TrainingHistory h = new TrainingLoop(net, LOSS, new TrainingPlan(40, 10, true, false, new Adam(0.01), List.of(), List.of(), List.of(),
                List.of(), List.of()), EpochEvaluator.none(), x, y, null, null, new SplittableRandom(6)).run();
        assertTrue(h.last().penaltyLosses().get("hidden1") > 0, h.last().penaltyLosses().toString());
        assertTrue(h.last().dataLoss() < h.epochs().get(0).dataLoss());
        assertTrue(net.isStochastic());
        Network copy = Network.fromProto(net.toProto());
        assertArrayEquals(net.forward(x, Mode.INFER).data(), copy.forward(x, Mode.INFER).data(), 0.0);
        Matrix a = copy.sample(x, new SplittableRandom(9));
        Matrix b = copy.sample(x, new SplittableRandom(9));
        assertArrayEquals(a.data(), b.data(), 0.0);
        assertTrue(!java.util.Arrays.equals(a.data(), copy.sample(x, new SplittableRandom(10)).data()));
        for (Layer l : net.layers()) {
            if (l instanceof VariationalDense.Bayesian) {
                assertEquals(List.of("hidden1.weight", "hidden1.weightRho", "hidden1.bias", "hidden1.biasRho"),
                        l.parameters().stream().map(Parameter::name).toList());
            }
        }
    }

    @Test
    public void badSettings() {
        assertEquals("initialStandardDeviation", assertThrows(PropertyException.class, () -> new VariationalDense(0, 1, 1)).getProperty());
        assertEquals("priorStandardDeviation", assertThrows(PropertyException.class, () -> new VariationalDense(0.1, -1, 1)).getProperty());
        assertEquals("klWeight", assertThrows(PropertyException.class, () -> new VariationalDense(0.1, 1, Double.NaN)).getProperty());
    }
}
