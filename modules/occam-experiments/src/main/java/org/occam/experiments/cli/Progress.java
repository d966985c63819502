package org.occam.experiments.cli;

import org.occam.core.history.EpochRecord;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Epoch progress: a redrawn bar on a terminal, a plain line every tenth of the run otherwise,
 * nothing when quiet. Log records never break into the bar (see {@link ConsoleLog}).
 */
final class Progress implements Consumer<EpochRecord> {
    private final PrintStream out;
    private final int totalEpochs;
    private final boolean terminal;
    private final boolean quiet;

    Progress(PrintStream out, int totalEpochs, boolean quiet) {
        this(out, totalEpochs, quiet, System.console() != null);
    }

    Progress(PrintStream out, int totalEpochs, boolean quiet, boolean terminal) {
        this.out = out;
        this.totalEpochs = Math.max(1, totalEpochs);
        this.terminal = terminal;
        this.quiet = quiet;
    }

    @Override
    public void accept(EpochRecord r) {
        if (quiet) {
            return;
        }
        String stats = String.format(Locale.ROOT, "loss %.4f (data %.4f + penalty %.4f)", r.totalLoss(), r.dataLoss(), r.penaltyLoss());
        if (terminal) {
            int width = 30;
            int done = (int) Math.round(width * Math.min(1.0, (double) r.epoch() / totalEpochs));
            ConsoleLog.drawBar(out, "  epoch " + r.epoch() + "/" + totalEpochs + " [" + "#".repeat(done) + ".".repeat(width - done) + "] " + stats);
            if (r.epoch() >= totalEpochs) {
                ConsoleLog.endBar();
            }
        } else {
            int every = Math.max(1, totalEpochs / 10);
            if (r.epoch() % every == 0 || r.epoch() == 1 || r.epoch() == totalEpochs) {
                out.println("  epoch " + r.epoch() + "/" + totalEpochs + " " + stats);
            }
        }
    }

    /** Ends a bar that stopped early. */
    void finish() {
        if (terminal && !quiet) {
            ConsoleLog.endBar();
        }
    }
}
