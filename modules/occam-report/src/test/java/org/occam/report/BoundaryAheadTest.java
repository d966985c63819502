package org.occam.report;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.Warmup;
import org.occam.experiments.record.RunRecorder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision boundary drawn ahead ({@link HtmlReportHook#modelTrained}, beside the run's
 * evaluation and record): the report that uses it is the report drawn on one thread, byte for
 * byte; it is used only for the very model, data and split it was drawn for; what drawing it threw
 * reaches the report as the section's note, as when drawn in place; and {@code occam run} leaves no
 * such thread running.
 */
class BoundaryAheadTest {
    @TempDir
    Path tmp;

    private String threads;

    @BeforeEach
    void twoThreads() {
        threads = System.getProperty("occam.report.threads");
        System.setProperty("occam.report.threads", "2"); // a one-processor machine would draw nothing ahead
    }

    @AfterEach
    void restore() {
        if (threads == null) {
            System.clearProperty("occam.report.threads");
        } else {
            System.setProperty("occam.report.threads", threads);
        }
    }

    /** A two-feature moons experiment (also {@link DirectGridPredictionTest}'s, with overrides). */
    static String config(int epochs) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                  <component name="experiment" type="org.occam.experiments.Experiment">
                    <property name="name" value="boundary-ahead"/>
                    <property name="data" value="data"/>
                    <property name="split" value="split"/>
                    <property name="standardizeFeatures" value="true"/>
                    <property name="trainer" value="trainer"/>
                  </component>
                  <component name="data" type="org.occam.experiments.data.MoonsData">
                    <property name="samples" value="160"/>
                    <property name="noise" value="0.3"/>
                  </component>
                  <component name="split" type="org.occam.experiments.data.FractionSplit">
                    <property name="validationFraction" value="0.25"/>
                    <property name="testFraction" value="0.25"/>
                  </component>
                  <component name="trainer" type="org.occam.classification.MLPClassificationTrainer">
                    <propertylist name="hiddenLayerSizes"><item>12</item><item>12</item></propertylist>
                    <property name="optimizer" value="optimizer"/>
                    <property name="epochs" value="%d"/>
                    <property name="minibatchSize" value="16"/>
                    <property name="seed" value="5"/>
                  </component>
                  <component name="optimizer" type="org.occam.core.optim.Sgd">
                    <property name="learningRate" value="0.1"/>
                    <property name="momentum" value="0.9"/>
                  </component>
                </config>
                """.formatted(epochs);
    }

    private record Trained(ExperimentConfig.Loaded loaded, RunResult result, ExperimentRunner.Trained trained) {}

    private Trained train(int epochs) throws IOException {
        Path config = Files.writeString(tmp.resolve("c" + epochs + ".xml"), config(epochs));
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(config, List.of());
        AtomicReference<ExperimentRunner.Trained> trained = new AtomicReference<>();
        RunResult result = ExperimentRunner.execute(loaded.experiment(), null, null, t -> {
            assertNull(trained.get(), "told once");
            trained.set(t);
        });
        assertNotNull(trained.get(), "the runner tells when the model is trained");
        assertTrue(trained.get().model() == result.model() && trained.get().data() == result.data()
                && trained.get().partition() == result.partition(), "the trained model is the run's");
        return new Trained(loaded, result, trained.get());
    }

    @Test
    void theReportWithTheBoundaryDrawnAheadIsTheReportDrawnOnOneThread() throws IOException {
        Trained t = train(12);
        HtmlReportHook hook = new HtmlReportHook();
        hook.prepareRunReport();
        Warmup ahead = hook.modelTrained(t.trained());
        assertNotNull(ahead, "a two-feature classifier's boundary is drawn ahead");
        RunRecorder.Written w = RunRecorder.write(t.result(), t.loaded().configText(),
                tmp.resolve("runs").resolve("boundary-ahead").resolve("r1"), "r1", List.of(hook));
        assertNull(ahead.await());

        Path sequential = Files.createDirectories(tmp.resolve("sequential"));
        RunReport.page(RecordedRun.open(w.directory()), 1).write(sequential);
        assertTrue(Files.isRegularFile(sequential.resolve(Page.IMAGES).resolve("decision-boundary.png")));
        assertSameReport(sequential, w.directory());
    }

    @Test
    void aBoundaryDrawnAheadIsUsedOnlyForItsOwnModel() throws IOException {
        Trained a = train(12);
        Trained other = train(1);
        // The two models' boundaries differ, so a report showing the wrong one would differ too.
        Path ownDir = Files.createDirectories(tmp.resolve("own"));
        RunRecorder.Written w = RunRecorder.write(a.result(), a.loaded().configText(),
                tmp.resolve("runs").resolve("boundary-ahead").resolve("r2"), "r2", List.of());
        RunReport.page(RecordedRun.open(w.directory()), 1).write(ownDir);
        byte[] own = Files.readAllBytes(ownDir.resolve(Page.IMAGES).resolve("decision-boundary.png"));
        byte[] others = RunReport.boundaryFigure(other.result().model(), RunRows.of(other.result().data(), other.result().partition())).png();
        assertFalse(java.util.Arrays.equals(own, others), "the fixture's two boundaries look different");

        HtmlReportHook hook = new HtmlReportHook();
        assertNull(hook.modelTrained(other.trained()).await());
        Path staged = copyRecord(w.directory(), tmp.resolve("staged"));
        hook.writeRunReport(staged, staged, a.result());
        assertArrayEquals(own, Files.readAllBytes(staged.resolve(Page.IMAGES).resolve("decision-boundary.png")),
                "another model's boundary is not used");
    }

    @Test
    void theFigureDrawnAheadIsTheOneTheReportShows() throws IOException {
        Trained a = train(12);
        RunRecorder.Written w = RunRecorder.write(a.result(), a.loaded().configText(),
                tmp.resolve("runs").resolve("boundary-ahead").resolve("r3"), "r3", List.of());
        RunRows rows = RunRows.of(a.result().data(), a.result().partition());
        DecisionBoundary b = DecisionBoundary.evaluate(a.result().model(), rows, DecisionBoundary.RESOLUTION);
        byte[] planted = Charts.png(Charts.decisionBoundary(b, rows, "planted", 200, 200, false));
        FutureTask<RunReport.BoundaryFigure> ahead = new FutureTask<>(() -> new RunReport.BoundaryFigure(b, planted));
        ahead.run();
        Page page = RunReport.page(RecordedRun.open(w.directory()).withBoundaryAhead(ahead), 2);
        Path out = Files.createDirectories(tmp.resolve("planted"));
        page.write(out);
        assertArrayEquals(planted, Files.readAllBytes(out.resolve(Page.IMAGES).resolve("decision-boundary.png")));
    }

    @Test
    void whatDrawingAheadThrewBecomesTheSectionsNote() throws IOException {
        Trained a = train(12);
        RunRecorder.Written w = RunRecorder.write(a.result(), a.loaded().configText(),
                tmp.resolve("runs").resolve("boundary-ahead").resolve("r4"), "r4", List.of());
        FutureTask<RunReport.BoundaryFigure> ahead = new FutureTask<>(() -> {
            throw new IllegalArgumentException("no grid here");
        });
        ahead.run();
        Page page = RunReport.page(RecordedRun.open(w.directory()).withBoundaryAhead(ahead), 2);
        assertTrue(page.html().contains("The predictions section could not be drawn") && page.html().contains("no grid here"), page.html());
        assertFalse(page.imageFiles().contains("decision-boundary.png"), page.imageFiles()::toString);
        assertTrue(page.imageFiles().contains("learning-curves.png"), "the other sections are drawn");
    }

    @Test
    void occamRunLeavesNoThreadDrawingAhead() throws IOException {
        Path config = Files.writeString(tmp.resolve("run.xml"), config(4));
        Path runs = tmp.resolve("runs-cli");
        assertEquals(0, ReportFixtures.occam("run", config.toString(), "--out", runs.toString(), "--quiet"));
        Set<String> alive = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("occam-report-ahead") && t.isAlive()) {
                alive.add(t.getName());
            }
        }
        assertEquals(Set.of(), alive);
        try (Stream<Path> s = Files.list(runs.resolve("boundary-ahead"))) {
            Path run = s.filter(Files::isDirectory).findFirst().orElseThrow();
            String html = Files.readString(run.resolve(Page.HTML), StandardCharsets.UTF_8);
            assertTrue(html.contains("decision-boundary.png"), "the run's report shows its boundary");
        }
    }

    private static Path copyRecord(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of(RunRecorder.RUN_JSON, RunRecorder.HISTORY_CSV, RunRecorder.MODEL_FILE, RunRecorder.CONFIG_FILE)) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
        return to;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
            out.sort(null);
            return out;
        }
    }

    /** The report files of {@code expected} (HTML, Markdown, images) are in {@code actual} with the same bytes. */
    private static void assertSameReport(Path expected, Path actual) throws IOException {
        List<String> want = files(expected);
        List<String> have = new ArrayList<>(files(actual));
        have.removeIf(f -> !want.contains(f) && !f.startsWith(Page.IMAGES + "/"));
        assertEquals(want, have, actual.toString());
        for (String f : want) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), actual + ": " + f);
        }
    }
}
