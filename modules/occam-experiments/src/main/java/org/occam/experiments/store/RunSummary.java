package org.occam.experiments.store;

import java.time.Instant;

/**
 * The flat, typed summary of one run: what the run store keeps in its {@code runs} table and what
 * {@code occam runs} lists. Metrics are null when they do not apply (accuracy for regression) or
 * were not computed (no validation split).
 * @param runId unique run id (also the run directory name)
 * @param created when the run finished
 * @param experiment the experiment's name
 * @param configSha256 sha256 of the config file text
 * @param dataset the dataset's name (e.g. the CSV file name)
 * @param datasetSha256 sha256 of the data file, or of the generated data's description for generators
 * @param task CLASSIFICATION or REGRESSION
 * @param penaltyTypes the penalty class simple names, comma-separated in order ("" for none)
 * @param lambda the first penalty's λ, or null without penalties
 * @param lambdas every penalty's λ, comma-separated in order
 * @param convention the first penalty's λ convention, or null
 * @param seed the trainer seed
 * @param epochsRun epochs actually run
 * @param stopReason why training stopped
 * @param trainAccuracy accuracy on train
 * @param validationAccuracy accuracy on validation
 * @param testAccuracy accuracy on test
 * @param testMacroF1 macro-averaged F1 on test
 * @param trainMse mean squared error on train (averaged over output dimensions)
 * @param validationMse MSE on validation
 * @param testMse MSE on test
 * @param testR2 R² on test (averaged over output dimensions)
 * @param generalizationGap train − test accuracy (classification) or test − train MSE (regression)
 * @param recordPath path of the run directory
 * @param status how the run ended: {@link #FINISHED}, {@link #FAILED} or {@link #DIVERGED} (as MLflow's run status)
 * @param reason why a failed or diverged run stopped, one line; null for a finished run
 */
public record RunSummary(String runId, Instant created, String experiment, String configSha256, String dataset,
                         String datasetSha256, String task, String penaltyTypes, Double lambda, String lambdas,
                         String convention, long seed, int epochsRun, String stopReason,
                         Double trainAccuracy, Double validationAccuracy, Double testAccuracy, Double testMacroF1,
                         Double trainMse, Double validationMse, Double testMse, Double testR2,
                         Double generalizationGap, String recordPath, String status, String reason) {

    /** Status of a run that trained and was evaluated to the end. */
    public static final String FINISHED = "FINISHED";
    /** Status of a run that failed after its training had started (bad input found late, a bug). */
    public static final String FAILED = "FAILED";
    /** Status of a run whose training diverged (non-finite or exploding loss or parameters). */
    public static final String DIVERGED = "DIVERGED";
    /** The statuses, in this order. */
    public static final java.util.List<String> STATUSES = java.util.List.of(FINISHED, FAILED, DIVERGED);

    /**
     * A finished run's summary (status {@link #FINISHED}, no reason): the components of store
     * schema version 2, as before statuses were recorded.
     */
    public RunSummary(String runId, Instant created, String experiment, String configSha256, String dataset,
                      String datasetSha256, String task, String penaltyTypes, Double lambda, String lambdas,
                      String convention, long seed, int epochsRun, String stopReason,
                      Double trainAccuracy, Double validationAccuracy, Double testAccuracy, Double testMacroF1,
                      Double trainMse, Double validationMse, Double testMse, Double testR2,
                      Double generalizationGap, String recordPath) {
        this(runId, created, experiment, configSha256, dataset, datasetSha256, task, penaltyTypes, lambda, lambdas,
                convention, seed, epochsRun, stopReason, trainAccuracy, validationAccuracy, testAccuracy, testMacroF1,
                trainMse, validationMse, testMse, testR2, generalizationGap, recordPath, FINISHED, null);
    }

    /** @return true if the run finished (it has a model and metrics) */
    public boolean finished() {
        return FINISHED.equals(status);
    }
}
