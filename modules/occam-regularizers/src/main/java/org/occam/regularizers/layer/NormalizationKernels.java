package org.occam.regularizers.layer;

/**
 * The arithmetic of the normalization layers on row-major {@code rows × cols} arrays, free of
 * layers and configuration so it can be tested on its own.
 * <p>
 * Every normalization standardizes values over some set S of positions with the biased variance
 * and a learnable per-feature scale γ and shift β:
 * <pre>
 * μ = (1/|S|) Σ_S x      σ² = (1/|S|) Σ_S (x − μ)²      x̂ = (x − μ) / √(σ² + ε)      y = γ_j·x̂ + β_j
 * </pre>
 * Batch normalization takes S = one column (a feature over the batch); group normalization takes
 * S = one row's group of {@code cols / groups} consecutive features; layer normalization is the
 * case groups = 1. Backward, with ĝ = γ_j·∂L/∂y and s = 1/√(σ² + ε) per set:
 * <pre>
 * ∂L/∂γ_j = Σ_rows ∂L/∂y·x̂      ∂L/∂β_j = Σ_rows ∂L/∂y
 * ∂L/∂x   = (s/|S|)·(|S|·ĝ − Σ_S ĝ − x̂·Σ_S ĝ·x̂)
 * </pre>
 * which includes the dependence of μ and σ² on x. Means and variances are computed in two passes.
 */
public final class NormalizationKernels {
    private NormalizationKernels() {}

