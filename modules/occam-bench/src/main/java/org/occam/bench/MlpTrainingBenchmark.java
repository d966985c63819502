package org.occam.bench;

import org.occam.classification.MLPClassificationTrainer;
import org.occam.core.math.Gemm;
import org.occam.core.math.ThreadPolicy;
import org.occam.core.math.Matrix;
import org.occam.core.model.AbstractMLPModel;
import org.occam.core.nn.Activation;
import org.occam.core.nn.Initializer;
import org.occam.core.optim.Sgd;
import org.occam.core.spi.LambdaConvention;
import org.occam.core.train.PhaseTimes;
import org.occam.regularizers.penalty.L2;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Occam side of the cross-framework benchmark: loads a CSV into a Tribuo dataset, trains
 * {@link MLPClassificationTrainer} (ReLU hidden layers, SGD with momentum, L2 on the hidden weights
 * in scikit-learn's λ convention, no per-epoch training metrics) untimed until the JIT has warmed up
 * (short trainings, repeated while they still get faster) and then once timed, and prints one JSON line: samples per second of the timed {@code train()} call,
 * the process's peak resident memory, the training accuracy and a SHA-256 of the trained parameters
 * (equal across kernel thread counts), and which share of the training steps ran their two
 * data-parallel parts on two threads at once.
 * <p>
 * Usage: {@code MlpTrainingBenchmark --data FILE [--hidden 128,128] [--epochs 10] [--batch 64]
 * [--lr 0.01] [--momentum 0.9] [--alpha 1e-4] [--threads 1] [--seed 1] [--warmupEpochs 1] [--backOff true]}
 */
public final class MlpTrainingBenchmark {
    private MlpTrainingBenchmark() {}

    /**
     * @param args see the class comment
     * @throws Exception on a bad file
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchData.options(args, BenchData.defaults("data", "", "label", "label", "hidden", "128,128",
                "epochs", "10", "batch", "64", "lr", "0.01", "momentum", "0.9", "alpha", "1e-4", "threads", "1",
                "seed", "1", "warmupEpochs", "1", "workload", "", "backOff", "true"));
        MutableDataset<Label> data = BenchData.load(Path.of(o.get("data")), o.get("label"));
        int threads = Integer.parseInt(o.get("threads"));
        ThreadPolicy.setThreads(threads);
        ThreadPolicy.setBackOff(Boolean.parseBoolean(o.get("backOff")));
        int epochs = Integer.parseInt(o.get("epochs"));
        int warmup = Integer.parseInt(o.get("warmupEpochs"));
        int warmups = warmUp(o, data, warmup);
        MLPClassificationTrainer trainer = trainer(o, epochs);
        long pairs = ThreadPolicy.concurrentPairs();
        PhaseTimes.reset();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Model<Label> model = trainer.train(data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        long steps = (long) epochs * ((data.size() + batch(o) - 1) / batch(o));
        double twoThreadShare = (ThreadPolicy.concurrentPairs() - pairs) / (2.0 * steps);   // forward and backward: pairs per step
        double rss = BenchData.peakRssMiB();
        int correct = 0;
        for (Prediction<Label> p : model.predict(data)) {
            if (p.getOutput().getLabel().equals(p.getExample().getOutput().getLabel())) {
                correct++;
            }
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"framework\":\"occam\",\"workload\":\"%s\",\"threads\":%d,\"backend\":\"%s\",\"seconds\":%.4f,"
                        + "\"samples_per_s\":%.1f,\"rss_mib\":%.1f,\"train_accuracy\":%.4f,\"params_sha256\":\"%s\","
                        + "\"threads_backed_off\":%b,\"two_thread_steps\":%.3f,\"warmups\":%d,\"main_thread_cpu_s\":%.4f",
                o.get("workload"), threads, Gemm.backend().name(), seconds, (double) data.size() * epochs / seconds, rss,
                (double) correct / data.size(), parameterHash(model), ThreadPolicy.backedOff(), twoThreadShare, warmups, cpuSeconds)
                + phaseJson());
    }

    /**
     * Untimed warm-up trainings of {@code epochs} epochs each, repeated until they have run at least
     * {@value #MIN_WARMUP_STEPS} minibatch steps in all and the last one was not faster than the one
     * before by more than 10% (at most {@value #MAX_WARMUPS} trainings). The step count matters: with
     * fewer steps than C2's compile thresholds (5,000 invocations, 15,000 invocations plus loop
     * iterations) the training step itself is compiled inside the timed run, which then measures
     * the compiler (0.2–0.3 s of a 5 s run, measured on an AMD EPYC) instead of steady-state
     * training, the thing the peers' numbers (no JIT) are.
     * @return how many warm-up trainings ran
     */
    static int warmUp(Map<String, String> o, MutableDataset<Label> data, int epochs) {
        if (epochs <= 0) {
            return 0;
        }
        long stepsPerTraining = (long) epochs * ((data.size() + Integer.parseInt(o.get("batch")) - 1)
                / Integer.parseInt(o.get("batch")));
        long previous = Long.MAX_VALUE;
        for (int i = 1; i <= MAX_WARMUPS; i++) {
            long t0 = System.nanoTime();
            trainer(o, epochs).train(data);
            long t = System.nanoTime() - t0;
            if (t > 0.9 * previous && i * stepsPerTraining >= MIN_WARMUP_STEPS) {
                return i;
            }
            previous = Math.min(previous, t);
        }
        return MAX_WARMUPS;
    }

    private static final int MAX_WARMUPS = 40;
    private static final long MIN_WARMUP_STEPS = 16_000;

    /**
     * @return {@code }} alone, or, when the JVM runs with {@code -Doccam.phaseTimes=true}, the timed
     *         training's seconds per phase ({@link PhaseTimes}) as a {@code "phase_s"} object first
     */
    private static String phaseJson() {
        if (!PhaseTimes.ENABLED) {
            return "}";
        }
        StringBuilder sb = new StringBuilder(",\"phase_s\":{");
        for (PhaseTimes.Phase p : PhaseTimes.Phase.values()) {
            sb.append(p.ordinal() == 0 ? "" : ",").append('"').append(p.name().toLowerCase(Locale.ROOT)).append("\":")
                    .append(String.format(Locale.ROOT, "%.5f", PhaseTimes.nanos(p) / 1e9));
        }
        return sb.append("}}").toString();
    }

    private static int batch(Map<String, String> o) {
        return Integer.parseInt(o.get("batch"));
    }

    /** @return the benchmark trainer: the network, optimizer and penalty every framework trains */
    static MLPClassificationTrainer trainer(Map<String, String> o, int epochs) {
        String[] h = o.get("hidden").split(",");
        int[] hidden = new int[h.length];
        for (int i = 0; i < h.length; i++) {
            hidden[i] = Integer.parseInt(h[i].trim());
        }
        return MLPClassificationTrainer.builder()
                .hiddenLayerSizes(hidden)
                .activation(Activation.RELU)
                .initializer(Initializer.GLOROT_UNIFORM)
                .optimizer(new Sgd(Double.parseDouble(o.get("lr")), Double.parseDouble(o.get("momentum")), false))
                .penalties(new L2(Double.parseDouble(o.get("alpha")), LambdaConvention.SKLEARN))
                .epochs(epochs)
                .minibatchSize(Integer.parseInt(o.get("batch")))
                .seed(Long.parseLong(o.get("seed")))
                .trainMetricsEachEpoch(false)
                .build();
    }

    /** @return SHA-256 over every parameter value's bits, in the network's order */
    static String parameterHash(Model<Label> model) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Map<String, Matrix> params = ((AbstractMLPModel<Label>) model).parameterValues();
        for (String name : List.copyOf(params.keySet())) {
            md.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            double[] d = params.get(name).data();
            ByteBuffer buf = ByteBuffer.allocate(d.length * 8);
            for (double v : d) {
                buf.putLong(Double.doubleToRawLongBits(v));
            }
            md.update(buf.array());
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }
}
