package org.occam.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports of degenerate runs (see {@link DegenerateFixtures}) are complete, with every picture
 * drawn; a section or a report that cannot be written leaves a note or one WARNING line and
 * never fails the run; the "regenerate" line names the final run directory; a comparison
 * highlights the settings that differ.
 */
class DegenerateReportsTest {

    @Test
    void degenerateRunsGetCompleteReportsWithoutAWarning() throws IOException {
        DegenerateFixtures f = DegenerateFixtures.get();
        assertEquals(List.of(), f.warnings.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList(),
                "building the degenerate runs logged no warning");
        for (Path dir : f.reports()) {
            String html = Files.readString(dir.resolve(Page.HTML));
            assertFalse(html.contains("could not be drawn"), dir + ": a section was lost: " + html);
            try (Stream<Path> images = Files.list(dir.resolve(Page.IMAGES))) {
                List<Path> pngs = images.toList();
                assertTrue(pngs.size() >= 2, dir + " has pictures");
                for (Path png : pngs) {
                    ChartsTest.assertNonBlank(ChartsTest.decode(Files.readAllBytes(png)), png.toString());
                }
            }
        }
        // A hidden layer with min = q1 = median = q3 = 0 (the box plot case that crashed), drawn.
        String zero = Files.readString(f.zeroLayers.resolve(Page.MARKDOWN));
        assertTrue(java.util.regex.Pattern.compile("\\| hidden\\d\\.weight \\| \\d+ \\| 0\\.0000 \\| 0\\.0000 \\| 0\\.0000 \\| 0\\.0000 \\|")
                .matcher(zero).find(), zero);
        assertTrue(zero.contains("](report/weights-boxplot.png)") && zero.contains("](report/weights-histogram-hidden1.png)"), zero);
        assertTrue(Files.readString(f.regression.resolve(Page.MARKDOWN)).contains("](report/predicted-vs-actual.png)"));
        assertTrue(Files.readString(f.hugeFeature.resolve(Page.MARKDOWN)).contains("](report/decision-boundary.png)"));
    }

    @Test
    void regenerateLineNamesTheFinalRunDirectory() throws IOException {
        DegenerateFixtures f = DegenerateFixtures.get();
        List<Path> runs = new ArrayList<>(List.of(f.zeroLayers, f.oneEpoch, f.hugeFeature, f.regression));
        try (Stream<Path> s = Files.list(f.sweep)) {
            runs.addAll(s.filter(p -> Files.isRegularFile(p.resolve("run.json"))).toList());
        }
        assertTrue(runs.size() >= 6, runs.toString());
        for (Path run : runs) {
            String html = Files.readString(run.resolve(Page.HTML));
            String md = Files.readString(run.resolve(Page.MARKDOWN));
            assertTrue(md.contains("Regenerate this report with: occam report " + run + "\n"), run + ": " + md);
            assertTrue(html.contains("Regenerate this report with: occam report " + Html.escape(run.toString()) + "<"), run.toString());
            assertFalse(html.contains(".incomplete") || md.contains(".incomplete"), run + " names the staging directory");
        }
    }

    @Test
    void compareHighlightsTheSettingsThatDiffer() throws IOException {
        DegenerateFixtures f = DegenerateFixtures.get();
        String html = Files.readString(f.comparison.resolve(Page.HTML));
        String md = Files.readString(f.comparison.resolve(Page.MARKDOWN));
        // The two runs differ in λ (1 vs 0.001) and epochs (8 vs 1); seed, data and optimizer are the same.
        String settings = md.substring(md.indexOf("## Settings that differ"), md.indexOf("## Metrics"));
        assertTrue(settings.contains("| trainer.epochs | 8 | 1 |"), settings);
        assertTrue(settings.contains("| trainer.penalties[0].lambda | 1.0 | 0.001 |"), settings);
        assertFalse(settings.contains("trainer.seed") || settings.contains("learningRate") || settings.contains("data.path"), settings);
        String summaries = html.substring(html.indexOf("<h2>Summaries"), html.indexOf("<h2>Settings"));
        assertTrue(summaries.contains("<tr class=\"differs\"><td>λ</td>"), summaries);
        assertTrue(summaries.contains("<tr class=\"differs\"><td>epochs</td>"), summaries);
        assertTrue(summaries.contains("<tr><td>seed</td>") && summaries.contains("<tr><td>dataset</td>"), summaries);
        assertTrue(md.contains("| **λ** |"), md);
    }

    @Test
    void aSectionThatFailsLeavesANoteAndOneWarningLine() {
        List<LogRecord> records = new ArrayList<>();
        Handler h = collect(records);
        Logger logger = Logger.getLogger(RunReport.class.getName());
        logger.addHandler(h);
        try {
            Page page = new Page("t", "");
            RunReport.section(page, "weights", () -> {
                throw new IllegalArgumentException("Series name >whisker 1 0.0< has already been used");
            });
            assertTrue(page.html().contains("The weights section could not be drawn: Series name &gt;whisker 1 0.0&lt; has already been used"), page.html());
        } finally {
            logger.removeHandler(h);
        }
        assertEquals(1, records.size(), records.toString());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals(null, records.get(0).getThrown(), "no stack trace");
        assertFalse(records.get(0).getMessage().contains("\n"), records.get(0).getMessage());
        assertTrue(records.get(0).getMessage().contains("weights") && records.get(0).getMessage().contains("whisker"), records.get(0).getMessage());
    }

    @Test
    void aReportThatCannotBeWrittenNeverFailsTheSweepAndTheCommandFailsCleanly(@TempDir Path tmp) throws IOException {
        DegenerateFixtures f = DegenerateFixtures.get();
        Path sweep = copy(f.sweep, tmp.resolve("sweep"));
        String before = Files.readString(sweep.resolve(Page.HTML));
        // report.html cannot be replaced (a non-empty directory stands in its place): the last step of writing fails.
        Files.delete(sweep.resolve(Page.HTML));
        Files.createDirectories(sweep.resolve(Page.HTML).resolve("blocked"));
        List<LogRecord> records = new ArrayList<>();
        Handler h = collect(records);
        Logger.getLogger("").addHandler(h);
        try {
            new HtmlReportHook().writeSweepReport(sweep); // does not throw
        } finally {
            Logger.getLogger("").removeHandler(h);
        }
        assertEquals(1, records.size(), records.stream().map(LogRecord::getMessage).toList().toString());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals(null, records.get(0).getThrown(), "no stack trace");
        assertTrue(records.get(0).getMessage().contains("occam report " + sweep), records.get(0).getMessage());
        assertFalse(Files.exists(sweep.resolve(".report-incomplete")), "no staging directory left");
        assertTrue(before.contains("<h1>"));

        // The same failure through `occam report`: one line on stderr naming the directory, exit code 2, no trace.
        Path run = copy(f.oneEpoch, tmp.resolve("run"));
        Files.delete(run.resolve(Page.HTML));
        Files.createDirectories(run.resolve(Page.HTML).resolve("blocked"));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = ReportFixtures.occam("report", run.toString());
        } finally {
            System.setErr(err);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("occam report: ") && text.contains(run.toString()), text);
        assertFalse(text.contains("\tat ") || text.contains("Exception in"), text);
    }

    private static Handler collect(List<LogRecord> records) {
        return new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }
}
