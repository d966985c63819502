package org.occam.regularizers.control;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.occam.core.history.EpochRecord;
import org.occam.core.math.Matrix;
import org.occam.core.nn.Network;
import org.occam.core.spi.StoppingRule;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Early stopping (hook 8): stops when the monitored quantity has not improved by more than
 * {@code minDelta} for {@code patience} consecutive epochs, counting from {@code startEpoch}, and by
 * default restores the weights of the best epoch (Keras {@code EarlyStopping(restore_best_weights=True)}
 * — Keras' default is False; Occam's is true, as DESIGN §4 asks).
 * <p>
 * Monitors: {@code validation_loss} (default), {@code train_loss} (data loss), {@code total_loss}
 * (data + penalties), {@code validation_<metric>} and {@code train_<metric>} for the task metrics of
 * the history (e.g. {@code validation_accuracy}, {@code validation_mse}). {@code mode} says whether
 * smaller (MIN) or larger (MAX) is better; there is no automatic guess, and accuracy with MIN or a
 * loss with MAX is rejected. Validation monitors need validation data: the trainer holds out
 * {@code validationFraction} of the training rows (seeded) when it is not given any.
 * Improvement means {@code value < best − minDelta} (MIN) or {@code value > best + minDelta} (MAX).
 * <pre>
 * Prechelt, "Early Stopping — But When?", Neural Networks: Tricks of the Trade, 1998.
 * </pre>
 */
public final class EarlyStopping implements StoppingRule {
    /** Which direction is better. */
    public enum Direction {
        /** Smaller is better (losses, MSE). */
        MIN,
        /** Larger is better (accuracy). */
        MAX
    }

    @Config(description = "Quantity to monitor: validation_loss, train_loss, total_loss, validation_<metric> or train_<metric>.")
    private String monitor = "validation_loss";

    @Config(description = "MIN if smaller is better, MAX if larger is better.")
    private Direction mode = Direction.MIN;

    @Config(description = "Stop after this many consecutive epochs without improvement (≥ 0; Keras semantics).")
    private int patience = 10;

    @Config(description = "Minimum change that counts as an improvement (≥ 0).")
    private double minDelta = 0.0;

    @Config(description = "First epoch (1-based) at which the rule may stop training (≥ 1).")
    private int startEpoch = 1;

    @Config(description = "Fraction of the training rows held out as validation data when the trainer gets none, in [0, 1).")
    private double validationFraction = 0.2;

    @Config(description = "Restore the weights of the best epoch when training ends.")
    private boolean restoreBestWeights = true;

    /** For OLCUT. */
    private EarlyStopping() {}

