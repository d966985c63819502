/**
 * Runs an Occam sweep's combinations as Apache Spark tasks ({@link org.occam.spark.SparkSweepEngine}):
 * one task per combination, configs sent as XML text and results returned as {@code run.json}
 * text, records written to a run root every executor reaches, store rows written by the driver.
 */
package org.occam.spark;
