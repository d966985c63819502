package org.occam.regularizers.tribuo;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.spi.Penalty;
import org.occam.regularizers.penalty.DecoupledWeightDecay;
import org.occam.regularizers.penalty.ElasticNet;
import org.occam.regularizers.penalty.L1;
import org.occam.regularizers.penalty.L2;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseSparseMatrix;
import org.tribuo.math.la.Matrix;
import org.tribuo.math.la.SparseVector;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PenalizedOptimiserTest {
    private static final Path DATASETS = Paths.get("../../datasets");
    private static final double ETA = 0.1;
    /** 2 outputs × (3 features + bias); the last column is Tribuo's bias. */
    private static final double[][] W0 = {{0.5, -1.5, 0.02, 0.7}, {-0.25, 2.0, -0.01, -0.3}};
    /** An ascent direction as Tribuo would pass it. */
    private static final double[][] G = {{0.3, -0.2, 0.1, 0.4}, {-0.6, 0.05, 0.2, -0.1}};
    private static final int BIAS = 3;

    // ---------------------------------------------------------------- step(): closed forms, bias untouched

    /** Coefficient c of Σw², written out from DESIGN §4 (independently of LambdaConvention). */
    private static double l2Coefficient(String convention, double lambda, int n, int b) {
        switch (convention) {
            case "DATASET": return lambda / (2.0 * n);
            case "KERAS": return lambda;
            case "SKLEARN": return lambda / (2.0 * b);
            case "PYTORCH": return lambda / 2.0;
            default: throw new IllegalArgumentException(convention);
        }
    }

    private static LinearParameters parameters(double[][] w) {
        double[][] copy = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            copy[i] = w[i].clone();
        }
        return new LinearParameters(DenseMatrix.createDenseMatrix(copy));
    }

    /** One step of {@code opt} on fresh parameters W0 with update {@code update}; returns the step densified. */
    private static DenseMatrix stepOnce(StochasticGradientOptimiser opt, Tensor update, double weight) {
        opt.initialise(parameters(W0));
        Tensor[] out = opt.step(new Tensor[]{update}, weight);
        assertEquals(1, out.length);
        return new DenseMatrix((Matrix) out[0]);
    }

    private static DenseMatrix denseG() {
        return DenseMatrix.createDenseMatrix(new double[][]{G[0].clone(), G[1].clone()});
    }

    @ParameterizedTest
    @CsvSource({"KERAS,1", "KERAS,4", "DATASET,1", "DATASET,4", "SKLEARN,1", "SKLEARN,4", "PYTORCH,1", "PYTORCH,4"})
    void l2StepIsInnerStepMinusScaledPenaltyAndBiasColumnIsExactlyInner(String convention, int b) {
        double lambda = 0.3;
        int n = 50;
        double weight = 0.75;
        DenseMatrix plain = stepOnce(SGD.getSimpleSGD(ETA), denseG(), weight);
        PenalizedOptimiser opt = new PenalizedOptimiser(SGD.getSimpleSGD(ETA),
                List.of(new L2(lambda, LambdaConvention.valueOf(convention))), n, b);
        DenseMatrix penalized = stepOnce(opt, denseG(), weight);

        double c = l2Coefficient(convention, lambda, n, b);
        for (int i = 0; i < 2; i++) {
            // the inner SGD step is η·weight·G
            for (int j = 0; j <= BIAS; j++) {
                assertEquals(ETA * weight * G[i][j], plain.get(i, j), 1e-15);
            }
            // bias column: bit-identical to the inner optimiser's update
            assertEquals(plain.get(i, BIAS), penalized.get(i, BIAS));
            // weights: inner update minus η·weight·b²·2c·w
            for (int j = 0; j < BIAS; j++) {
                double expected = plain.get(i, j) - ETA * weight * b * b * 2 * c * W0[i][j];
                assertEquals(expected, penalized.get(i, j), 1e-12, "entry " + i + "," + j);
            }
        }
    }

    @Test
    void sparseUpdatesAreDensifiedAndBiasColumnStaysInner() {
        double lambda = 0.2;
        // a single-example update with features 1 and the bias active, as for a sparse example
        SparseVector row0 = SparseVector.createSparseVector(4, new int[]{1, BIAS}, new double[]{0.4, -0.3});
        SparseVector row1 = SparseVector.createSparseVector(4, new int[]{1, BIAS}, new double[]{-0.2, 0.6});
        DenseMatrix plain = stepOnce(SGD.getSimpleSGD(ETA),
                DenseSparseMatrix.createFromSparseVectors(new SparseVector[]{row0.copy(), row1.copy()}), 1.0);
        PenalizedOptimiser opt = new PenalizedOptimiser(SGD.getSimpleSGD(ETA), List.of(new L2(lambda, LambdaConvention.KERAS)), 0, 1);
        DenseMatrix penalized = stepOnce(opt,
                DenseSparseMatrix.createFromSparseVectors(new SparseVector[]{row0.copy(), row1.copy()}), 1.0);
        for (int i = 0; i < 2; i++) {
            assertEquals(plain.get(i, BIAS), penalized.get(i, BIAS));
            for (int j = 0; j < BIAS; j++) {
                // every weight gets the penalty, also those the sparse example did not touch
                assertEquals(plain.get(i, j) - ETA * 2 * lambda * W0[i][j], penalized.get(i, j), 1e-12);
            }
        }
    }

    @Test
    void withAdaGradTheBiasColumnIsExactlyAdaGradsOverSeveralSteps() {
        LinearParameters plainParams = parameters(W0);
        LinearParameters penalizedParams = parameters(W0);
        AdaGrad plain = new AdaGrad(0.1);
        PenalizedOptimiser penalized = new PenalizedOptimiser(new AdaGrad(0.1),
                List.of(ElasticNet.ofRatio(0.5, 0.3, LambdaConvention.KERAS)), 0, 2);
        plain.initialise(plainParams);
        penalized.initialise(penalizedParams);
        for (int s = 0; s < 5; s++) {
            plainParams.update(plain.step(new Tensor[]{denseG()}, 1.0));
            penalizedParams.update(penalized.step(new Tensor[]{denseG()}, 1.0));
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(plainParams.getWeightMatrix().get(i, BIAS), penalizedParams.getWeightMatrix().get(i, BIAS));
            for (int j = 0; j < BIAS; j++) {
                assertTrue(Math.abs(penalizedParams.getWeightMatrix().get(i, j)) < Math.abs(plainParams.getWeightMatrix().get(i, j)),
                        "entry " + i + "," + j + " not shrunk");
            }
        }
    }

    @Test
    void includeBiasesPenalizesTheBiasColumn() {
        double lambda = 0.4;
        int b = 2;
        DenseMatrix plain = stepOnce(SGD.getSimpleSGD(ETA), denseG(), 1.0);
        PenalizedOptimiser opt = new PenalizedOptimiser(SGD.getSimpleSGD(ETA),
                List.of(new L2(lambda, LambdaConvention.PYTORCH, false, true, List.of())), 0, b);
        DenseMatrix penalized = stepOnce(opt, denseG(), 1.0);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j <= BIAS; j++) {
                assertEquals(plain.get(i, j) - ETA * b * b * lambda * W0[i][j], penalized.get(i, j), 1e-12);
            }
        }
    }

    @Test
    void penaltiesAddUpAndLeaveTheBiasAlone() {
        double l2 = 0.3;
        double l1 = 0.05;
        DenseMatrix plain = stepOnce(SGD.getSimpleSGD(ETA), denseG(), 1.0);
        PenalizedOptimiser opt = new PenalizedOptimiser(SGD.getSimpleSGD(ETA), List.of(
                new L2(l2, LambdaConvention.KERAS), new L1(l1, LambdaConvention.KERAS, L1.Update.SUBGRADIENT)), 0, 1);
        DenseMatrix penalized = stepOnce(opt, denseG(), 1.0);
        for (int i = 0; i < 2; i++) {
            assertEquals(plain.get(i, BIAS), penalized.get(i, BIAS));
            for (int j = 0; j < BIAS; j++) {
                double w = W0[i][j];
                assertEquals(plain.get(i, j) - ETA * (2 * l2 * w + l1 * Math.signum(w)), penalized.get(i, j), 1e-12);
            }
        }
    }

    @Test
    void proximalL1SoftThresholdsAfterTheStepToExactZerosAndSparesTheBias() {
        double lambda = 0.1;
        int b = 2;
        double tau = ETA * b * b * lambda; // η·weight·b²·c with c = λ (KERAS), weight = 1
        DenseMatrix plain = stepOnce(SGD.getSimpleSGD(ETA), denseG(), 1.0);

        LinearParameters params = parameters(W0);
        PenalizedOptimiser opt = new PenalizedOptimiser(SGD.getSimpleSGD(ETA),
                List.of(new L1(lambda, LambdaConvention.KERAS, L1.Update.PROXIMAL)), 0, b);
        opt.initialise(params);
        params.update(opt.step(new Tensor[]{denseG()}, 1.0)); // what AbstractSGDTrainer does
        DenseMatrix after = params.getWeightMatrix();

        int zeros = 0;
        for (int i = 0; i < 2; i++) {
            assertEquals(W0[i][BIAS] + plain.get(i, BIAS), after.get(i, BIAS));
            for (int j = 0; j < BIAS; j++) {
                double v = W0[i][j] + plain.get(i, j);
                double expected = Math.signum(v) * Math.max(Math.abs(v) - tau, 0.0);
                if (expected == 0.0) {
                    assertEquals(0.0, after.get(i, j), 0.0, "exact zero at " + i + "," + j);
                    zeros++;
                } else {
                    assertEquals(expected, after.get(i, j), 1e-12);
                }
            }
        }
        assertEquals(2, zeros);
    }

    @Test
    void decoupledWeightDecayShrinksThePostStepWeightsAtTheEffectiveRate() {
        double lambda = 0.2;
        int b = 3;
        double weight = 0.5;
        DenseMatrix plain = stepOnce(SGD.getSimpleSGD(ETA), denseG(), weight);
        LinearParameters params = parameters(W0);
        PenalizedOptimiser decoupled = new PenalizedOptimiser(SGD.getSimpleSGD(ETA), List.of(new DecoupledWeightDecay(lambda)), 0, b);
        decoupled.initialise(params);
        params.update(decoupled.step(new Tensor[]{denseG()}, weight));
        double shrink = 1 - ETA * weight * b * b * lambda; // η_eff = η·weight·b²
        for (int i = 0; i < 2; i++) {
            assertEquals(W0[i][BIAS] + plain.get(i, BIAS), params.getWeightMatrix().get(i, BIAS));
            for (int j = 0; j < BIAS; j++) {
                assertEquals((W0[i][j] + plain.get(i, j)) * shrink, params.getWeightMatrix().get(i, j), 1e-12);
            }
        }
    }

    /** BEFORE_STEP through the Tribuo adapter: w ← (1 − η_eff·λ)·w + step, the shrink on the weights before the step. */
    @Test
    void decoupledWeightDecayBeforeTheStepShrinksThePreStepWeights() {
        double lambda = 0.2;
        int b = 3;
        double weight = 0.5;
        DenseMatrix plain = stepOnce(SGD.getSimpleSGD(ETA), denseG(), weight);
        LinearParameters params = parameters(W0);
        PenalizedOptimiser decoupled = new PenalizedOptimiser(SGD.getSimpleSGD(ETA), List.of(new DecoupledWeightDecay(lambda,
                DecoupledWeightDecay.Order.BEFORE_STEP, false, false, List.of())), 0, b);
        decoupled.initialise(params);
        params.update(decoupled.step(new Tensor[]{denseG()}, weight));
        double rate = ETA * weight * b * b * lambda; // η_eff·λ, η_eff = η·weight·b²
        for (int i = 0; i < 2; i++) {
            assertEquals(W0[i][BIAS] + plain.get(i, BIAS), params.getWeightMatrix().get(i, BIAS));
            for (int j = 0; j < BIAS; j++) {
                assertEquals((1 - rate) * W0[i][j] + plain.get(i, j), params.getWeightMatrix().get(i, j), 1e-12);
            }
        }
    }

    @Test
    void resetDropsTheRunAndACopyStartsWithoutOne() {
        PenalizedOptimiser opt = new PenalizedOptimiser(SGD.getSimpleSGD(ETA), List.of(new L2(0.1, LambdaConvention.KERAS)), 0, 1);
        DenseMatrix first = stepOnce(opt, denseG(), 1.0);
        assertThrows(IllegalStateException.class, () -> opt.copy().step(new Tensor[]{denseG()}, 1.0));
        opt.reset();
        assertThrows(IllegalStateException.class, () -> opt.step(new Tensor[]{denseG()}, 1.0));
        assertEquals(first, stepOnce(opt, denseG(), 1.0));
        assertThrows(IllegalArgumentException.class, () -> opt.initialise(new org.tribuo.common.sgd.FMParameters(new java.util.SplittableRandom(1), 3, 1, 2, 0.1)));
    }

    // ---------------------------------------------------------------- scaling, end to end

    /**
     * Full-batch training (minibatchSize = n) converges to the minimiser of
     * mean ½(y − ŷ)² + c·Σw² (intercept free), the closed-form ridge solution, for every convention
     * whose λ gives the same c. Tribuo's data term is b²·(mean gradient) here, so this only holds
     * because the decorator scales the penalty gradient by b².
     */
    @ParameterizedTest
    @CsvSource({"KERAS,0.05", "PYTORCH,0.1", "DATASET,2.0", "SKLEARN,2.0"})
    void fullBatchTrainingReachesTheClosedFormRidgeSolution(String convention, double lambda) {
        int n = 20;
        double c = 0.05;
        assertEquals(c, l2Coefficient(convention, lambda, n, n), 1e-15);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("ridge-check", factory), factory);
        Random rng = new Random(42);
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextGaussian();
            x[i][1] = 0.5 * x[i][0] + rng.nextGaussian();
            y[i] = 3 * x[i][0] - 2 * x[i][1] + 1 + 0.1 * rng.nextGaussian();
            data.add(new ArrayExample<>(new Regressor("y", y[i]), new String[]{"x1", "x2"}, x[i].clone()));
        }
        double effectiveRate = 0.5;
        PenalizedOptimiser opt = new PenalizedOptimiser(SGD.getSimpleSGD(effectiveRate / (n * n)),
                List.of(new L2(lambda, LambdaConvention.valueOf(convention))), n, n);
        var trainer = new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(), opt, 400, -1, n, 1L);
        AbstractLinearSGDModel<Regressor> model = trainer.train(data);
        DenseMatrix w = model.getWeightsCopy();
        int id1 = model.getFeatureIDMap().getID("x1");
        int id2 = model.getFeatureIDMap().getID("x2");

        // closed form: (XcᵀXc/n + 2cI) w = Xcᵀyc/n, intercept = ȳ − x̄ᵀw
        double m1 = 0, m2 = 0, my = 0;
        for (int i = 0; i < n; i++) {
            m1 += x[i][0] / n;
            m2 += x[i][1] / n;
            my += y[i] / n;
        }
        double a11 = 2 * c, a12 = 0, a22 = 2 * c, r1 = 0, r2 = 0;
        for (int i = 0; i < n; i++) {
            double d1 = x[i][0] - m1, d2 = x[i][1] - m2, dy = y[i] - my;
            a11 += d1 * d1 / n;
            a12 += d1 * d2 / n;
            a22 += d2 * d2 / n;
            r1 += d1 * dy / n;
            r2 += d2 * dy / n;
        }
        double det = a11 * a22 - a12 * a12;
        double w1 = (a22 * r1 - a12 * r2) / det;
        double w2 = (a11 * r2 - a12 * r1) / det;
        double intercept = my - m1 * w1 - m2 * w2;

        assertEquals(w1, w.get(0, id1), 1e-6);
        assertEquals(w2, w.get(0, id2), 1e-6);
        assertEquals(intercept, w.get(0, 2), 1e-6); // bias column = featureMap.size(), unpenalized
        // and the penalty mattered: the unpenalized fit is far from this one
        double ols1 = ((a22 - 2 * c) * r1 - a12 * r2) / ((a11 - 2 * c) * (a22 - 2 * c) - a12 * a12);
        assertTrue(Math.abs(ols1 - w1) > 0.1, "ridge " + w1 + " vs least squares " + ols1);
    }

    // ---------------------------------------------------------------- real data: weights shrink

    private static Path dataset(String name) {
        Path p = DATASETS.resolve(name);
        assertTrue(Files.isRegularFile(p), "missing dataset " + p.toAbsolutePath());
        return p;
    }

    private static double weightNormExcludingBias(DenseMatrix w) {
        double s = 0;
        int bias = w.getDimension2Size() - 1;
        for (int i = 0; i < w.getDimension1Size(); i++) {
            for (int j = 0; j < bias; j++) {
                s += w.get(i, j) * w.get(i, j);
            }
        }
        return Math.sqrt(s);
    }

    private static <T extends org.tribuo.Output<T>> TransformTrainer<T> standardized(Trainer<T> inner) {
        return new TransformTrainer<>(inner, new TransformationMap(List.of(new MeanStdDevTransformation())));
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.tribuo.Output<T>> DenseMatrix weights(Model<T> model) {
        return ((AbstractLinearSGDModel<T>) ((TransformedModel<T>) model).getInnerModel()).getWeightsCopy();
    }

    private static Dataset<Label> breastCancer() throws IOException {
        return new CSVLoader<>(new LabelFactory()).load(dataset("breast_cancer.csv"), "label");
    }

    private static org.tribuo.classification.sgd.linear.LinearSGDTrainer logistic(StochasticGradientOptimiser opt) {
        return new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(), opt, 5, -1, 1, 7L);
    }

    private static final double CLASSIFICATION_LAMBDA = 0.01;

    private static PenalizedOptimiser keras(double lambda) {
        return new PenalizedOptimiser(SGD.getSimpleSGD(0.05), List.of(new L2(lambda, LambdaConvention.KERAS)), 0, 1);
    }

    @Test
    void logisticRegressionOnBreastCancerEndsWithSmallerWeights() throws IOException {
        Dataset<Label> data = breastCancer();
        Model<Label> plain = standardized(logistic(SGD.getSimpleSGD(0.05))).train(data);
        Model<Label> penalized = standardized(logistic(keras(CLASSIFICATION_LAMBDA))).train(data);

        double plainNorm = weightNormExcludingBias(weights(plain));
        double penalizedNorm = weightNormExcludingBias(weights(penalized));
        assertTrue(penalizedNorm < 0.7 * plainNorm, "‖W‖ with L2 " + penalizedNorm + ", without " + plainNorm);
        // still a good classifier
        int correct = 0;
        for (Prediction<Label> p : penalized.predict(data)) {
            correct += p.getOutput().getLabel().equals(p.getExample().getOutput().getLabel()) ? 1 : 0;
        }
        assertTrue(correct > 0.9 * data.size(), "train accuracy " + correct + "/" + data.size());
    }

    /** DATASET convention: c = λ/2n, so λ = n puts (1/2)·Σw² beside the mean squared loss. */
    private static final double DIABETES_LAMBDA = 442;

    @Test
    void linearRegressionOnDiabetesEndsWithSmallerWeights() throws IOException {
        Dataset<Regressor> data = new CSVLoader<>(new RegressionFactory()).load(dataset("diabetes.csv"), "target");
        int n = data.size();
        StochasticGradientOptimiser pen = new PenalizedOptimiser(SGD.getSimpleSGD(0.01),
                List.of(new L2(DIABETES_LAMBDA, LambdaConvention.DATASET)), n, 1);
        Model<Regressor> plain = standardized(new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                new SquaredLoss(), SGD.getSimpleSGD(0.01), 5, -1, 1, 7L)).train(data);
        Model<Regressor> penalized = standardized(new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                new SquaredLoss(), pen, 5, -1, 1, 7L)).train(data);
        DenseMatrix wPlain = weights(plain);
        DenseMatrix wPen = weights(penalized);
        double plainNorm = weightNormExcludingBias(wPlain);
        double penalizedNorm = weightNormExcludingBias(wPen);
        assertTrue(Double.isFinite(penalizedNorm) && penalizedNorm > 0);
        assertTrue(penalizedNorm < 0.7 * plainNorm, "‖W‖ with L2 " + penalizedNorm + ", without " + plainNorm);
        // the unpenalized intercept still finds the mean target (≈ 152)
        double bias = wPen.get(0, wPen.getDimension2Size() - 1);
        assertTrue(Math.abs(bias - 152) < 15, "bias " + bias);
    }

    // ---------------------------------------------------------------- provenance

    private static List<ConfiguredObjectProvenance> find(Provenance p, String className, List<ConfiguredObjectProvenance> found) {
        if (p instanceof ConfiguredObjectProvenance cop && cop.getClassName().equals(className)) {
            found.add(cop);
        }
        if (p instanceof ObjectProvenance op) {
            for (Pair<String, Provenance> e : op) {
                find(e.getB(), className, found);
            }
        } else if (p instanceof ListProvenance<?> lp) {
            for (Provenance e : lp) {
                find(e, className, found);
            }
        } else if (p instanceof MapProvenance<?> mp) {
            for (Pair<String, ? extends Provenance> e : mp) {
                find(e.getB(), className, found);
            }
        }
        return found;
    }

    @Test
    void penaltyAppearsInTheTrainedModelsProvenance() throws IOException {
        Model<Label> model = standardized(logistic(keras(CLASSIFICATION_LAMBDA))).train(breastCancer());
        ObjectProvenance trainerProvenance = model.getProvenance().getTrainerProvenance();

        List<ConfiguredObjectProvenance> l2s = find(trainerProvenance, L2.class.getName(), new ArrayList<>());
        assertEquals(1, l2s.size(), "L2 in " + trainerProvenance);
        assertEquals(new DoubleProvenance("lambda", CLASSIFICATION_LAMBDA), l2s.get(0).getConfiguredParameters().get("lambda"));
        assertEquals("KERAS", l2s.get(0).getConfiguredParameters().get("convention").toString());
        List<ConfiguredObjectProvenance> decorators = find(trainerProvenance, PenalizedOptimiser.class.getName(), new ArrayList<>());
        assertEquals(1, decorators.size());
        assertEquals("1", decorators.get(0).getConfiguredParameters().get("minibatchSize").toString());

        // the whole model provenance survives marshalling
        assertEquals(model.getProvenance(), ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(model.getProvenance())));
    }

    // ---------------------------------------------------------------- copy and configuration

    private static PenalizedOptimiser twoPenalties() {
        return new PenalizedOptimiser(SGD.getSimpleSGD(0.05), List.of(new L2(0.25, LambdaConvention.DATASET),
                new L1(0.5, LambdaConvention.SKLEARN, L1.Update.PROXIMAL, false, true, List.of())), 455, 8);
    }

    @Test
    void copyCarriesEveryField() {
        PenalizedOptimiser original = twoPenalties();
        PenalizedOptimiser copy = original.copy();
        assertNotSame(original, copy);
        assertNotSame(original.optimiser(), copy.optimiser());
        assertEquals(original.getProvenance(), copy.getProvenance());
        assertEquals(original.toString(), copy.toString());
        assertEquals(455, copy.trainingSetSize());
        assertEquals(8, copy.minibatchSize());
        assertEquals(original.penalties(), copy.penalties());
        assertEquals(original.getProvenance(), ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(original.getProvenance())));
    }

    private static final String XML_TEMPLATE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <config>
              <component name="sgd" type="org.tribuo.math.optimisers.SimpleSGD">
                <property name="initialLearningRate" value="0.05"/>
                <property name="useMomentum" value="NONE"/>
              </component>
              <component name="l2" type="org.occam.regularizers.penalty.L2">
                <property name="lambda" value="0.25"/>
                <property name="convention" value="DATASET"/>
              </component>
              <component name="l1" type="org.occam.regularizers.penalty.L1">
                <property name="lambda" value="0.5"/>
                <property name="convention" value="SKLEARN"/>
                <property name="mode" value="PROXIMAL"/>
                <property name="includeBiases" value="true"/>
              </component>
              <component name="opt" type="org.occam.regularizers.tribuo.PenalizedOptimiser">
                <property name="optimiser" value="sgd"/>
                <propertylist name="penalties"><item>l2</item><item>l1</item></propertylist>
                %s
              </component>
            </config>
            """;

    private static ConfigurationManager load(Path dir, String sizes) throws IOException {
        Path file = dir.resolve("penalized-" + Math.abs(sizes.hashCode()) + ".xml");
        Files.writeString(file, String.format(XML_TEMPLATE, sizes));
        return new ConfigurationManager(file.toString());
    }

    @Test
    void configurationRoundTrip(@TempDir Path dir) throws IOException {
        ConfigurationManager cm = load(dir, "<property name=\"trainingSetSize\" value=\"455\"/><property name=\"minibatchSize\" value=\"8\"/>");
        PenalizedOptimiser fromXml = (PenalizedOptimiser) cm.lookup("opt");
        assertEquals(twoPenalties().getProvenance(), fromXml.getProvenance());
        cm.close();

        // and back: a trainer's provenance → configuration → file → a trainer with the same provenance
        var trainer = new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(), fromXml, 3, -1, 8, 11L);
        ConfigurationManager out = new ConfigurationManager();
        out.addConfiguration(ProvenanceUtil.extractConfiguration(trainer.getProvenance()));
        File saved = dir.resolve("trainer.xml").toFile();
        out.save(saved, true);
        ConfigurationManager in = new ConfigurationManager(saved.toString());
        List<org.tribuo.regression.sgd.linear.LinearSGDTrainer> trainers = in.lookupAll(org.tribuo.regression.sgd.linear.LinearSGDTrainer.class);
        assertEquals(1, trainers.size());
        assertEquals(trainer.getProvenance(), trainers.get(0).getProvenance());
    }

    @Test
    void configurationWithoutTrainingSetSizeForDatasetConventionIsRejected(@TempDir Path dir) throws IOException {
        ConfigurationManager cm = load(dir, "<property name=\"minibatchSize\" value=\"8\"/>");
        PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("opt"));
        assertEquals("trainingSetSize", e.getProperty());
        ConfigurationManager noBatch = load(dir, "<property name=\"trainingSetSize\" value=\"455\"/>");
        assertEquals("minibatchSize", assertThrows(PropertyException.class, () -> noBatch.lookup("opt")).getProperty());
        ConfigurationManager zeroBatch = load(dir, "<property name=\"trainingSetSize\" value=\"455\"/><property name=\"minibatchSize\" value=\"0\"/>");
        assertEquals("minibatchSize", assertThrows(PropertyException.class, () -> zeroBatch.lookup("opt")).getProperty());
    }

    private static String failingProperty(StochasticGradientOptimiser optimiser, List<? extends Penalty> penalties, int n, int b) {
        return assertThrows(PropertyException.class, () -> new PenalizedOptimiser(optimiser, penalties, n, b)).getProperty();
    }

    @Test
    void badConfigurationsNameTheProperty() {
        SGD sgd = SGD.getSimpleSGD(0.1);
        L2 keras = new L2(0.1, LambdaConvention.KERAS);
        assertEquals("trainingSetSize", failingProperty(sgd, List.of(new L2(0.1, LambdaConvention.DATASET)), 0, 1));
        assertEquals("trainingSetSize", failingProperty(sgd, List.of(ElasticNet.ofRatio(0.1, 0.5, LambdaConvention.DATASET)), 0, 1));
        assertEquals("trainingSetSize", failingProperty(sgd, List.of(new L1(0.1, LambdaConvention.DATASET, L1.Update.PROXIMAL)), 0, 1));
        assertEquals("trainingSetSize", failingProperty(sgd, List.of(keras), -5, 1));
        assertEquals("minibatchSize", failingProperty(sgd, List.of(keras), 100, 0));
        assertEquals("minibatchSize", failingProperty(sgd, List.of(keras), 100, -3));
        assertEquals("optimiser", failingProperty(null, List.of(keras), 100, 1));
        assertEquals("penalties", failingProperty(sgd, Arrays.asList(keras, null), 100, 1));
        assertEquals("penalties", failingProperty(sgd, List.of(new L2(0.1, LambdaConvention.KERAS, false, false, List.of("hidden1"))), 100, 1));
        // an after-step penalty needs the step's learning rate, which only Tribuo's SGD exposes
        assertEquals("optimiser", failingProperty(new AdaGrad(0.1), List.of(new L1(0.1, LambdaConvention.KERAS, L1.Update.PROXIMAL)), 0, 1));
        assertEquals("optimiser", failingProperty(new AdaGrad(0.1), List.of(new DecoupledWeightDecay(0.1)), 0, 1));

        // fine: no n needed without DATASET; subgradient L1 with AdaGrad; layers naming the linear layer
        new PenalizedOptimiser(sgd, List.of(keras, new DecoupledWeightDecay(0.1)), 0, 1);
        new PenalizedOptimiser(new AdaGrad(0.1), List.of(new L1(0.1, LambdaConvention.KERAS, L1.Update.SUBGRADIENT)), 0, 1);
        new PenalizedOptimiser(sgd, List.of(new L2(0.1, LambdaConvention.SKLEARN, false, false, List.of(PenalizedOptimiser.LAYER_NAME))), 0, 32);
        assertFalse(new PenalizedOptimiser(sgd, List.of(), 0, 1).toString().isEmpty());
    }
}
