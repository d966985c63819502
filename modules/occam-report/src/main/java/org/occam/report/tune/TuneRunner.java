package org.occam.report.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import org.occam.experiments.Experiment;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.data.DataException;
import org.occam.experiments.data.Hashing;
import org.occam.experiments.record.ReportHook;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.store.RunStore;
import org.occam.experiments.sweep.GridAxis;
import org.occam.experiments.sweep.SweepPlan;
import org.occam.experiments.sweep.SweepResults;
import org.occam.experiments.sweep.SweepRunner;
import org.occam.experiments.sweep.SweepSpec;
import org.occam.report.RecordedRun;
import org.occam.report.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Runs {@code occam tune}: the {@link TuneRule} walk, refinement and one-SE choice, where evaluating
 * a λ is an ordinary cross-validation sweep of one grid point ({@code --set PENALTY.lambda=λ},
 * K folds × N seeds over the non-test rows) run by {@link SweepRunner} — so every fold is a recorded,
 * stored run, and a killed tune resumes: the same command plans the same sweeps, finished runs are
 * kept, the walk replays its decisions from them.
 * <p>
 * The refit at the chosen λ trains on all non-test rows (the split's {@code validationFraction} set
 * to 0) and is recorded in {@code <tune dir>/refit/}; its test metrics are reported once and never
 * used to choose. The tune directory {@code <runs>/<experiment>/tune-<hash>/} holds
 * {@code tune.json} and the report ({@link TuneReport}).
 */
public final class TuneRunner {
    private static final Logger logger = Logger.getLogger(TuneRunner.class.getName());

    /** The file with the tune's steps, choice and refit. */
    public static final String TUNE_JSON = "tune.json";
    /** The refit's record directory inside the tune directory. */
    public static final String REFIT_DIR = "refit";

    private TuneRunner() {}

    /**
     * What to tune.
     * @param config the config file
     * @param overrides {@code --set} overrides for every run
     * @param penalty the penalty component whose {@code lambda} is tuned, or null to find the only one
     * @param folds K (≥ 2)
     * @param seeds trainer seeds per λ (≥ 1)
     * @param metric the CV metric, or empty for the task default
     * @param start λ₀, or NaN for the configured λ (0.01 when it is 0 or absent)
     * @param min the lower bound
     * @param max the upper bound
     */
    public record Spec(Path config, List<String> overrides, String penalty, int folds, int seeds, String metric,
                       double start, double min, double max) {
        /** Validates and copies. */
        public Spec {
            overrides = List.copyOf(overrides);
            if (folds < 2) {
                throw new DataException("--folds: tune chooses by cross-validation, expected K ≥ 2, found " + folds);
            }
            if (seeds < 1) {
                throw new DataException("--seeds: expected at least 1, found " + seeds);
            }
            metric = metric == null ? "" : metric;
        }
    }

    /**
     * One evaluated λ.
     * @param order when it was evaluated (1, 2, ...)
     * @param phase "walk" or "refine"
     * @param lambda λ
     * @param point its CV statistics
     * @param verdict the majority verdict of its runs
     * @param verdicts each run's verdict
     * @param sweepDirectory its sweep directory
     */
    public record Evaluated(int order, String phase, double lambda, TuneRule.Point point, Verdict.Kind verdict,
                            List<Verdict.Kind> verdicts, Path sweepDirectory) {}

    /**
     * What tune found.
     * @param directory the tune directory
     * @param penalty the tuned component
     * @param metric the metric name
     * @param higherIsBetter its direction
     * @param evaluated every λ in evaluation order
     * @param walk the walk
     * @param choice the one-SE choice
     * @param refit the refit's record directory
     * @param testMetrics the refit's test metrics
     * @param trainings trainings behind the result (K × N per λ, plus the refit)
     * @param failures runs that failed (id → message)
     */
    public record Outcome(Path directory, String penalty, String metric, boolean higherIsBetter, List<Evaluated> evaluated,
                          TuneRule.Walk walk, TuneRule.Choice choice, Path refit, Map<String, Double> testMetrics,
                          int trainings, Map<String, String> failures) {}

