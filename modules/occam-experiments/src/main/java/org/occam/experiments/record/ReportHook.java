package org.occam.experiments.record;

import org.occam.experiments.RunResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Writes human-readable reports beside run records and sweep results. The experiments module
 * knows no report format: implementations are found on the class path with {@link ServiceLoader}
 * (a {@code META-INF/services/org.occam.experiments.record.ReportHook} file), so the dependency
 * runs from the report module to the records and never back. With no implementation on the class
 * path, records are written without reports.
 * <p>
 * A failing hook never loses a run: {@link RunRecorder} logs the failure and writes the record
 * without the report, which {@code occam report RUN} can regenerate later.
 */
public interface ReportHook {
    /**
     * Writes the run report into a run directory that is still being assembled under its hidden
     * temporary name: {@code run.json}, {@code history.csv}, {@code model.tribuo} and
     * {@code config.xml} are complete; the directory is moved into place after this returns.
     * @param runDirectory the directory being assembled
     * @param result the run, in memory (data, partition and model)
     * @throws IOException if the report cannot be written
     */
    void writeRunReport(Path runDirectory, RunResult result) throws IOException;

    /**
     * Writes the run report, knowing where the record will end up: a report that names its own
     * directory (for example in a "regenerate with" line) names {@code finalDirectory}, never the
     * hidden staging directory. The default ignores it.
     * @param runDirectory the directory being assembled (hidden, moved into place afterwards)
     * @param finalDirectory the run directory the record is moved to, as the caller named it
     * @param result the run, in memory (data, partition and model)
     * @throws IOException if the report cannot be written
     */
    default void writeRunReport(Path runDirectory, Path finalDirectory, RunResult result) throws IOException {
        writeRunReport(runDirectory, result);
    }

    /**
     * Starts preparing, on a background thread, for the run report this hook is about to write
     * (called by {@code occam run} after the first epochs of training, once the JIT has compiled the
     * training kernels, so the preparation overlaps the rest of training on the second core): for example loading and initializing the drawing machinery. It writes nothing and
     * changes nothing a report contains; {@link #writeRunReport(Path, Path, RunResult)} waits for
     * it. The default prepares nothing.
     * @return the running preparation (the caller {@linkplain org.occam.experiments.Warmup#await()
     *         waits} for it on every path, also when no report is written), or null
     */
    default org.occam.experiments.Warmup prepareRunReport() {
        return null;
    }

    /**
     * Told once, when the run's model is trained and before it is evaluated and recorded: a hook
     * may start drawing, on a background thread, the parts of its run report that need only the
     * model and the data (so they overlap the evaluation and the record on the second core), and
     * {@link #writeRunReport(Path, Path, RunResult)} then uses them for this model. The report's
     * bytes must be the same as when everything is drawn by {@code writeRunReport}. The default
     * starts nothing.
     * @param trained the trained model, its data and split
     * @return the running work (the caller {@linkplain org.occam.experiments.Warmup#await() waits}
     *         for it on every path, also when no report is written), or null
     */
    default org.occam.experiments.Warmup modelTrained(org.occam.experiments.ExperimentRunner.Trained trained) {
        return null;
    }

    /**
     * Writes the sweep report into a sweep directory whose manifest and results are complete.
     * @param sweepDirectory the sweep directory ({@code sweep.json}, {@code results.json}, one run record per combination)
     * @throws IOException if the report cannot be written
     */
    void writeSweepReport(Path sweepDirectory) throws IOException;

    /**
     * Writes (or rewrites) the page over every run and sweep under a runs root; called after each
     * run and sweep is complete. Does nothing unless overridden.
     * @param runsRoot the runs root (e.g. {@code runs})
     * @throws IOException if the page cannot be written
     */
    default void writeIndex(Path runsRoot) throws IOException {
    }

    /**
     * Asks every hook to rewrite the runs index; a failure is logged (the run or sweep stands, and
     * {@code occam report --index} rewrites the page later), never thrown.
     * @param hooks the hooks
     * @param runsRoot the runs root
     */
    static void writeIndexes(List<ReportHook> hooks, Path runsRoot) {
        for (ReportHook hook : hooks) {
            try {
                hook.writeIndex(runsRoot);
            } catch (IOException | RuntimeException e) {
                java.util.logging.Logger.getLogger(ReportHook.class.getName()).warning("the runs index of " + runsRoot
                        + " was not written (occam report --index rewrites it): " + e.getMessage());
            }
        }
    }

    /**
     * @return every hook on the class path, in class-path order
     */
    static List<ReportHook> installed() {
        List<ReportHook> hooks = new ArrayList<>();
        ServiceLoader.load(ReportHook.class, ReportHook.class.getClassLoader()).forEach(hooks::add);
        return hooks;
    }
}
