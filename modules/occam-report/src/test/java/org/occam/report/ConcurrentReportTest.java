package org.occam.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run report whose charts are drawn on two threads is the same report, byte for byte (HTML,
 * Markdown and every PNG), as the one drawn on the calling thread alone, also while the report's
 * warm-up draws on another thread; and the report {@code occam run} writes (on the default thread
 * count, after its warm-up) is that report too.
 */
class ConcurrentReportTest {
    @TempDir
    Path tmp;

    @Test
    void chartsDrawnOnTwoThreadsGiveTheSameBytesAsOnOne() throws IOException {
        Path config = Files.writeString(tmp.resolve("moons.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                  <component name="experiment" type="org.occam.experiments.Experiment">
                    <property name="name" value="concurrent-report"/>
                    <property name="data" value="data"/>
                    <property name="split" value="split"/>
                    <property name="standardizeFeatures" value="true"/>
                    <property name="trainer" value="trainer"/>
                  </component>
                  <component name="data" type="org.occam.experiments.data.MoonsData">
                    <property name="samples" value="200"/>
                    <property name="noise" value="0.3"/>
                  </component>
                  <component name="split" type="org.occam.experiments.data.FractionSplit">
                    <property name="validationFraction" value="0.25"/>
                    <property name="testFraction" value="0.25"/>
                  </component>
                  <component name="trainer" type="org.occam.classification.MLPClassificationTrainer">
                    <propertylist name="hiddenLayerSizes"><item>16</item><item>16</item></propertylist>
                    <property name="optimizer" value="optimizer"/>
                    <property name="epochs" value="15"/>
                    <property name="minibatchSize" value="16"/>
                    <property name="seed" value="3"/>
                    <propertylist name="penalties"><item>l2</item></propertylist>
                  </component>
                  <component name="optimizer" type="org.occam.core.optim.Sgd">
                    <property name="learningRate" value="0.1"/>
                    <property name="momentum" value="0.9"/>
                  </component>
                  <component name="l2" type="org.occam.regularizers.penalty.L2">
                    <property name="lambda" value="0.01"/>
                    <property name="convention" value="KERAS"/>
                  </component>
                </config>
                """);
        Path runs = tmp.resolve("runs");
        ReportFixtures.check(ReportFixtures.occam("run", config.toString(), "--out", runs.toString(), "--quiet"), "run");
        Path run;
        try (Stream<Path> s = Files.list(runs.resolve("concurrent-report"))) {
            run = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }

        Path sequential = Files.createDirectories(tmp.resolve("sequential"));
        RunReport.page(RecordedRun.open(run), 1).write(sequential);
        List<String> files = files(sequential);
        assertTrue(files.contains("report/decision-boundary.png") && files.contains("report/learning-curves.png")
                && files.contains("report/weights-boxplot.png"), files::toString);
        // Several concurrent drawings, each from a fresh record, so a race has more than one chance to show.
        for (int i = 0; i < 3; i++) {
            Path concurrent = Files.createDirectories(tmp.resolve("concurrent" + i));
            RunReport.page(RecordedRun.open(run), 2).write(concurrent);
            assertSameFiles(sequential, concurrent);
        }
        // ... and while the report's warm-up draws its own charts on another thread (as occam run does).
        for (int i = 0; i < 3; i++) {
            Path warming = Files.createDirectories(tmp.resolve("warming" + i));
            org.occam.experiments.Warmup w = ReportWarmup.start();
            RunReport.page(RecordedRun.open(run), 2).write(warming);
            assertEquals(null, w.await());
            assertSameFiles(sequential, warming);
        }
        // occam run drew its report with the default thread count (2 on a machine with two processors or more).
        Path written = Files.createDirectories(tmp.resolve("written"));
        Files.copy(run.resolve(Page.HTML), written.resolve(Page.HTML));
        Files.copy(run.resolve(Page.MARKDOWN), written.resolve(Page.MARKDOWN));
        Files.createDirectories(written.resolve(Page.IMAGES));
        for (String f : files) {
            if (f.startsWith(Page.IMAGES + "/")) {
                Files.copy(run.resolve(f), written.resolve(f));
            }
        }
        assertSameFiles(sequential, written);
    }

    @Test
    void theDrawingThreadCountComesFromTheProperty() {
        String old = System.getProperty("occam.report.threads");
        try {
            System.setProperty("occam.report.threads", "1");
            assertEquals(1, RunReport.drawingThreads());
            System.setProperty("occam.report.threads", "0");
            assertEquals(1, RunReport.drawingThreads(), "at least one thread");
            System.clearProperty("occam.report.threads");
            assertEquals(Math.min(2, Runtime.getRuntime().availableProcessors()), RunReport.drawingThreads());
        } finally {
            if (old == null) {
                System.clearProperty("occam.report.threads");
            } else {
                System.setProperty("occam.report.threads", old);
            }
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
            out.sort(null);
            return out;
        }
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        assertEquals(files(expected), files(actual), actual.toString());
        for (String f : files(expected)) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), actual + ": " + f);
        }
    }
}
