package org.occam.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The overfitting verdict of a run — OVERFITTING, UNDERFITTING or FINE — with its evidence.
 *
 * <p><b>Evidence.</b>
 * <ul>
 *   <li><i>validation curve</i>: the data loss on the validation rows (inference mode) per epoch,
 *       smoothed by a centred moving average over 2h + 1 epochs, h = max(1, ⌊epochs/40⌋) (about
 *       5% of the run), so that minibatch noise is not read as a trend;</li>
 *   <li><i>best epoch</i> e*: the epoch of the smoothed curve's minimum L_min;</li>
 *   <li><i>rise after the minimum</i>: (L_end − L_min) / L_min, where L_end is the smoothed
 *       curve's value at the last epoch;</li>
 *   <li><i>generalization gap</i>: classification train − validation accuracy; regression the
 *       relative gap (MSE_validation − MSE_train) / MSE_validation. Measured on the final model
 *       (run.json) and at the best epoch (history.csv);</li>
 *   <li><i>fit</i>: how much of the trivial predictor's training error the model removes —
 *       classification 1 − error_train / (1 − majority-class share), regression the training R².</li>
 * </ul>
 *
 * <p><b>Rules</b>, in order (the thresholds are the constants below):
 * <ol>
 *   <li>UNDERFITTING if fit &lt; {@value #MIN_FIT}: the model removes less than half of the trivial
 *       predictor's training error;</li>
 *   <li>OVERFITTING if the final gap ≥ {@value #GAP_CLASSIFICATION} accuracy
 *       ({@value #GAP_REGRESSION} relative MSE), or if the validation loss rose ≥
 *       {@value #MIN_RISE} × its minimum after the best epoch and the gap is at least half that
 *       threshold (a loss rise alone, with equal accuracy, is only a calibration change);</li>
 *   <li>UNDERFITTING if the run was still improving: the best epoch lies in the last
 *       {@value #LATE_FRACTION} of the epochs and the validation loss fell ≥
 *       {@value #STILL_IMPROVING} over the last quarter of the epochs (train longer);</li>
 *   <li>FINE otherwise.</li>
 * </ol>
 * Without validation rows the gap is measured against the test rows and there is no curve
 * evidence (rules 2 and 3 use the gap only).
 *
 * @param kind the verdict
 * @param reasons the rules that decided it, with their numbers
 * @param bestEpoch e* (0 without validation curve)
 * @param epochsRun epochs in the history
 * @param minValidationLoss L_min (NaN without validation curve)
 * @param endValidationLoss L_end
 * @param rise the rise after the minimum
 * @param gapAtBest the gap at e* (NaN when the history lacks the metrics)
 * @param gap the final model's gap
 * @param gapAgainst "validation" or "test"
 * @param fit the fit measure
 */
public record Verdict(Kind kind, List<String> reasons, int bestEpoch, int epochsRun, double minValidationLoss,
                      double endValidationLoss, double rise, double gapAtBest, double gap, String gapAgainst, double fit) {

    /** The verdicts. */
    public enum Kind {
        /** Fits the training data much better than held-out data. */
        OVERFITTING,
        /** Does not fit even the training data (or stopped while still improving). */
        UNDERFITTING,
        /** Neither. */
        FINE;

        /** @return the lower-case word */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Fit below which a run underfits. */
    public static final double MIN_FIT = 0.5;
    /** Train − validation accuracy at or above which a classifier overfits. */
    public static final double GAP_CLASSIFICATION = 0.05;
    /** Relative MSE gap at or above which a regressor overfits. */
    public static final double GAP_REGRESSION = 0.25;
    /** Relative validation-loss rise after the minimum that counts as "a minimum followed by a rise". */
    public static final double MIN_RISE = 0.10;
    /** Share of the last epochs in which a best epoch means "still improving". */
    public static final double LATE_FRACTION = 0.10;
    /** Relative validation-loss fall over the last quarter that means "still improving". */
    public static final double STILL_IMPROVING = 0.05;

    /**
     * @param record the run's run.json
     * @param history the run's history
     * @return the verdict
     */
    public static Verdict of(JsonNode record, HistoryTable history) {
        boolean classification = "CLASSIFICATION".equals(record.path("summary").path("task").asText());
        JsonNode metrics = record.path("metrics");
        String against = metrics.has("validation") ? "validation" : "test";
        double gap = gap(classification, metrics.path("train"), metrics.path(against));
        double fit = fit(classification, metrics.path("train"));

        double[] vl = history.column("validation_loss");
        int epochs = history.rows();
        int best = 0;
        double min = Double.NaN;
        double end = Double.NaN;
        double rise = Double.NaN;
        double gapAtBest = Double.NaN;
        double fallLastQuarter = Double.NaN;
        if (history.has("validation_loss")) {
            double[] smooth = smooth(vl, Math.max(1, epochs / 40));
            for (int i = 0; i < smooth.length; i++) {
                if (Double.isFinite(smooth[i]) && (Double.isNaN(min) || smooth[i] < min)) {
                    min = smooth[i];
                    best = i + 1;
                }
            }
            end = smooth[epochs - 1];
            rise = (end - min) / min;
            int quarter = Math.max(1, epochs / 4);
            double before = smooth[Math.max(0, epochs - 1 - quarter)];
            fallLastQuarter = (before - end) / before;
            String m = classification ? "accuracy" : "mse";
            double tr = history.column("train_" + m)[best - 1];
            double va = history.column("validation_" + m)[best - 1];
            gapAtBest = classification ? tr - va : (va - tr) / va;
        }

        double gapThreshold = classification ? GAP_CLASSIFICATION : GAP_REGRESSION;
        String gapText = classification
                ? String.format(Locale.ROOT, "train − %s accuracy = %.3f", against, gap)
                : String.format(Locale.ROOT, "(%s MSE − train MSE) / %s MSE = %.3f", against, against, gap);
        List<String> reasons = new ArrayList<>();
        Kind kind;
        if (fit < MIN_FIT) {
            kind = Kind.UNDERFITTING;
            reasons.add(String.format(Locale.ROOT, classification
                    ? "the model removes only %.0f%% of the majority-class guess's training error (threshold %.0f%%)"
                    : "training R² = %.3f, below %.2f: the model explains less than half of the training variance",
                    classification ? 100 * fit : fit, classification ? 100 * MIN_FIT : MIN_FIT));
        } else if (gap >= gapThreshold) {
            kind = Kind.OVERFITTING;
            reasons.add(gapText + String.format(Locale.ROOT, " ≥ %.2f", gapThreshold));
            if (rise >= MIN_RISE) {
                reasons.add(riseText(best, min, end, rise));
            }
        } else if (rise >= MIN_RISE && gap >= gapThreshold / 2) {
            kind = Kind.OVERFITTING;
            reasons.add(riseText(best, min, end, rise));
            reasons.add(gapText + String.format(Locale.ROOT, " ≥ %.3f (half the gap threshold)", gapThreshold / 2));
        } else if (best > 0 && best > epochs * (1 - LATE_FRACTION) && fallLastQuarter >= STILL_IMPROVING) {
            kind = Kind.UNDERFITTING;
            reasons.add(String.format(Locale.ROOT, "still improving: best epoch %d of %d, validation loss fell %.1f%% over the last quarter (≥ %.0f%%); train longer",
                    best, epochs, 100 * fallLastQuarter, 100 * STILL_IMPROVING));
        } else {
            kind = Kind.FINE;
            reasons.add(gapText + String.format(Locale.ROOT, " < %.2f", gapThreshold));
            if (best > 0) {
                reasons.add(String.format(Locale.ROOT, "validation loss %s after its minimum at epoch %d (rise %.1f%% < %.0f%%)",
                        rise > 0 ? "rose little" : "did not rise", best, 100 * rise, 100 * MIN_RISE));
            }
        }
        if (best == 0) {
            reasons.add("no validation curve (no validation rows): gap measured on " + against + ", no curve evidence");
        }
        return new Verdict(kind, reasons, best, epochs, min, end, rise, gapAtBest, gap, against, fit);
    }

    private static String riseText(int best, double min, double end, double rise) {
        return String.format(Locale.ROOT, "smoothed validation loss minimum %.4f at epoch %d followed by a rise to %.4f (+%.1f%% ≥ %.0f%%)",
                min, best, end, 100 * rise, 100 * MIN_RISE);
    }

    private static double gap(boolean classification, JsonNode train, JsonNode other) {
        if (classification) {
            return train.path("accuracy").asDouble(Double.NaN) - other.path("accuracy").asDouble(Double.NaN);
        }
        double tr = train.path("mse").asDouble(Double.NaN);
        double o = other.path("mse").asDouble(Double.NaN);
        return (o - tr) / o;
    }

    /** Share of the trivial predictor's training error the model removes (training R² for regression). */
    private static double fit(boolean classification, JsonNode train) {
        if (!classification) {
            return train.path("r2").asDouble(Double.NaN);
        }
        double rows = 0;
        double majority = 0;
        for (JsonNode c : train.path("perClass")) {
            double support = c.path("support").asDouble();
            rows += support;
            majority = Math.max(majority, support);
        }
        double trivialError = rows == 0 ? Double.NaN : 1 - majority / rows;
        double error = 1 - train.path("accuracy").asDouble(Double.NaN);
        return trivialError <= 0 ? 1.0 : 1 - error / trivialError;
    }

    /**
     * Centred moving average over 2h + 1 points (fewer at the ends), ignoring NaN.
     * @param v the values
     * @param h the half-width
     * @return the smoothed values
     */
    static double[] smooth(double[] v, int h) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - h); j <= Math.min(v.length - 1, i + h); j++) {
                if (Double.isFinite(v[j])) {
                    sum += v[j];
                    n++;
                }
            }
            out[i] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }
}
