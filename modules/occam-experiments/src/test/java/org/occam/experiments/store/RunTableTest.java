package org.occam.experiments.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.occam.experiments.store.SummaryBuilder.run;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunTableTest {

    private static final List<RunSummary> RUNS = List.of(
            run("moons-l2").penalties("L2", 0.01).seed(42).epochsRun(37).testAccuracy(0.935).gap(0.0125).build(),
            run("friedman-en").dataset("friedman").penalties("ElasticNet", 1e-7).seed(7).epochsRun(200)
                    .regression(0.25, 0.8123).build(),
            run("moons-mixed").penalties("L1,L2", 0.01, 0.001).epochsRun(5).build(),
            run("baseline").penalties("").seed(-1).testAccuracy(null).gap(null).build());

    @Test
    void everyLineHasTheSameWidthAndHeaderComesFirst() {
        List<String> lines = RunTable.format(RUNS).lines().toList();
        assertEquals(2 + RUNS.size(), lines.size());
        assertTrue(lines.get(0).startsWith("run id"), lines.get(0));
        List<String> headers = List.of("experiment", "created", "status", "dataset", "penalty", "λ", "conv", "seed",
                "val acc|MSE", "test acc|MSE");
        int at = 0;
        for (String header : headers) { // in this order
            int next = lines.get(0).indexOf(header, at);
            assertTrue(next > at, header + " in " + lines.get(0));
            at = next;
        }
        assertTrue(lines.get(1).matches("[- ]+"), lines.get(1));
        for (String line : lines) { // aligned: a line is as wide as the header unless its last cells are blank
            assertTrue(line.length() <= lines.get(0).length(), line);
            assertTrue(!line.endsWith(" "), "trailing space: [" + line + "]");
        }
        assertEquals(lines.get(0).length(), lines.get(2).length(), lines.get(2));
    }

    @Test
    void metricHeadersNameTheMetricOfASingleTask() {
        String classification = RunTable.format(List.of(RUNS.get(0))).lines().findFirst().orElseThrow();
        assertTrue(classification.endsWith("val acc test acc"), classification);
        String regression = RunTable.format(List.of(RUNS.get(1))).lines().findFirst().orElseThrow();
        assertTrue(regression.endsWith("val MSE test MSE"), regression);
    }

    @Test
    void aTypicalRowFitsIn120Columns() {
        RunSummary typical = run("20261202-065332-123-a1b2c3").experiment("moons-l2-keras").created("2026-12-02T06:53:32.123Z")
                .penalties("L2", 0.01).build();
        for (String line : RunTable.format(List.of(typical)).lines().toList()) {
            assertTrue(line.length() <= 120, line.length() + ": " + line);
        }
    }

    @Test
    void cellsShowValuesAndBlanksForNulls() {
        String table = RunTable.format(RUNS);
        List<String> lines = table.lines().toList();
        String header = lines.get(0);
        String l2 = lines.get(2);
        assertTrue(l2.startsWith("moons-l2 "), l2);
        for (String cell : List.of("moons-sweep", "2024-05-01 12:00", "FINISHED", "moons_n200", "L2", "0.01", "KERAS", "42",
                "0.9500", "0.9350")) {
            assertTrue(l2.contains(" " + cell + " ") || l2.endsWith(" " + cell), cell + " in " + l2);
        }
        String regression = lines.get(3);
        for (String cell : List.of("friedman", "ElasticNet", "1E-7", "0.2250", "0.2500")) {
            assertTrue(regression.contains(" " + cell + " ") || regression.endsWith(" " + cell), cell + " in " + regression);
        }
        assertTrue(lines.get(4).contains("0.01,0.001"), lines.get(4)); // several λs show the list
        String baseline = lines.get(5);
        assertTrue(baseline.contains(" none "), baseline);
        assertTrue(baseline.endsWith(" 0.9500"), baseline); // blank test metric: the line ends at the last value, no trailing spaces
        int lambdaEnd = header.indexOf("λ"); // right-aligned header: its last character
        assertEquals('1', l2.charAt(lambdaEnd), l2);
        assertEquals(' ', baseline.charAt(lambdaEnd), baseline);
    }

    @Test
    void statusShowsFailedAndDivergedRuns() {
        List<String> lines = RunTable.format(List.of(run("d").status(RunSummary.DIVERGED, "training diverged").testAccuracy(null).build(),
                run("f").status(RunSummary.FAILED, "bad").build())).lines().toList();
        int status = lines.get(0).indexOf("status");
        assertTrue(lines.get(2).startsWith("DIVERGED", status), lines.get(2));
        assertTrue(lines.get(3).startsWith("FAILED   ", status), lines.get(3));
    }

    @Test
    void emptyListGivesHeaderAndRule() {
        assertEquals(2, RunTable.format(List.of()).lines().count());
    }

    @Test
    void numbersAreShortAndExact() {
        assertEquals("0.01", RunTable.number(0.01));
        assertEquals("3", RunTable.number(3.0));
        assertEquals("1E-7", RunTable.number(1e-7));
        assertEquals("0.0001", RunTable.number(1e-4));
        assertEquals("0.000001", RunTable.number(1e-6));
        assertEquals("1.5E+12", RunTable.number(1.5e12));
        assertEquals("-2.5", RunTable.number(-2.5));
    }
}
