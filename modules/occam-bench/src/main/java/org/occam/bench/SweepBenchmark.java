package org.occam.bench;

import org.occam.classification.MLPClassificationTrainer;
import org.occam.core.math.Gemm;
import org.occam.core.math.ThreadPolicy;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A λ sweep of {@code --runs} trainings (λ = alpha·2^i), first one after another, then on a pool of
 * {@code --pool} threads with single-threaded kernels: parallelism across runs rather than inside
 * small products. Prints one JSON line with both wall times, their ratio, and whether every run
 * gave the same parameters both ways.
 * <p>
 * Usage: {@code SweepBenchmark --data FILE [--runs 8] [--pool 2] [--epochs 10] ...} (the training
 * options of {@link MlpTrainingBenchmark}).
 */
public final class SweepBenchmark {
    private SweepBenchmark() {}

    /**
     * @param args see the class comment
     * @throws Exception on a bad file or a failed run
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchData.options(args, BenchData.defaults("data", "", "label", "label", "hidden", "128,128",
                "epochs", "10", "batch", "64", "lr", "0.01", "momentum", "0.9", "alpha", "1e-4", "seed", "1",
                "runs", "8", "pool", "2", "workload", ""));
        MutableDataset<Label> data = BenchData.load(Path.of(o.get("data")), o.get("label"));
        ThreadPolicy.setThreads(1);
        int runs = Integer.parseInt(o.get("runs"));
        int pool = Integer.parseInt(o.get("pool"));
        int epochs = Integer.parseInt(o.get("epochs"));
        MlpTrainingBenchmark.trainer(o, 1).train(data);          // JIT warm-up, untimed
        List<String> serial = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            serial.add(MlpTrainingBenchmark.parameterHash(run(o, data, i, epochs)));
        }
        double serialSeconds = (System.nanoTime() - t0) / 1e9;
        ExecutorService exec = Executors.newFixedThreadPool(pool);
        List<Future<Model<Label>>> futures = new ArrayList<>();
        long t1 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            int id = i;
            futures.add(exec.submit(() -> run(o, data, id, epochs)));
        }
        List<String> pooled = new ArrayList<>();
        for (Future<Model<Label>> f : futures) {
            pooled.add(MlpTrainingBenchmark.parameterHash(f.get()));
        }
        double poolSeconds = (System.nanoTime() - t1) / 1e9;
        exec.shutdown();
        System.out.println(String.format(Locale.ROOT,
                "{\"kind\":\"sweep\",\"workload\":\"%s\",\"runs\":%d,\"pool\":%d,\"serial_s\":%.3f,\"pool_s\":%.3f,"
                        + "\"ratio\":%.3f,\"same_parameters\":%b,\"rss_mib\":%.1f}",
                o.get("workload"), runs, pool, serialSeconds, poolSeconds, poolSeconds / serialSeconds,
                serial.equals(pooled), BenchData.peakRssMiB()));
    }

    private static Model<Label> run(Map<String, String> o, MutableDataset<Label> data, int i, int epochs) {
        Map<String, String> opts = new HashMap<>(o);
        opts.put("alpha", Double.toString(Double.parseDouble(o.get("alpha")) * Math.pow(2, i)));
        return MlpTrainingBenchmark.trainer(opts, epochs).train(data);
    }
}
