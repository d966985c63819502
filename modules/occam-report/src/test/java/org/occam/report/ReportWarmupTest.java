package org.occam.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.occam.experiments.ExperimentConfig;
import org.occam.experiments.ExperimentRunner;
import org.occam.experiments.RunResult;
import org.occam.experiments.Warmup;
import org.occam.experiments.cli.ExitCode;
import org.occam.experiments.record.RunRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's warm-up (drawn while the run trains): it draws every kind of chart without
 * failing; a warm-up that failed never costs a report that can be drawn, and when the report
 * fails too its one warning line names the warm-up's error (the one met first); and {@code occam
 * run} leaves no warm-up running, whether the run finished or diverged.
 */
class ReportWarmupTest {
    @TempDir
    Path tmp;

    private static final String CONFIG = """
            <?xml version="1.0" encoding="UTF-8"?>
            <config>
              <component name="experiment" type="org.occam.experiments.Experiment">
                <property name="name" value="warmup-report"/>
                <property name="data" value="data"/>
                <property name="split" value="split"/>
                <property name="trainer" value="trainer"/>
              </component>
              <component name="data" type="org.occam.experiments.data.MoonsData">
                <property name="samples" value="120"/>
                <property name="noise" value="0.3"/>
              </component>
              <component name="split" type="org.occam.experiments.data.FractionSplit">
                <property name="validationFraction" value="0.25"/>
                <property name="testFraction" value="0.25"/>
              </component>
              <component name="trainer" type="org.occam.classification.MLPClassificationTrainer">
                <propertylist name="hiddenLayerSizes"><item>8</item></propertylist>
                <property name="optimizer" value="optimizer"/>
                <property name="epochs" value="3"/>
                <property name="minibatchSize" value="16"/>
                <property name="seed" value="2"/>
              </component>
              <component name="optimizer" type="org.occam.core.optim.Sgd">
                <property name="learningRate" value="0.1"/>
              </component>
            </config>
            """;

    private static final String NO_FONTS = "warm-up test: no fonts here";

    private static Warmup failing() {
        return Warmup.start("occam-test-warmup", () -> {
            throw new LinkageError(NO_FONTS);
        });
    }

    @Test
    void theWarmupDrawsEveryKindOfChart() {
        assertNull(ReportWarmup.start().await());
    }

    @Test
    void aFailedWarmupDoesNotCostAReportThatCanBeDrawn() throws IOException {
        Path config = Files.writeString(tmp.resolve("c.xml"), CONFIG);
        ExperimentConfig.Loaded loaded = ExperimentConfig.load(config, List.of());
        RunResult result = ExperimentRunner.execute(loaded.experiment(), null, null);
        HtmlReportHook hook = new HtmlReportHook(ReportWarmupTest::failing);
        hook.prepareRunReport();
        List<String> warnings = new ArrayList<>();
        RunRecorder.Written w = withWarnings(warnings, () -> RunRecorder.write(result, loaded.configText(),
                tmp.resolve("runs").resolve("warmup-report").resolve("r1"), "r1", List.of(hook)));
        assertTrue(Files.isRegularFile(w.directory().resolve(Page.HTML)), "no report written");
        assertTrue(Files.isRegularFile(w.directory().resolve(Page.IMAGES).resolve("learning-curves.png")), "no charts written");
        assertEquals(List.of(), warnings);
    }

    @Test
    void whenTheReportFailsTooTheWarningNamesTheWarmupsError() {
        Path empty = tmp.resolve("not-a-record"); // no run.json: the report cannot be drawn
        HtmlReportHook failed = new HtmlReportHook(ReportWarmupTest::failing);
        failed.prepareRunReport();
        List<String> warnings = new ArrayList<>();
        withWarnings(warnings, () -> {
            failed.writeRunReport(empty, tmp.resolve("final"), null);
            return null;
        });
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains(NO_FONTS) && warnings.get(0).contains("occam report " + tmp.resolve("final")), warnings::toString);

        HtmlReportHook fine = new HtmlReportHook(() -> Warmup.start("occam-test-warmup", () -> { }));
        fine.prepareRunReport();
        List<String> own = new ArrayList<>();
        withWarnings(own, () -> {
            fine.writeRunReport(empty, tmp.resolve("final"), null);
            return null;
        });
        assertEquals(1, own.size(), own::toString);
        assertFalse(own.get(0).contains(NO_FONTS), own::toString);
        assertTrue(own.get(0).contains("occam report " + tmp.resolve("final")), own::toString);
    }

    @Test
    void occamRunLeavesNoWarmupRunningWhetherTheRunFinishedOrDiverged() throws IOException {
        Path config = Files.writeString(tmp.resolve("c.xml"), CONFIG);
        Path runs = tmp.resolve("runs");
        assertEquals(0, ReportFixtures.occam("run", config.toString(), "--out", runs.toString(), "--quiet"));
        assertEquals(Set.of(), warmupThreads(), "after a finished run");
        assertEquals(ExitCode.DIVERGED.code(), ReportFixtures.occam("run", config.toString(), "--out", runs.toString(), "--quiet",
                "--set", "optimizer.learningRate=1e200"));
        assertEquals(Set.of(), warmupThreads(), "after a diverged run");
    }

    private static Set<String> warmupThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("occam-") && t.getName().endsWith("-warmup") && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static <T> T withWarnings(List<String> into, java.util.concurrent.Callable<T> body) {
        Logger logger = Logger.getLogger(HtmlReportHook.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                into.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(h);
        try {
            return body.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            logger.removeHandler(h);
        }
    }
}