    /**
     * @param monitor the monitored quantity
     * @param mode MIN or MAX
     * @param patience epochs without improvement
     * @param minDelta minimum improvement
     * @param startEpoch first epoch that may stop
     * @param validationFraction validation hold-out when none is given
     * @param restoreBestWeights restore the best weights at the end
     */
    public EarlyStopping(String monitor, Direction mode, int patience, double minDelta, int startEpoch,
                         double validationFraction, boolean restoreBestWeights) {
        this.monitor = monitor;
        this.mode = mode;
        this.patience = patience;
        this.minDelta = minDelta;
        this.startEpoch = startEpoch;
        this.validationFraction = validationFraction;
        this.restoreBestWeights = restoreBestWeights;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (monitor == null || !(monitor.equals("validation_loss") || monitor.equals("train_loss") || monitor.equals("total_loss")
                || (monitor.startsWith("validation_") && monitor.length() > 11) || (monitor.startsWith("train_") && monitor.length() > 6))) {
            throw new PropertyException("", "monitor", "expected validation_loss, train_loss, total_loss, validation_<metric> or train_<metric>, found " + monitor);
        }
        if (mode == null) {
            throw new PropertyException("", "mode", "expected MIN or MAX, found null");
        }
        boolean lossLike = monitor.endsWith("_loss") || monitor.endsWith("_mse");
        boolean scoreLike = monitor.endsWith("_accuracy");
        if ((lossLike && mode == Direction.MAX) || (scoreLike && mode == Direction.MIN)) {
            throw new PropertyException("", "mode", "monitor " + monitor + " improves in the other direction; found mode " + mode);
        }
        if (patience < 0) {
            throw new PropertyException("", "patience", "expected patience ≥ 0, found " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new PropertyException("", "minDelta", "expected a finite minDelta ≥ 0, found " + minDelta);
        }
        if (startEpoch < 1) {
            throw new PropertyException("", "startEpoch", "expected startEpoch ≥ 1, found " + startEpoch);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new PropertyException("", "validationFraction", "expected validationFraction in [0, 1), found " + validationFraction);
        }
        // validation monitors with validationFraction 0 need explicit validation data; checked at the first epoch
    }

    @Override
    public double validationFraction() {
        return monitor.startsWith("validation_") ? validationFraction : 0.0;
    }

    /**
     * Reads the monitored value from an epoch record.
     * @param monitor the monitor name
     * @param r the record
     * @return the value
     */
    static double read(String monitor, EpochRecord r) {
        switch (monitor) {
            case "validation_loss":
                if (Double.isNaN(r.validationLoss())) {
                    throw new PropertyException("EarlyStopping", "monitor", "EarlyStopping monitors validation_loss but the run has no validation data; "
                            + "set validationFraction > 0 or give the trainer validation data");
                }
                return r.validationLoss();
            case "train_loss":
                return r.dataLoss();
            case "total_loss":
                return r.totalLoss();
            default:
                boolean valid = monitor.startsWith("validation_");
                String metric = monitor.substring(valid ? 11 : 6);
                Map<String, Double> m = valid ? r.validationMetrics() : r.trainMetrics();
                Double v = m.get(metric);
                if (v == null) {
                    throw new PropertyException("EarlyStopping", "monitor", "EarlyStopping property 'monitor': the history has no " + monitor
                            + "; available: validation_loss, train_loss, total_loss, validation_" + r.validationMetrics().keySet()
                            + ", train_" + r.trainMetrics().keySet());
                }
                return v;
        }
    }

    @Override
    public StoppingMonitor start() {
        return new StoppingMonitor() {
            private double best = mode == Direction.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            private int bestEpoch = 0;
            private int wait = 0;
            private List<Matrix> bestWeights;

            @Override
            public Optional<String> afterEpoch(EpochRecord record, Network network) {
                double v = read(monitor, record);
                boolean improved = mode == Direction.MIN ? v < best - minDelta : v > best + minDelta;
                if (improved || bestEpoch == 0) {
                    best = v;
                    bestEpoch = record.epoch();
                    wait = 0;
                    if (restoreBestWeights) {
                        bestWeights = network.snapshot();
                    }
                    return Optional.empty();
                }
                wait++;
                if (record.epoch() >= startEpoch && wait >= patience) {
                    return Optional.of(String.format(Locale.ROOT,
                            "early stopping: %s did not improve by more than %s for %d epochs (best %.6g at epoch %d)",
                            monitor, minDelta, patience, best, bestEpoch));
                }
                return Optional.empty();
            }

            @Override
            public Optional<String> onTrainingEnd(Network network) {
                if (restoreBestWeights && bestWeights != null) {
                    network.restore(bestWeights);
                    return Optional.of("restored the weights of epoch " + bestEpoch);
                }
                return Optional.empty();
            }
        };
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "StoppingRule");
    }

    @Override
    public String toString() {
        return "EarlyStopping(monitor=" + monitor + ",mode=" + mode + ",patience=" + patience + ",minDelta=" + minDelta
                + ",startEpoch=" + startEpoch + ",validationFraction=" + validationFraction
                + ",restoreBestWeights=" + restoreBestWeights + ")";
    }
}
