/**
 * Benchmarks, never run by the test suite: JMH kernel benchmarks ({@link org.occam.bench.GemmBenchmark},
 * {@link org.occam.bench.TrainStepBenchmark}; {@code evaluation/bench/jmh.sh}) and the plain mains
 * that {@code evaluation/bench/run.sh} calls for the cross-framework comparison
 * ({@link org.occam.bench.MlpTrainingBenchmark}, {@link org.occam.bench.SweepBenchmark},
 * {@link org.occam.bench.GemmThroughput}).
 */
package org.occam.bench;
