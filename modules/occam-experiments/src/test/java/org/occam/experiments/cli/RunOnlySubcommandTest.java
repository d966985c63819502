package org.occam.experiments.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code occam run ...} builds only the run subcommand ({@link OccamCommand#isRun}); every other
 * command line gets all of them, in the order the top-level help lists them.
 */
class RunOnlySubcommandTest {
    @Test
    void theRunSubcommandIsFoundPastTheTopLevelOptions() {
        assertTrue(OccamCommand.isRun("run", "c.xml"));
        assertTrue(OccamCommand.isRun("--verbose", "run", "c.xml"));
        assertTrue(OccamCommand.isRun("--home", "/tmp/h", "run"));
        assertTrue(OccamCommand.isRun("--home=/tmp/h", "--verbose", "run", "--help"));
        assertFalse(OccamCommand.isRun());
        assertFalse(OccamCommand.isRun("--home", "run"), "run is --home's value here");
        assertFalse(OccamCommand.isRun("runs", "list"));
        assertFalse(OccamCommand.isRun("help", "run"));
        assertFalse(OccamCommand.isRun("--help", "run"));
        assertFalse(OccamCommand.isRun("sweep", "run"));
    }

    @Test
    void theTopLevelHelpStillListsEverySubcommandInOrder() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code());
        int last = -1;
        for (String c : new String[]{"run", "sweep", "reproduce", "runs", "predict", "export", "help"}) {
            int at = r.out().indexOf("\n  " + c + " ");
            assertTrue(at > last, c + " listed after the previous one: " + r.out());
            last = at;
        }
        Cli.Result help = Cli.run("help", "run");
        Cli.Result direct = Cli.run("run", "--help");
        assertEquals(0, direct.code());
        assertEquals(help.out(), direct.out(), "run's usage is the same with or without its siblings");
        assertTrue(direct.out().startsWith("Usage: occam run"), direct.out());
    }
}
