package org.occam.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.occam.experiments.sweep.SweepRunner;

/**
 * {@code occam sweep --engine spark [--master URL]}: starts a Spark context (default master
 * {@code local[*]}; under {@code spark-submit} the submitted master wins) and stops it after the sweep.
 */
public final class SparkEngineProvider implements SweepRunner.EngineProvider {
    /** For the service loader. */
    public SparkEngineProvider() {}

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Opened start(String master) {
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        long start = System.nanoTime();
        JavaSparkContext context = new JavaSparkContext(SparkSweepEngine.conf(m));
        java.util.logging.Logger.getLogger(SparkEngineProvider.class.getName()).info(String.format(java.util.Locale.ROOT,
                "spark context on %s started in %.1f s (application %s)", context.master(), (System.nanoTime() - start) / 1e9,
                context.sc().applicationId()));
        return new Opened(new SparkSweepEngine(context), context::stop);
    }
}
