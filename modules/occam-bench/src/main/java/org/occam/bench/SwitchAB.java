package org.occam.bench;

import org.occam.classification.MLPClassificationTrainer;
import org.occam.core.math.ThreadPolicy;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An in-process paired A/B of one static boolean switch of the core (say
 * {@code org.occam.core.train.TrainingLoop.rememberSquares}): the benchmark training of
 * {@link MlpTrainingBenchmark} (same network, optimizer and penalty) run in ABBA order with the
 * switch set to true (A) and false (B), each training timed by this thread's CPU time (the machine
 * is shared, so wall time would carry the other processes), after warm-up trainings with both
 * settings. Prints the medians, the median of the pairwise ratios B/A, and each setting's
 * parameter hash (both must equal the benchmark's).
 * <p>
 * Usage: {@code SwitchAB --data FILE --switch CLASS.FIELD [--epochs 10] [--warmups 6] [--rounds 10]
 * [--threads 1]} and {@link MlpTrainingBenchmark}'s network options.
 */
public final class SwitchAB {
    private SwitchAB() {}

    /**
     * @param args see the class comment
     * @throws Exception on a bad file or switch
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchData.options(args, BenchData.defaults("data", "", "label", "label",
                "hidden", "128,128", "epochs", "10", "batch", "64", "lr", "0.01", "momentum", "0.9", "alpha", "1e-4",
                "threads", "1", "seed", "1", "switch", "", "warmups", "6", "rounds", "10"));
        MutableDataset<Label> data = BenchData.load(Path.of(o.get("data")), o.get("label"));
        ThreadPolicy.setThreads(Integer.parseInt(o.get("threads")));
        String sw = o.get("switch");
        Field field = Class.forName(sw.substring(0, sw.lastIndexOf('.'))).getDeclaredField(sw.substring(sw.lastIndexOf('.') + 1));
        field.setAccessible(true);
        int epochs = Integer.parseInt(o.get("epochs"));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] hash = new String[2];
        for (int i = 0; i < Integer.parseInt(o.get("warmups")); i++) {
            for (int v = 0; v < 2; v++) {
                field.setBoolean(null, v == 0);
                hash[v] = MlpTrainingBenchmark.parameterHash(MlpTrainingBenchmark.trainer(o, epochs).train(data));
            }
        }
        int rounds = Integer.parseInt(o.get("rounds"));
        List<double[]> times = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double[] t = new double[2];
            boolean[] order = r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true};
            for (boolean a : order) {
                field.setBoolean(null, a);
                MLPClassificationTrainer trainer = MlpTrainingBenchmark.trainer(o, epochs);
                long c0 = mx.getCurrentThreadCpuTime();
                Model<Label> model = trainer.train(data);
                t[a ? 0 : 1] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                String h = MlpTrainingBenchmark.parameterHash(model);
                if (!h.equals(hash[a ? 0 : 1])) {
                    throw new IllegalStateException("hash changed between trainings: " + h);
                }
            }
            times.add(t);
        }
        field.setBoolean(null, true);
        double[] a = times.stream().mapToDouble(t -> t[0]).toArray();
        double[] b = times.stream().mapToDouble(t -> t[1]).toArray();
        double[] ratio = times.stream().mapToDouble(t -> t[1] / t[0]).toArray();
        System.out.println(String.format(Locale.ROOT,
                "%s: A (true) median %.4f s CPU, B (false) median %.4f s CPU, median B/A %.4f (min %.4f, max %.4f), "
                        + "%d rounds ABBA of %d epochs; hashes A %s B %s",
                sw, median(a), median(b), median(ratio), Arrays.stream(ratio).min().orElse(0),
                Arrays.stream(ratio).max().orElse(0), rounds, epochs, hash[0], hash[1]));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
