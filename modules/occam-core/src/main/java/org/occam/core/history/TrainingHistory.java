package org.occam.core.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a training run: one {@link EpochRecord} per epoch, why training stopped, and for
 * each penalty the exact list of tensors it touched (the scope audit).
 */
public final class TrainingHistory implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final List<EpochRecord> epochs = new ArrayList<>();
    private final Map<String, List<String>> penalizedTensors = new LinkedHashMap<>();
    private String stopReason = "";

    /** Creates an empty history. */
    public TrainingHistory() {}

    /** @param record the epoch to append */
    public void add(EpochRecord record) {
        epochs.add(record);
    }

    /** @return the epochs, in order */
    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** @return the number of epochs run */
    public int epochsRun() {
        return epochs.size();
    }

    /** @return the last epoch, or null if none ran */
    public EpochRecord last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /**
     * @param penalty the penalty's name
     * @param tensors the names of the tensors it applies to
     */
    public void putPenalizedTensors(String penalty, List<String> tensors) {
        penalizedTensors.put(penalty, List.copyOf(tensors));
    }

    /** @return penalty name → names of the tensors it penalized */
    public Map<String, List<String>> penalizedTensors() {
        return Collections.unmodifiableMap(penalizedTensors);
    }

    /** @return why training stopped, e.g. "completed 100 epochs" */
    public String stopReason() {
        return stopReason;
    }

    /** @param reason why training stopped */
    public void setStopReason(String reason) {
        this.stopReason = reason;
    }
}
