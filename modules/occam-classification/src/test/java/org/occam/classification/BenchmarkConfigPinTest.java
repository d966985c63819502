package org.occam.classification;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.occam.core.math.Gemm;
import org.occam.core.math.Matrix;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LambdaConvention;
import org.occam.regularizers.penalty.L2;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.impl.ArrayExample;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The benchmark's trainer ({@code evaluation/bench}: ReLU, Glorot, SGD η = 0.01 with momentum 0.9,
 * L2 α = 1e-4 in scikit-learn's convention, minibatch 64) on small seeded data of the benchmark's
 * two shapes: the trained parameters' SHA-256 prefixes were computed by main's code before the
 * kernel-speed work (commit c7d5b34), so a faster kernel that changes one bit fails here. Pinned for
 * the vector backend with 8 doubles per vector (AVX-512) and with 4 (AVX2; "8-lane/4-lane"; the narrow output layer's lane reduction
 * depends on the width), skipped elsewhere; one and two kernel threads must both give the pinned bits.
 */
public class BenchmarkConfigPinTest {
    private static final LabelFactory LABELS = new LabelFactory();

    @AfterEach
    void reset() {
        ThreadPolicy.setThreads(1);
        ThreadPolicy.setBackOff(true);
    }

    private static MutableDataset<Label> data(int rows, int features, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MutableDataset<Label> out = new MutableDataset<>(new SimpleDataSourceProvenance("pin data", LABELS), LABELS);
        String[] names = new String[features];
        for (int f = 0; f < features; f++) {
            names[f] = String.format("f%02d", f);
        }
        for (int i = 0; i < rows; i++) {
            double[] v = new double[features];
            double s = 0;
            for (int f = 0; f < features; f++) {
                v[f] = r.nextGaussian();
                s += v[f] * ((f % 3) - 1);
            }
            int label = Math.floorMod((int) Math.floor(2 * s) + r.nextInt(2), classes);
            out.add(new ArrayExample<>(new Label("c" + label), names, v));
        }
        return out;
    }

    private static String hash(Model<Label> model) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Map<String, Matrix> params = ((AbstractMLPModel<Label>) model).parameterValues();
        for (Map.Entry<String, Matrix> e : params.entrySet()) {
            md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ByteBuffer buf = ByteBuffer.allocate(e.getValue().size() * 8);
            for (double v : e.getValue().data()) {
                buf.putLong(Double.doubleToRawLongBits(v));
            }
            md.update(buf.array());
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    @ParameterizedTest(name = "{0} features, {1} classes, {2} rows")
    @CsvSource({
            "20, 2, 515, 3, 67ae0e8b6e426bc0/754ba1e61d39350b",
            "64, 10, 300, 3, 451f3c29ac6057ff/451f3c29ac6057ff",
    })
    public void theBenchmarkTrainerGivesThePinnedBits(int features, int classes, int rows, int epochs, String expected) throws Exception {
        String backend = Gemm.backend().toString();
        assumeTrue(Gemm.backend().name().equals("vector")
                        && (backend.contains(" 8 doubles per vector") || backend.contains(" 4 doubles per vector")),
                "pinned for the vector backend with 8 or 4 doubles per vector; this JVM has " + backend);
        expected = expected.split("/")[backend.contains(" 8 doubles per vector") ? 0 : 1];
        MutableDataset<Label> d = data(rows, features, classes, 11L * rows);
        for (int threads = 1; threads <= 2; threads++) {
            ThreadPolicy.setThreads(threads);
            ThreadPolicy.setBackOff(false);
            MLPClassificationTrainer trainer = MLPClassificationTrainer.builder()
                    .hiddenLayerSizes(128, 128)
                    .activation(Activation.RELU)
                    .initializer(Initializer.GLOROT_UNIFORM)
                    .optimizer(new Sgd(0.01, 0.9, false))
                    .penalties(new L2(1e-4, LambdaConvention.SKLEARN))
                    .epochs(epochs)
                    .minibatchSize(64)
                    .seed(1)
                    .trainMetricsEachEpoch(false)
                    .build();
            assertEquals(expected, hash(trainer.train(d)), threads + " thread(s)");
        }
    }
}