    /**
     * Per-column mean and biased variance (batch statistics).
     * @param x values, rows × cols
     * @param rows number of rows (≥ 1)
     * @param cols number of columns
     * @param mean written, length cols
     * @param variance written, length cols
     */
    public static void columnMeanAndVariance(double[] x, int rows, int cols, double[] mean, double[] variance) {
        java.util.Arrays.fill(mean, 0, cols, 0.0);
        java.util.Arrays.fill(variance, 0, cols, 0.0);
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                mean[j] += x[off + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            mean[j] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                double d = x[off + j] - mean[j];
                variance[j] += d * d;
            }
        }
        for (int j = 0; j < cols; j++) {
            variance[j] /= rows;
        }
    }

    /**
     * Standardizes each column with given statistics: {@code x̂ = (x − μ_j)·s_j}.
     * @param x values, rows × cols
     * @param rows number of rows
     * @param cols number of columns
     * @param mean μ per column
     * @param inverseStddev s = 1/√(σ² + ε) per column
     * @param xHat written, rows × cols, may be the same array as x
     */
    public static void standardizeColumns(double[] x, int rows, int cols, double[] mean, double[] inverseStddev, double[] xHat) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                xHat[off + j] = (x[off + j] - mean[j]) * inverseStddev[j];
            }
        }
    }

    /**
     * Computes {@code s = 1/√(σ² + ε)} element-wise.
     * @param variance σ²
     * @param epsilon ε
     * @param inverseStddev written, same length, may be the same array
     * @param n number of values
     */
    public static void inverseStddev(double[] variance, double epsilon, double[] inverseStddev, int n) {
        for (int i = 0; i < n; i++) {
            inverseStddev[i] = 1.0 / Math.sqrt(variance[i] + epsilon);
        }
    }

    /**
     * Standardizes each row's groups of {@code cols / groups} consecutive values with their own
     * mean and biased variance.
     * @param x values, rows × cols
     * @param rows number of rows
     * @param cols number of columns, a multiple of groups
     * @param groups number of groups per row (1 = layer normalization)
     * @param epsilon ε
     * @param xHat written, rows × cols
     * @param inverseStddev written, rows × groups: s of each row's groups
     */
    public static void standardizeGroups(double[] x, int rows, int cols, int groups, double epsilon,
                                         double[] xHat, double[] inverseStddev) {
        int size = cols / groups;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < groups; k++) {
                int from = r * cols + k * size;
                double mean = 0.0;
                for (int i = from; i < from + size; i++) {
                    mean += x[i];
                }
                mean /= size;
                double variance = 0.0;
                for (int i = from; i < from + size; i++) {
                    double d = x[i] - mean;
                    variance += d * d;
                }
                variance /= size;
                double s = 1.0 / Math.sqrt(variance + epsilon);
                inverseStddev[r * groups + k] = s;
                for (int i = from; i < from + size; i++) {
                    xHat[i] = (x[i] - mean) * s;
                }
            }
        }
    }

    /**
     * The affine part, {@code y = γ_j·x̂ + β_j}.
     * @param xHat standardized values, rows × cols
     * @param rows number of rows
     * @param cols number of columns
     * @param gamma γ, length cols
     * @param beta β, length cols
     * @param y written, rows × cols
     */
    public static void scaleAndShift(double[] xHat, int rows, int cols, double[] gamma, double[] beta, double[] y) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                y[off + j] = gamma[j] * xHat[off + j] + beta[j];
            }
        }
    }

    /**
     * Backward through the affine part: adds {@code Σ_rows g·x̂} to ∂L/∂γ and {@code Σ_rows g} to
     * ∂L/∂β, and writes {@code ĝ = γ_j·g}, the gradient with respect to x̂.
     * @param gradOutput g = ∂L/∂y, rows × cols
     * @param xHat the forward pass's x̂
     * @param rows number of rows
     * @param cols number of columns
     * @param gamma γ
     * @param gradGamma ∂L/∂γ, added to
     * @param gradBeta ∂L/∂β, added to
     * @param gradXHat written with ĝ, rows × cols
     */
    public static void scaleAndShiftBackward(double[] gradOutput, double[] xHat, int rows, int cols, double[] gamma,
                                             double[] gradGamma, double[] gradBeta, double[] gradXHat) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                double g = gradOutput[off + j];
                gradGamma[j] += g * xHat[off + j];
                gradBeta[j] += g;
                gradXHat[off + j] = gamma[j] * g;
            }
        }
    }

    /**
     * Backward through column standardization with batch statistics:
     * {@code ∂L/∂x = (s_j/n)·(n·ĝ − Σ_rows ĝ − x̂·Σ_rows ĝ·x̂)}, n = rows.
     * @param gradXHat ĝ, rows × cols
     * @param xHat the forward pass's x̂
     * @param inverseStddev s per column
     * @param rows number of rows
     * @param cols number of columns
     * @param gradInput written, rows × cols, may be the same array as gradXHat
     */
    public static void standardizeColumnsBackward(double[] gradXHat, double[] xHat, double[] inverseStddev, int rows, int cols,
                                                  double[] gradInput) {
        double[] sum = new double[cols];
        double[] dot = new double[cols];
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                sum[j] += gradXHat[off + j];
                dot[j] += gradXHat[off + j] * xHat[off + j];
            }
        }
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                gradInput[off + j] = inverseStddev[j] / rows
                        * (rows * gradXHat[off + j] - sum[j] - xHat[off + j] * dot[j]);
            }
        }
    }

    /**
     * Backward through group standardization:
     * {@code ∂L/∂x = (s/m)·(m·ĝ − Σ_group ĝ − x̂·Σ_group ĝ·x̂)}, m = cols / groups.
     * @param gradXHat ĝ, rows × cols
     * @param xHat the forward pass's x̂
     * @param inverseStddev s per row and group, rows × groups
     * @param rows number of rows
     * @param cols number of columns
     * @param groups number of groups per row
     * @param gradInput written, rows × cols, may be the same array as gradXHat
     */
    public static void standardizeGroupsBackward(double[] gradXHat, double[] xHat, double[] inverseStddev, int rows, int cols,
                                                 int groups, double[] gradInput) {
        int size = cols / groups;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < groups; k++) {
                int from = r * cols + k * size;
                double sum = 0.0;
                double dot = 0.0;
                for (int i = from; i < from + size; i++) {
                    sum += gradXHat[i];
                    dot += gradXHat[i] * xHat[i];
                }
                double s = inverseStddev[r * groups + k];
                for (int i = from; i < from + size; i++) {
                    gradInput[i] = s / size * (size * gradXHat[i] - sum - xHat[i] * dot);
                }
            }
        }
    }
}