    /**
     * Runs (or resumes) a tune.
     * @param spec what to tune
     * @param runsRoot the runs root
     * @param store the run store
     * @param threads runs in parallel per λ
     * @param reports report hooks for every run
     * @return the outcome
     */
    public static Outcome run(Spec spec, Path runsRoot, RunStore store, int threads, List<ReportHook> reports) {
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(spec.config(), spec.overrides());
        ConfigurationManager cm = loaded.manager();
        String penalty = spec.penalty() != null ? spec.penalty() : onlyPenalty(cm, spec.config());
        if (!cm.getComponentNames().contains(penalty)) {
            throw new DataException("--penalty " + penalty + ": " + spec.config() + " has no such component; components are " + cm.getComponentNames());
        }
        double configured = ExperimentConfig.simpleValue(cm, penalty, "lambda").map(Double::parseDouble).orElse(0.0);
        for (String o : spec.overrides()) {
            if (o.startsWith(penalty + ".lambda=")) {
                configured = Double.parseDouble(o.substring(o.indexOf('=') + 1));
            }
        }
        double start = Double.isFinite(spec.start()) ? spec.start() : (configured > 0 ? configured : 0.01);
        TuneRule.checkRange(start, spec.min(), spec.max());
        String hash = Hashing.sha256("occam-tune/1\n" + loaded.configText() + "\n" + String.join("\n", spec.overrides())
                + "\n" + penalty + " " + spec.folds() + " " + spec.seeds() + " " + spec.metric() + " " + start + " "
                + spec.min() + " " + spec.max()).substring(0, 12);
        Path directory = runsRoot.resolve(loaded.experiment().name()).resolve("tune-" + hash);

        List<Evaluated> evaluated = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        boolean[] higher = {true};
        String[] metricName = {""};
        java.util.function.BiFunction<Double, String, Evaluated> evaluate = (lambda, phase) -> {
            for (Evaluated e : evaluated) {
                if (e.lambda() == lambda) {
                    return e;
                }
            }
            SweepSpec sweep = new SweepSpec(spec.config(), spec.overrides(),
                    List.of(GridAxis.parse(penalty + ".lambda=" + TuneRule.format(lambda))), spec.seeds(), spec.folds(), 1, spec.metric());
            SweepPlan plan = SweepPlan.of(sweep, runsRoot);
            SweepRunner.Outcome out = SweepRunner.run(plan, store, new SweepRunner.Options(threads, reports), new SweepRunner.Listener() { });
            out.failures().forEach((id, m) -> failures.put(plan.directory().getFileName() + "/" + id, m));
            if (!out.failures().isEmpty()) {
                throw new TuneFailedException(out.errors().values().iterator().next(), "λ = " + TuneRule.format(lambda) + ": "
                        + out.failures().size() + " run(s) failed, e.g. " + out.failures().values().iterator().next()
                        + "; run the same command again to retry them");
            }
            higher[0] = plan.selection().higherIsBetter();
            metricName[0] = plan.selection().name();
            SweepResults.Stat s = out.results().points().get(0).stats().get("validation." + plan.selection().name());
            List<Verdict.Kind> verdicts = new ArrayList<>();
            for (SweepPlan.Combination c : plan.combinations()) {
                verdicts.add(RecordedRun.open(plan.directory().resolve(c.id())).verdict().kind());
            }
            Evaluated e = new Evaluated(evaluated.size() + 1, phase, lambda,
                    new TuneRule.Point(lambda, s == null ? Double.NaN : s.mean(), s == null ? Double.NaN : s.std(), s == null ? 0 : s.n()),
                    TuneRule.majority(verdicts), List.copyOf(verdicts), plan.directory());
            evaluated.add(e);
            logger.info(() -> "tune: λ = " + TuneRule.format(lambda) + " " + e.verdict().word() + ", mean validation " + metricName[0]
                    + " " + e.point().mean());
            return e;
        };

        TuneRule.Walk walk = TuneRule.walk(start, spec.min(), spec.max(), l -> evaluate.apply(l, "walk").verdict());
        double[] bracket = walk.bracket();
        if (bracket.length == 2) {
            for (double l : TuneRule.refine(bracket[0], bracket[1], TuneRule.REFINE_POINTS)) {
                evaluate.apply(l, "refine");
            }
        }
        TuneRule.Choice choice = TuneRule.oneStandardError(evaluated.stream().map(Evaluated::point).toList(), higher[0]);

        Path refit = directory.resolve(REFIT_DIR);
        Map<String, Double> test = refit(spec, cm, penalty, choice.chosen().lambda(), refit, "tune-" + hash + "-refit", store, reports);
        int trainings = evaluated.size() * spec.folds() * spec.seeds() + 1;
        Outcome outcome = new Outcome(directory, penalty, metricName[0], higher[0], List.copyOf(evaluated), walk, choice, refit,
                test, trainings, failures);
        writeJson(outcome, spec);
        try {
            TuneReport.write(outcome, spec);
        } catch (IOException | RuntimeException e) {
            logger.warning("tune " + directory + ": the report was not written: " + e);
        }
        return outcome;
    }

