package org.occam.regularizers.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.occam.core.math.Matrix;
import org.occam.core.spi.Batch;
import org.occam.regularizers.testing.PluginChecks;
import org.occam.regularizers.testing.TinyTraining;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixupTest {
    private static final Logger logger = Logger.getLogger(MixupTest.class.getName());
    private static final int DRAWS = 200_000;

    // ---------------------------------------------------------------- the λ sampler against Beta(α, α)

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.2, 0.4, 1.0, 2.0, 5.0})
    void lambdaHasTheMeanAndVarianceOfBetaAlphaAlpha(double alpha) {
        SplittableRandom rng = new SplittableRandom(20240601L);
        double[] draws = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            draws[i] = Mixup.sampleLambda(alpha, rng);
            assertTrue(draws[i] >= 0 && draws[i] <= 1, "λ = " + draws[i]);
        }
        double[] mv = BatchFixtures.meanAndVariance(draws);
        // Beta(α, α): mean 1/2, variance 1/(4(2α+1)), excess kurtosis −6/(2α+3)
        double variance = 1.0 / (4 * (2 * alpha + 1));
        double fourthMoment = variance * variance * (3 - 6 / (2 * alpha + 3));
        double sdOfMean = Math.sqrt(variance / DRAWS);
        double sdOfVariance = Math.sqrt((fourthMoment - variance * variance) / DRAWS);
        logger.info(String.format("Mixup λ ~ Beta(%.2f, %.2f), %d draws: mean %.5f (expected 0.5, %.2fσ), variance %.5f (expected %.5f, %.2fσ)",
                alpha, alpha, DRAWS, mv[0], (mv[0] - 0.5) / sdOfMean, mv[1], variance, (mv[1] - variance) / sdOfVariance));
        assertEquals(0.5, mv[0], 4 * sdOfMean, "mean of λ");
        assertEquals(variance, mv[1], 4 * sdOfVariance, "variance of λ");
    }

    @Test
    void lambdaIsUniformForAlphaOne() {
        // Beta(1, 1) = U(0, 1): each tenth of [0, 1] holds a tenth of the draws
        SplittableRandom rng = new SplittableRandom(5);
        int[] bins = new int[10];
        for (int i = 0; i < DRAWS; i++) {
            bins[Math.min(9, (int) (Mixup.sampleLambda(1.0, rng) * 10))]++;
        }
        double sd = Math.sqrt(DRAWS * 0.1 * 0.9);
        for (int b : bins) {
            assertEquals(DRAWS / 10.0, b, 4 * sd);
        }
    }

    // ---------------------------------------------------------------- the kernel, exactly

    @Test
    void mixKernelIsTheConvexCombinationWithThePartner() {
        Batch batch = new Batch(Matrix.of(new double[]{1, 2}, new double[]{10, 20}, new double[]{-4, 8}),
                Matrix.of(new double[]{1, 0}, new double[]{0, 1}, new double[]{1, 0}));
        int[] partner = {1, 2, 0};
        double[] lambda = {0.25, 0.5, 0.9};
        Batch out = Mixup.mix(batch, partner, lambda);
        assertEquals(0.25 * 1 + 0.75 * 10, out.inputs().get(0, 0));
        assertEquals(0.25 * 2 + 0.75 * 20, out.inputs().get(0, 1));
        assertEquals(0.5 * 10 + 0.5 * -4, out.inputs().get(1, 0));
        assertEquals(0.5 * 20 + 0.5 * 8, out.inputs().get(1, 1));
        assertEquals(0.9 * -4 + (1 - 0.9) * 1, out.inputs().get(2, 0));
        assertEquals(0.9 * 8 + (1 - 0.9) * 2, out.inputs().get(2, 1));
        assertEquals(0.25, out.targets().get(0, 0));
        assertEquals(0.75, out.targets().get(0, 1));
        assertEquals(0.5, out.targets().get(1, 0));
        assertEquals(0.5, out.targets().get(1, 1));
        assertEquals(0.9 + (1 - 0.9), out.targets().get(2, 0));
        assertEquals(0.0, out.targets().get(2, 1));
    }

    /** Recovers (partner, λ) of each row from a batch whose row i is all i and whose targets are e_i. */
    private static double[][] recoverPartnersAndLambdas(Batch out) {
        int n = out.size();
        double[][] pl = new double[n][2];
        for (int i = 0; i < n; i++) {
            int partner = i;
            for (int k = 0; k < n; k++) {
                if (k != i && out.targets().get(i, k) != 0) {
                    partner = k;
                }
            }
            pl[i][0] = partner;
            pl[i][1] = partner == i ? 1.0 : out.targets().get(i, i);
            // the input row is λ·i + (1 − λ)·partner in every column
            double expected = pl[i][1] * i + (1 - pl[i][1]) * partner;
            for (int j = 0; j < out.inputs().cols(); j++) {
                assertEquals(expected, out.inputs().get(i, j), 1e-12);
            }
        }
        return pl;
    }

    private static Batch identityBatch(int n, int features) {
        Matrix x = new Matrix(n, features);
        Matrix y = new Matrix(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                x.set(i, j, i);
            }
            y.set(i, i, 1.0);
        }
        return new Batch(x, y);
    }

    @Test
    void oneLambdaPerBatchAndPartnersFormAPermutation() {
        Batch batch = identityBatch(12, 3);
        for (long seed = 0; seed < 20; seed++) {
            Batch out = new Mixup(1.0, false).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(seed));
            double[][] pl = recoverPartnersAndLambdas(out);
            Set<Integer> partners = new HashSet<>();
            Set<Double> lambdas = new HashSet<>();
            for (int i = 0; i < pl.length; i++) {
                partners.add((int) pl[i][0]);
                if ((int) pl[i][0] != i) {
                    lambdas.add(pl[i][1]);
                }
            }
            assertEquals(12, partners.size(), "partners are not a permutation");
            assertTrue(lambdas.size() <= 1, "more than one λ in a batch: " + lambdas);
            // the targets are still probability vectors
            for (int i = 0; i < 12; i++) {
                double s = 0;
                for (int k = 0; k < 12; k++) {
                    s += out.targets().get(i, k);
                }
                assertEquals(1.0, s, 1e-12);
            }
        }
    }

    @Test
    void perSampleDrawsALambdaPerExample() {
        Batch batch = identityBatch(12, 2);
        Batch out = new Mixup(1.0, true).apply(batch, BatchFixtures.CLOCK, new SplittableRandom(3));
        double[][] pl = recoverPartnersAndLambdas(out);
        Set<Double> lambdas = new HashSet<>();
        for (int i = 0; i < pl.length; i++) {
            if ((int) pl[i][0] != i) {
                lambdas.add(pl[i][1]);
            }
        }
        assertTrue(lambdas.size() >= 8, "expected distinct λs, found " + lambdas);
    }

    @Test
    void inputBatchUntouchedAndSeedsReproduce() {
        BatchFixtures.assertPureAndSeeded(new Mixup(0.4, false), BatchFixtures.randomBatch(16, 5, 3, 1));
        BatchFixtures.assertPureAndSeeded(new Mixup(0.4, true), BatchFixtures.randomBatch(16, 5, 3, 1));
    }

    // ---------------------------------------------------------------- training

    @Test
    void trainsWithFiniteDecreasingLoss() {
        TinyTraining.Result r = TinyTraining.train(TinyTraining.blobs(128, 4, 11), new int[]{16}, 15,
                TinyTraining.Plugins.withBatch(new Mixup(0.4, false)), 7);
        TinyTraining.assertLossFiniteAndDecreasing(r.history());
    }

    // ---------------------------------------------------------------- configuration and provenance

    @Test
    void configurationAndProvenance(@TempDir Path dir) throws IOException {
        Mixup m = new Mixup(0.3, true);
        PluginChecks.assertXmlMatches(dir, m, "<property name=\"alpha\" value=\"0.3\"/><property name=\"perSample\" value=\"true\"/>");
        PluginChecks.assertRoundTrips(dir, m);
        assertEquals(new Mixup(0.2, false).getProvenance(), ((Mixup) PluginChecks.fromXml(dir, Mixup.class, "")).getProvenance(),
                "defaults");
        Mixup shipped = PluginChecks.exampleConfigComponent("moons-mixup.xml", "mixup", Mixup.class);
        assertEquals(0.2, shipped.alpha());
    }

    @Test
    void badSettingsNameTheProperty() {
        for (double bad : new double[]{0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("alpha", PluginChecks.failingProperty(() -> new Mixup(bad, false)));
        }
    }
}
