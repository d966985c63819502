package org.occam.experiments.store;

import java.time.Instant;

/** Test fixture: a {@link RunSummary} with sensible classification defaults and fluent overrides. */
final class SummaryBuilder {
    String runId;
    Instant created = Instant.parse("2024-05-01T12:00:00Z");
    String experiment = "moons-sweep";
    String configSha256 = "c0ffee";
    String dataset = "moons_n200";
    String datasetSha256 = "da7a";
    String task = "CLASSIFICATION";
    String penaltyTypes = "L2";
    Double lambda = 0.01;
    String lambdas = "0.01";
    String convention = "KERAS";
    long seed = 42;
    int epochsRun = 30;
    String stopReason = "max epochs";
    Double trainAccuracy = 0.97;
    Double validationAccuracy = 0.95;
    Double testAccuracy = 0.94;
    Double testMacroF1 = 0.93;
    Double trainMse = null;
    Double validationMse = null;
    Double testMse = null;
    Double testR2 = null;
    Double generalizationGap = 0.03;
    String recordPath = "runs/moons-sweep/x";
    String status = RunSummary.FINISHED;
    String reason = null;

    SummaryBuilder(String runId) {
        this.runId = runId;
    }

    static SummaryBuilder run(String runId) {
        return new SummaryBuilder(runId);
    }

    SummaryBuilder created(String instant) { created = Instant.parse(instant); return this; }
    SummaryBuilder experiment(String v) { experiment = v; return this; }
    SummaryBuilder dataset(String v) { dataset = v; return this; }
    SummaryBuilder task(String v) { task = v; return this; }
    SummaryBuilder convention(String v) { convention = v; return this; }
    SummaryBuilder seed(long v) { seed = v; return this; }
    SummaryBuilder epochsRun(int v) { epochsRun = v; return this; }
    SummaryBuilder testAccuracy(Double v) { testAccuracy = v; return this; }
    SummaryBuilder gap(Double v) { generalizationGap = v; return this; }
    SummaryBuilder status(String v, String why) { status = v; reason = why; return this; }

    /** Penalty types with their λs, e.g. ("L1,L2", 0.01, 0.001); no λ means no penalty. */
    SummaryBuilder penalties(String types, double... values) {
        penaltyTypes = types;
        lambda = values.length == 0 ? null : values[0];
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(text.length() == 0 ? "" : ",").append(v);
        }
        lambdas = values.length == 0 ? null : text.toString();
        convention = values.length == 0 ? null : convention;
        return this;
    }

    /** Makes this a regression run: MSEs and R², no accuracies. */
    SummaryBuilder regression(double testMse, double testR2) {
        task = "REGRESSION";
        trainAccuracy = validationAccuracy = testAccuracy = testMacroF1 = null;
        trainMse = testMse * 0.8;
        validationMse = testMse * 0.9;
        this.testMse = testMse;
        this.testR2 = testR2;
        generalizationGap = testMse - trainMse;
        return this;
    }

    RunSummary build() {
        return new RunSummary(runId, created, experiment, configSha256, dataset, datasetSha256, task, penaltyTypes,
                lambda, lambdas, convention, seed, epochsRun, stopReason, trainAccuracy, validationAccuracy,
                testAccuracy, testMacroF1, trainMse, validationMse, testMse, testR2, generalizationGap, recordPath, status, reason);
    }
}