    /** A run failed inside tune; the cause decides the exit code. */
    public static final class TuneFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TuneFailedException(Throwable cause, String message) {
            super(message, cause);
        }
    }

    private static String onlyPenalty(ConfigurationManager cm, Path config) {
        List<String> withLambda = new ArrayList<>();
        for (String name : cm.getComponentNames()) {
            Optional<com.oracle.labs.mlrg.olcut.config.ConfigurationData> cd = cm.getConfigurationData(name);
            if (cd.isPresent() && cd.get().getClassName().startsWith("org.occam.regularizers.penalty.")
                    && hasLambda(cd.get().getClassName())) {
                withLambda.add(name);
            }
        }
        if (withLambda.size() != 1) {
            throw new DataException(config + ": " + (withLambda.isEmpty() ? "no penalty component with a lambda"
                    : "several penalty components " + withLambda) + "; name the one to tune with --penalty COMPONENT");
        }
        return withLambda.get(0);
    }

    private static boolean hasLambda(String className) {
        try {
            Class<?> c = Class.forName(className, false, TuneRunner.class.getClassLoader());
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                    if (f.getName().equals("lambda")) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Trains once at λ on all non-test rows (validationFraction 0), records it, returns its test metrics. */
    private static Map<String, Double> refit(Spec spec, ConfigurationManager cm, String penalty, double lambda, Path dir,
                                             String runId, RunStore store, List<ReportHook> reports) {
        if (!RunRecords.isRecord(dir)) {
            List<String> overrides = new ArrayList<>(spec.overrides());
            overrides.add(penalty + ".lambda=" + TuneRule.format(lambda));
            String split = ExperimentConfig.simpleValue(cm, Experiment.COMPONENT, "split").orElse(null);
            if (split != null && cm.getComponentNames().contains(split) && hasField(cm, split, "validationFraction")) {
                overrides.add(split + ".validationFraction=0");
            }
            ExperimentConfig.Loaded l = ExperimentConfig.load(spec.config(), overrides);
            try {
                Files.createDirectories(dir.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir.getParent() + ": " + e.getMessage(), e);
            }
            if (RunRecords.isFailedRecord(dir)) {
                RunRecorder.deleteQuietly(dir); // an earlier refit failed: this one retries it
            }
            java.util.concurrent.atomic.AtomicReference<ExperimentRunner.Started> started = new java.util.concurrent.atomic.AtomicReference<>();
            long startNanos = System.nanoTime();
            RunResult result;
            try {
                result = ExperimentRunner.execute(l.experiment(), null, started::set);
            } catch (RuntimeException e) {
                if (started.get() != null) {
                    recordFailedRefit(l, started.get(), e, dir, runId, store, (System.nanoTime() - startNanos) / 1_000_000);
                }
                throw e;
            }
            RunRecorder.Written w = RunRecorder.write(result, l.effectiveConfigText(), dir, runId, reports);
            store.delete(runId);
            store.insert(w.summary(), w.provenanceJson());
        } else if (store.find(runId).isEmpty()) {
            store.insert(RunRecords.summary(dir), RunRecords.provenanceJson(dir));
        }
        Map<String, Double> test = new LinkedHashMap<>();
        RunRecords.read(dir).path("metrics").path("test").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                test.put(e.getKey(), e.getValue().asDouble());
            }
        });
        return test;
    }

    /**
     * Records a refit that failed after its training started, like {@code run} and {@code sweep} do:
     * its directory with the failed run's record and config, and a store row with status and reason.
     * A failure to record it is attached to the refit's error, which tune still reports.
     */
    private static void recordFailedRefit(ExperimentConfig.Loaded l, ExperimentRunner.Started started, RuntimeException error,
                                          Path dir, String runId, RunStore store, long wallMillis) {
        try {
            RunRecorder.Written w = RunRecorder.writeFailed(l.experiment(), started, error, l.effectiveConfigText(), dir, runId, wallMillis);
            try {
                store.delete(runId);
                store.insert(w.summary(), w.provenanceJson());
            } catch (RuntimeException e) {
                RunRecorder.deleteQuietly(w.directory());
                throw e;
            }
        } catch (RuntimeException e) {
            error.addSuppressed(e);
            logger.warning("tune refit " + dir + ": the failed run could not be recorded: " + e.getMessage());
        }
    }

    private static boolean hasField(ConfigurationManager cm, String component, String field) {
        return cm.getConfigurationData(component).map(cd -> {
            try {
                Class<?> c = Class.forName(cd.getClassName(), false, TuneRunner.class.getClassLoader());
                for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                    for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                        if (f.getName().equals(field)) {
                            return true;
                        }
                    }
                }
            } catch (ClassNotFoundException e) {
                return false;
            }
            return false;
        }).orElse(false);
    }

    private static void writeJson(Outcome o, Spec spec) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("config", spec.config().toString());
        root.put("penalty", o.penalty());
        root.put("folds", spec.folds());
        root.put("seeds", spec.seeds());
        root.put("metric", "validation " + o.metric());
        root.put("higherIsBetter", o.higherIsBetter());
        root.put("min", spec.min());
        root.put("max", spec.max());
        root.put("stop", o.walk().stop().name());
        root.put("stopReason", o.walk().explanation());
        ArrayNode steps = root.putArray("evaluated");
        for (Evaluated e : o.evaluated()) {
            ObjectNode s = steps.addObject();
            s.put("order", e.order());
            s.put("phase", e.phase());
            s.put("lambda", e.lambda());
            s.put("mean", e.point().mean());
            s.put("std", e.point().std());
            s.put("n", e.point().n());
            s.put("standardError", e.point().standardError());
            s.put("verdict", e.verdict().name());
            ArrayNode v = s.putArray("runVerdicts");
            e.verdicts().forEach(k -> v.add(k.name()));
            s.put("sweep", e.sweepDirectory().toString());
        }
        ObjectNode c = root.putObject("choice");
        c.put("rule", "one standard error: the largest λ whose mean is within one SE of the best");
        c.put("chosenLambda", o.choice().chosen().lambda());
        c.put("bestLambda", o.choice().best().lambda());
        c.put("bestMean", o.choice().best().mean());
        c.put("bestStandardError", o.choice().best().standardError());
        c.put("threshold", o.choice().threshold());
        ObjectNode r = root.putObject("refit");
        r.put("directory", o.refit().toString());
        ObjectNode t = r.putObject("test");
        o.testMetrics().forEach(t::put);
        root.put("trainings", o.trainings());
        try {
            Files.createDirectories(o.directory());
            Path tmp = o.directory().resolve(TUNE_JSON + ".tmp");
            Files.writeString(tmp, mapper.writeValueAsString(root));
            Files.move(tmp, o.directory().resolve(TUNE_JSON), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + o.directory().resolve(TUNE_JSON) + ": " + e.getMessage(), e);
        }
    }
}
