package org.occam.core.testing;

import org.occam.core.math.Matrix;
import org.occam.core.nn.Layer;
import org.occam.core.nn.Loss;
import org.occam.core.nn.Mode;
import org.occam.core.nn.Network;
import org.occam.core.nn.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central-difference gradient checks in double precision, shared by every module's tests (the core
 * module publishes its test classes as a test-jar).
 * <p>
 * For every scalar θ_i the numerical derivative is
 * <pre>
 * n_i = (L(θ + h·e_i) − L(θ − h·e_i)) / 2h
 * </pre>
 * and it is compared with the analytical derivative a_i through the relative error with an
 * absolute floor,
 * <pre>
 * err_i = |a_i − n_i| / max(|a_i|, |n_i|, floor)        (0 when a_i = n_i)
 * </pre>
 * which must stay below {@code maxRelativeError} for every i. The floor stops derivatives that are
 * zero or nearly so (dead ReLU units, tiny products) from turning round-off into a huge relative
 * error: below the floor the criterion becomes an absolute one, {@code |a − n| < maxRelativeError · floor}.
 * Defaults: h = {@value #DEFAULT_STEP}, maxRelativeError = {@value #DEFAULT_MAX_RELATIVE_ERROR},
 * floor = {@value #DEFAULT_FLOOR}.
 * <p>
 * Why the floor is 1e-3 and not smaller: the round-off of a central difference is about
 * c·ε_mach·|L|/h ≈ 1e-10·|L| (c a few units of the loss's own rounding), independent of the size
 * of the derivative. A floor of 1e-8 would demand |a − n| &lt; 1e-14 on small derivatives, which
 * no correct implementation meets: an MLP with a loss of order one gave a = −1.45652227e-5 against
 * n = −1.45651269e-5 (|a − n| ≈ 1e-10, relative 7e-6). With the floor at 1e-3, derivatives below
 * 1e-3 are held to |a − n| &lt; 1e-9, an order of magnitude above that round-off, while every larger
 * derivative must match to 1e-6 relative (a 1% error in any entry above 1e-6 still fails). This is
 * the same floor as {@code PenaltyTestSupport} in occam-regularizers. Keep checked losses of order
 * one (scale the data, not the tolerance), and lower the floor with {@link #withFloor} only for
 * functions evaluated more exactly than a network forward pass.
 * <p>
 * Entry points, from the most general to the most specific:
 * <ul>
 *   <li>{@link #check(String, double[], double[], DoubleSupplier)}: any values array, its analytical
 *   gradient and a loss supplier that reads the array (the array is perturbed in place and restored);
 *   use it for losses, penalties and anything else that is a scalar function of an array;</li>
 *   <li>{@link #checkParameters(String, List, Runnable, DoubleSupplier)}: a list of {@link Parameter}s whose
 *   {@code gradient()} a callback fills, e.g. a network loss plus penalty terms;</li>
 *   <li>{@link #checkNetwork(Network, Loss, Matrix, Matrix)}: every parameter of a network under a data loss
 *   (analytical pass: {@code zeroGradients}, forward TRAIN, {@code lossAndGradient}, backward; numerical
 *   passes: forward in {@link #numericMode()}, INFER by default);</li>
 *   <li>{@link #checkLayerInput(Layer, Matrix, SplittableRandom)} and
 *   {@link #checkLayerParameters(Layer, Matrix, SplittableRandom)}: one layer, with the random linear
 *   functional L = Σ R∘layer(x) as the scalar loss.</li>
 * </ul>
 * Stochastic layers and plugins: a gradient check is only meaningful if every evaluation sees the same
 * noise. Use {@link #withNumericMode(Mode) withNumericMode(Mode.TRAIN)} and
 * {@link #withBeforeEachForward(Runnable)} with a callback that resets the plugin's generator; it runs
 * before the analytical forward pass and before each numerical one. Layers whose TRAIN output does not
 * depend on the noise may keep the INFER default.
 * <p>
 * Each check returns a {@link Report} (for logging or extra assertions) after failing the test with the
 * worst entry if the criterion is violated; {@link #measure} computes the report without asserting,
 * for tests that show a check can fail. Instances are immutable; the {@code with…} methods return copies.
 */
public final class GradientCheck {
    /** Default finite-difference step h. */
    public static final double DEFAULT_STEP = 1e-6;
    /** Default bound on the relative error. */
    public static final double DEFAULT_MAX_RELATIVE_ERROR = 1e-6;
    /** Default absolute floor of the relative error's denominator. */
    public static final double DEFAULT_FLOOR = 1e-3;

    private static final Runnable NOTHING = () -> { };

    private final double step;
    private final double maxRelativeError;
    private final double floor;
    private final Mode numericMode;
    private final Runnable beforeEachForward;

    private GradientCheck(double step, double maxRelativeError, double floor, Mode numericMode, Runnable beforeEachForward) {
        if (!(step > 0 && Double.isFinite(step))) {
            throw new IllegalArgumentException("step must be finite and > 0, found " + step);
        }
        if (!(maxRelativeError > 0)) {
            throw new IllegalArgumentException("maxRelativeError must be > 0, found " + maxRelativeError);
        }
        if (!(floor >= 0 && Double.isFinite(floor))) {
            throw new IllegalArgumentException("floor must be finite and ≥ 0, found " + floor);
        }
        this.step = step;
        this.maxRelativeError = maxRelativeError;
        this.floor = floor;
        this.numericMode = Objects.requireNonNull(numericMode, "numericMode");
        this.beforeEachForward = Objects.requireNonNull(beforeEachForward, "beforeEachForward");
    }

    /** @return a check with h = 1e-6, relative error &lt; 1e-6, floor 1e-3, numerical passes in INFER */
    public static GradientCheck defaults() {
        return new GradientCheck(DEFAULT_STEP, DEFAULT_MAX_RELATIVE_ERROR, DEFAULT_FLOOR, Mode.INFER, NOTHING);
    }

    /**
     * @param h the finite-difference step
     * @return a copy using h
     */
    public GradientCheck withStep(double h) {
        return new GradientCheck(h, maxRelativeError, floor, numericMode, beforeEachForward);
    }

    /**
     * @param bound the largest accepted relative error
     * @return a copy using this bound
     */
    public GradientCheck withMaxRelativeError(double bound) {
        return new GradientCheck(step, bound, floor, numericMode, beforeEachForward);
    }

    /**
     * @param absoluteFloor the floor of the relative error's denominator
     * @return a copy using this floor
     */
    public GradientCheck withFloor(double absoluteFloor) {
        return new GradientCheck(step, maxRelativeError, absoluteFloor, numericMode, beforeEachForward);
    }

    /**
     * @param mode the mode of the forward passes that evaluate the loss numerically (network and layer checks)
     * @return a copy using this mode
     */
    public GradientCheck withNumericMode(Mode mode) {
        return new GradientCheck(step, maxRelativeError, floor, mode, beforeEachForward);
    }

    /**
     * @param callback run before the analytical forward pass and before every numerical one (network and
     *                 layer checks), e.g. to reset a stochastic plugin's generator
     * @return a copy using this callback
     */
    public GradientCheck withBeforeEachForward(Runnable callback) {
        return new GradientCheck(step, maxRelativeError, floor, numericMode, callback);
    }

    /** @return the finite-difference step h */
    public double step() {
        return step;
    }

    /** @return the largest accepted relative error */
    public double maxRelativeError() {
        return maxRelativeError;
    }

    /** @return the floor of the relative error's denominator */
    public double floor() {
        return floor;
    }

    /** @return the mode of numerical forward passes */
    public Mode numericMode() {
        return numericMode;
    }

    /**
     * The relative error with an absolute floor.
     * @param analytic the analytical derivative a
     * @param numeric the numerical derivative n
     * @param floor the floor
     * @return |a − n| / max(|a|, |n|, floor), 0 when a == n, NaN if either is not finite
     */
    public static double relativeError(double analytic, double numeric, double floor) {
        if (!Double.isFinite(analytic) || !Double.isFinite(numeric)) {
            return Double.NaN;
        }
        double diff = Math.abs(analytic - numeric);
        if (diff == 0.0) {
            return 0.0;
        }
        return diff / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), floor);
    }

    /**
     * Central differences of a scalar function of an array. Each entry is perturbed in place and
     * restored to its exact original value afterwards.
     * @param values the point θ (read by {@code loss})
     * @param loss evaluates L(θ) from the current contents of {@code values}
     * @return the numerical gradient, one entry per value
     */
    public double[] numericGradient(double[] values, DoubleSupplier loss) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double original = values[i];
            values[i] = original + step;
            double plus = loss.getAsDouble();
            values[i] = original - step;
            double minus = loss.getAsDouble();
            values[i] = original;
            out[i] = (plus - minus) / (2 * step);
        }
        return out;
    }

    /**
     * Compares an analytical gradient with central differences without asserting.
     * @param label names the checked array in the report
     * @param values the point θ, perturbed in place and restored
     * @param analytic ∂L/∂θ computed by the code under test (same length as values)
     * @param loss evaluates L from the current contents of {@code values}
     * @return the comparison
     */
    public Report measure(String label, double[] values, double[] analytic, DoubleSupplier loss) {
        if (analytic.length != values.length) {
            throw new IllegalArgumentException(label + ": " + values.length + " values but " + analytic.length + " gradient entries");
        }
        double[] numeric = numericGradient(values, loss);
        Report r = Report.EMPTY;
        for (int i = 0; i < values.length; i++) {
            r = r.merge(new Report(1, relativeError(analytic[i], numeric[i], floor), label + "[" + i + "]", analytic[i], numeric[i]));
        }
        return r;
    }

    /**
     * Asserts that an analytical gradient matches central differences. The most general entry point:
     * use it for any scalar function of an array (losses on outputs, penalties on weights, …).
     * @param label names the checked array in failure messages
     * @param values the point θ, perturbed in place and restored
     * @param analytic ∂L/∂θ computed by the code under test (same length as values; not modified)
     * @param loss evaluates L from the current contents of {@code values}
     * @return the comparison (already asserted)
     */
    public Report check(String label, double[] values, double[] analytic, DoubleSupplier loss) {
        return assertPasses(measure(label, values, analytic, loss));
    }

    /**
     * Asserts every parameter's gradient against central differences of {@code loss}.
     * Gradients are zeroed, then {@code computeGradients} must fill {@link Parameter#gradient()} for
     * every listed parameter (it may add penalty terms, run backward, …); they are copied before any
     * value is perturbed.
     * @param label names the check in failure messages
     * @param parameters the tensors to check
     * @param computeGradients fills the parameters' gradients at the current values
     * @param loss evaluates the scalar loss at the current parameter values
     * @return the worst entry over all parameters (already asserted)
     */
    public Report checkParameters(String label, List<Parameter> parameters, Runnable computeGradients, DoubleSupplier loss) {
        for (Parameter p : parameters) {
            p.gradient().zeroInPlace();
        }
        computeGradients.run();
        List<double[]> analytic = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            analytic.add(p.gradient().data().clone());
        }
        Report r = Report.EMPTY;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            r = r.merge(measure(label + ":" + p.name(), p.value().data(), analytic.get(i), loss));
        }
        return assertPasses(r);
    }

    /**
     * Asserts every parameter gradient of a network under a data loss on one batch.
     * Analytical pass: {@code zeroGradients}, forward TRAIN, {@code loss.lossAndGradient}, backward.
     * Numerical passes: forward in {@link #numericMode()} and {@code loss.lossAndGradient(…, null)}.
     * @param network the network (its parameter values are perturbed and restored)
     * @param loss the data loss
     * @param input batch × inputWidth
     * @param target batch × outputWidth
     * @return the worst entry over all parameters (already asserted)
     */
    public Report checkNetwork(Network network, Loss loss, Matrix input, Matrix target) {
        Runnable gradients = () -> {
            network.zeroGradients();
            beforeEachForward.run();
            Matrix out = network.forward(input, Mode.TRAIN);
            Matrix grad = new Matrix(out.rows(), out.cols());
            loss.lossAndGradient(out, target, grad);
            network.backward(grad);
        };
        DoubleSupplier value = () -> {
            beforeEachForward.run();
            return loss.lossAndGradient(network.forward(input, numericMode), target, null);
        };
        return checkParameters(network + " with " + loss, network.parameters(), gradients, value);
    }

    /**
     * Asserts a loss's gradient with respect to the network output.
     * @param loss the loss
     * @param output the outputs at which to check (perturbed and restored)
     * @param target the targets
     * @return the comparison (already asserted)
     */
    public Report checkLoss(Loss loss, Matrix output, Matrix target) {
        Matrix grad = new Matrix(output.rows(), output.cols());
        loss.lossAndGradient(output, target, grad);
        return check(loss.toString(), output.data(), grad.data(), () -> loss.lossAndGradient(output, target, null));
    }

    /**
     * Asserts a layer's input gradient, with the scalar loss L(x) = Σ_ij R_ij·layer(x)_ij for a random
     * R with entries uniform in [−1, 1) (so ∂L/∂output = R). The layer's parameter gradients are zeroed
     * first and receive R's contribution.
     * @param layer the layer
     * @param input batch × inputWidth (perturbed and restored)
     * @param rng draws R
     * @return the comparison (already asserted)
     */
    public Report checkLayerInput(Layer layer, Matrix input, SplittableRandom rng) {
        Matrix functional = randomFunctional(input.rows(), layer.outputWidth(), rng);
        for (Parameter p : layer.parameters()) {
            p.gradient().zeroInPlace();
        }
        beforeEachForward.run();
        layer.forward(input, Mode.TRAIN);
        Matrix gradInput = layer.backward(functional, true);
        if (gradInput == null) {
            fail(layer + ": backward returned no input gradient although one was requested");
        }
        double[] analytic = gradInput.data().clone();
        return check(layer.name() + ".input", input.data(), analytic, linearFunctional(layer, input, functional));
    }

    /**
     * Asserts a layer's parameter gradients, with the scalar loss L = Σ_ij R_ij·layer(x)_ij for a random R.
     * @param layer the layer
     * @param input batch × inputWidth
     * @param rng draws R
     * @return the worst entry over the layer's parameters (already asserted)
     */
    public Report checkLayerParameters(Layer layer, Matrix input, SplittableRandom rng) {
        Matrix functional = randomFunctional(input.rows(), layer.outputWidth(), rng);
        Runnable gradients = () -> {
            beforeEachForward.run();
            layer.forward(input, Mode.TRAIN);
            layer.backward(functional, true);
        };
        return checkParameters(layer.name(), layer.parameters(), gradients, linearFunctional(layer, input, functional));
    }

    private DoubleSupplier linearFunctional(Layer layer, Matrix input, Matrix functional) {
        return () -> {
            beforeEachForward.run();
            double[] y = layer.forward(input, numericMode).data();
            double[] r = functional.data();
            double s = 0.0;
            for (int i = 0; i < r.length; i++) {
                s += r[i] * y[i];
            }
            return s;
        };
    }

    private static Matrix randomFunctional(int rows, int cols, SplittableRandom rng) {
        Matrix r = new Matrix(rows, cols);
        double[] d = r.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-1.0, 1.0);
        }
        return r;
    }

    private Report assertPasses(Report r) {
        if (!r.passes(maxRelativeError)) {
            fail("gradient check failed at " + r.worstEntry() + ": analytic " + r.worstAnalytic() + ", numeric "
                    + r.worstNumeric() + ", relative error " + r.worstRelativeError() + " ≥ " + maxRelativeError
                    + " (h = " + step + ", floor = " + floor + ", " + r.checked() + " entries checked)");
        }
        return r;
    }

    /**
     * The outcome of a check: how many entries were compared and the worst one.
     * @param checked number of scalar entries compared
     * @param worstRelativeError the largest relative error (NaN if any derivative was not finite)
     * @param worstEntry where it occurred, {@code label[index]}
     * @param worstAnalytic the analytical derivative there
     * @param worstNumeric the numerical derivative there
     */
    public record Report(int checked, double worstRelativeError, String worstEntry, double worstAnalytic, double worstNumeric) {
        static final Report EMPTY = new Report(0, 0.0, "(nothing)", 0.0, 0.0);

        /**
         * @param bound the largest accepted relative error
         * @return true if every entry passed and at least one was compared
         */
        public boolean passes(double bound) {
            return checked > 0 && worstRelativeError < bound;
        }

        Report merge(Report other) {
            boolean otherWorse = checked == 0 || Double.isNaN(other.worstRelativeError)
                    || (!Double.isNaN(worstRelativeError) && other.worstRelativeError > worstRelativeError);
            Report worst = otherWorse ? other : this;
            return new Report(checked + other.checked, worst.worstRelativeError, worst.worstEntry,
                    worst.worstAnalytic, worst.worstNumeric);
        }
    }
}
