package org.occam.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
        for (String command : new String[]{"run", "sweep", "reproduce", "runs", "predict", "report", "compare"}) {
            assertTrue(help.contains("  " + command + " "), command + " missing from:\n" + help);
        }
    }

    @Test
    void reportOfSomethingThatIsNoRecordIsBadInput() {
        assertEquals(2, Main.execute("report", System.getProperty("java.io.tmpdir")));
    }
}
