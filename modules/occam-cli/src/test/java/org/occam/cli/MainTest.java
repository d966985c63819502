package org.occam.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The occam executable has the experiments' commands and the report module's commands. */
class MainTest {
    @Test
    void helpListsEveryCommand() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute("--help"));
        } finally {
            System.setOut(old);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        for (String command : new String[]{"run", "sweep", "reproduce", "runs", "predict", "report", "compare", "tune"}) {
            assertTrue(help.contains("  " + command + " "), command + " missing from:\n" + help);
        }
    }

    @Test
    void reportOfSomethingThatIsNoRecordIsBadInput() {
        assertEquals(2, Main.execute("report", System.getProperty("java.io.tmpdir")));
    }

    /** report and compare use the same exit-code table as the experiments' commands. */
    @Test
    void compareOfDirectoriesThatAreNoRecordsIsBadInputOnOneLine(@TempDir java.nio.file.Path tmp) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute("compare", tmp.resolve("a").toString(), tmp.resolve("b").toString(), "--out", tmp.resolve("c").toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(org.occam.experiments.cli.ExitCode.BAD_INPUT.code(), code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().filter(l -> !l.isBlank()).count(), text);
        assertTrue(text.startsWith("occam compare: ") && text.contains("not a run directory") && !text.contains("\tat "), text);
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("c")), "compare wrote a report for nothing");
    }

    @Test
    void runWritesItsReportUnlessToldNotTo(@TempDir Path dir) throws Exception {
        String config = Paths.get(System.getProperty("occam.baseDir")).resolve("configs/iris.xml").toString();
        Path with = dir.resolve("with");
        Path without = dir.resolve("without");
        assertEquals(0, Main.execute("run", config, "--set", "trainer.epochs=1", "--out", with.toString(), "--quiet"));
        assertEquals(0, Main.execute("run", config, "--set", "trainer.epochs=1", "--out", without.toString(), "--quiet", "--no-reports"));
        Path withRecord = onlyRecord(with);
        Path withoutRecord = onlyRecord(without);
        assertTrue(Files.isRegularFile(withRecord.resolve("report.html")), "no report in " + withRecord);
        assertTrue(Files.isRegularFile(withoutRecord.resolve("run.json")), "no run.json in " + withoutRecord);
        assertTrue(Files.notExists(withoutRecord.resolve("report.html")) && Files.notExists(withoutRecord.resolve("report.md"))
                && Files.notExists(withoutRecord.resolve("report")), "--no-reports wrote a report in " + withoutRecord);
    }

    private static Path onlyRecord(Path runs) throws Exception {
        try (Stream<Path> s = Files.walk(runs)) {
            List<Path> records = s.filter(p -> Files.isRegularFile(p.resolve("run.json"))).toList();
            assertEquals(1, records.size(), () -> "records under " + runs + ": " + records);
            return records.get(0);
        }
    }
}
