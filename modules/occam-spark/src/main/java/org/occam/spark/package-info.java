/**
 * Runs an Occam sweep's combinations as Apache Spark tasks ({@link org.occam.spark.SparkSweepEngine}):
 * one task per combination, configs sent as XML text and results returned as {@code run.json}
 * text, records written by the executors to a run root every executor reaches, store rows
 * inserted idempotently by the executors and checked (or, where an executor could not reach the
 * store, inserted) by the driver. {@code -Pspark-app} builds the application jar for
 * {@code spark-submit}.
 */
package org.occam.spark;
