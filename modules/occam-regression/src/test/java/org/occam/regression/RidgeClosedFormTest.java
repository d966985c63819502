package org.occam.regression;

import org.junit.jupiter.api.Test;
import org.occam.core.math.Matrix;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.testing.ShippedDatasets;
import org.occam.regularizers.penalty.L2;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 §3: the seed's ridge closed form β̂ = (XᵀX + λI)⁻¹XᵀY, reached by Occam's linear model.
 * <p>
 * The model: no hidden layers, SQUARED loss, L2 on the output weights only (biases unpenalized),
 * full-batch plain gradient descent. With n training rows the trainer minimizes
 * <pre>
 * J(w, b) = (1/n) Σᵢ ½ (xᵢ·w + b − yᵢ)² + c Σⱼ wⱼ²          (RegressionLoss: ½Σr², batch mean)
 * ∂J/∂b = 0  ⇒  b = ȳ − x̄·w                                  (the intercept by centring)
 * ∂J/∂w = 0  ⇒  (X_cᵀX_c/n + 2c I) w = X_cᵀy_c/n  ⇒  w = (X_cᵀX_c + 2nc I)⁻¹ X_cᵀ y_c
 * </pre>
 * so the closed form's λ_ridge = 2nc. Per convention: DATASET c = λ/2n gives λ_ridge = λ exactly
 * (the seed's C = C0 + (λ/2n)Σw² with C0 = ½·mean r² is the closed form's objective divided by n);
 * KERAS c = λ gives λ_ridge = 2nλ; PYTORCH c = λ/2 gives nλ; SKLEARN c = λ/2b with full batches b = n
 * gives λ_ridge = λ.
 * <p>
 * The trainer standardizes targets by default (standardizeTargets): it fits y_s = (y − ȳ)/σ with the
 * population σ of the training targets and maps predictions back as ŷ = ȳ + σ·(x·w + b). The
 * learned w is therefore the closed form on y_s, and σ·w is the closed form on the raw y (the
 * solution is linear in y); the test checks both.
 * <p>
 * Setting: diabetes, the 331 non-test rows, 10 features standardized with those rows' statistics,
 * DATASET λ = 10, η = 0.5 ≈ 2/(μ+L) for the eigenvalues of X_cᵀX_c/n + λ/n (0.040 … 3.94), so the
 * error contracts by ≈ 0.98 per epoch; 3000 epochs take it far below the 1e-8 tolerance.
 * Measured distance ‖w − β̂‖∞: see {@code evaluation/RESULTS.md}.
 */
public class RidgeClosedFormTest {
    private static final double LAMBDA = 10.0;

    @Test
    public void fullBatchGradientDescentReachesTheRidgeClosedForm() {
        Dataset<Regressor> train = ShippedDatasets.load("diabetes", "target", new RegressionFactory()).train();
        int n = train.size();
        int p = train.getFeatureIDMap().size();
        assertEquals(10, p);
        double[][] x = new double[n][p];
        double[] y = new double[n];
        int row = 0;
        for (Example<Regressor> e : train) {
            for (Feature f : e) {
                x[row][train.getFeatureIDMap().getID(f.getName())] = f.getValue();
            }
            y[row] = e.getOutput().getValues()[0];
            row++;
        }

        MLPRegressionTrainer trainer = MLPRegressionTrainer.builder().hiddenLayerSizes()
                .optimizer(new Sgd(0.5)).minibatchSize(n).shuffle(false).epochs(3000).seed(1)
                .trainMetricsEachEpoch(false)
                .penalties(new L2(LAMBDA, LambdaConvention.DATASET, true, false, List.of()))
                .build();
        Model<Regressor> model = trainer.train(train);
        Map<String, Matrix> params = ((AbstractMLPModel<Regressor>) model).parameterValues();
        Matrix w = null;
        Matrix b = null;
        for (Map.Entry<String, Matrix> en : params.entrySet()) {
            if (en.getKey().endsWith("weight")) {
                w = en.getValue();
            } else if (en.getKey().endsWith("bias")) {
                b = en.getValue();
            }
        }
        assertEquals(2, params.size(), "a linear model has one weight matrix and one bias: " + params.keySet());
        assertEquals(1, w.rows());
        assertEquals(p, w.cols());

        // standardized targets as the trainer forms them (population σ)
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double sigma = Math.sqrt(ss / n);
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = (y[i] - mean) / sigma;
        }

        double[] xBar = columnMeans(x);
        double[] betaStd = ridge(x, xBar, ys, LAMBDA);
        double[] betaRaw = ridge(x, xBar, y, LAMBDA);

        double dist = 0;
        double distRaw = 0;
        for (int j = 0; j < p; j++) {
            dist = Math.max(dist, Math.abs(w.get(0, j) - betaStd[j]));
            distRaw = Math.max(distRaw, Math.abs(sigma * w.get(0, j) - betaRaw[j]) / sigma);
        }
        double interceptStd = -dot(xBar, betaStd); // ȳ_s = 0
        double distB = Math.abs(b.get(0, 0) - interceptStd);
        System.out.printf("ridge closed form (DATASET λ = %s, n = %d): max|w − β̂| = %.3e, |b − (ȳ − x̄·β̂)| = %.3e, raw-y units / σ %.3e%n",
                LAMBDA, n, dist, distB, distRaw);
        assertTrue(dist < 1e-8, "max|w − β̂| = " + dist);
        assertTrue(distB < 1e-8, "|b − b̂| = " + distB);
        assertTrue(distRaw < 1e-8, "σ·w vs the raw-target closed form, relative to σ: " + distRaw);
        // not the trivial solution: the penalty matters and the fit is real
        double[] unpenalized = ridge(x, xBar, ys, 0.0);
        double shrink = 0;
        for (int j = 0; j < p; j++) {
            shrink = Math.max(shrink, Math.abs(unpenalized[j] - betaStd[j]));
        }
        assertTrue(shrink > 1e-2, "λ = " + LAMBDA + " should move β̂ away from least squares, moved " + shrink);
    }

    private static double[] columnMeans(double[][] x) {
        int p = x[0].length;
        double[] m = new double[p];
        for (double[] r : x) {
            for (int j = 0; j < p; j++) {
                m[j] += r[j];
            }
        }
        for (int j = 0; j < p; j++) {
            m[j] /= x.length;
        }
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** β̂ = (X_cᵀX_c + λI)⁻¹ X_cᵀ y_c by Gaussian elimination with partial pivoting. */
    private static double[] ridge(double[][] x, double[] xBar, double[] y, double lambda) {
        int n = x.length;
        int p = xBar.length;
        double yBar = 0;
        for (double v : y) {
            yBar += v;
        }
        yBar /= n;
        double[][] a = new double[p][p + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double cj = x[i][j] - xBar[j];
                for (int k = 0; k < p; k++) {
                    a[j][k] += cj * (x[i][k] - xBar[k]);
                }
                a[j][p] += cj * (y[i] - yBar);
            }
        }
        for (int j = 0; j < p; j++) {
            a[j][j] += lambda;
        }
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            for (int r = c + 1; r < p; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= p; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        double[] beta = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = a[r][p];
            for (int k = r + 1; k < p; k++) {
                s -= a[r][k] * beta[k];
            }
            beta[r] = s / a[r][r];
        }
        return beta;
    }
}
