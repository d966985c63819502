package org.occam.experiments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * The {@code occam} command line: {@code run}, {@code sweep}, {@code reproduce}, {@code runs}, {@code predict},
 * plus the subcommands other modules add through {@link #execute(List, String...)} (the report
 * module's {@code report} and {@code compare}, wired in by {@code occam-cli}).
 * Quiet by default: a normal command writes nothing to stderr ({@link ConsoleLog}).
 * Exit codes: see {@link ExitCode} (0 success, 1 not reproduced, 2 bad input or usage, 3 training
 * diverged, 4 internal error). An error prints one line; an internal error also writes its stack
 * trace to a file the line names, never to the console.
 */
@Command(name = "occam", mixinStandardHelpOptions = true, versionProvider = OccamCommand.Version.class,
        description = "Train regularized neural networks on Tribuo and record every run as a provenance-audited experiment.")
public final class OccamCommand implements Runnable {
    /** Exit code for bad input or usage ({@link ExitCode#BAD_INPUT}). */
    public static final int BAD_INPUT = ExitCode.BAD_INPUT.code();
    /** Exit code for a failed reproduction ({@link ExitCode#NOT_REPRODUCED}). */
    public static final int MISMATCH = ExitCode.NOT_REPRODUCED.code();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Also log INFO lines (e.g. the GEMM backend) to stderr; the launcher then keeps the JVM's startup warnings too.")
    boolean verbose;

    @CommandLine.Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Occam's home: relative data paths in configs and the default runs/ and run store are under it "
                    + "(default: $OCCAM_HOME, else the launcher's project directory, else the working directory).")
    java.nio.file.Path home;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line without exiting (for tests).
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        return execute(List.of(), args);
    }

    /**
     * Runs the command line with extra subcommands (picocli {@code @Command} objects) without exiting.
     * @param extraSubcommands subcommands added after the built-in ones
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(List<Object> extraSubcommands, String... args) {
        ConsoleLog.install(verbose(args));
        String home = home(args);
        String previousHome = System.getProperty(org.occam.experiments.data.BaseDir.HOME_PROPERTY);
        if (home != null) {
            System.setProperty(org.occam.experiments.data.BaseDir.HOME_PROPERTY, java.nio.file.Paths.get(home).toAbsolutePath().toString());
        }
        try {
            return executeIn(extraSubcommands, args);
        } finally {
            if (home != null) {
                if (previousHome == null) {
                    System.clearProperty(org.occam.experiments.data.BaseDir.HOME_PROPERTY);
                } else {
                    System.setProperty(org.occam.experiments.data.BaseDir.HOME_PROPERTY, previousHome);
                }
            }
        }
    }

    private static int executeIn(List<Object> extraSubcommands, String... args) {
        CommandLine cl = new CommandLine(new OccamCommand());
        // Picocli reads every registered subcommand's options by reflection when it is added (about
        // 0.1 s of the main thread's start-up for all of them): "occam run ..." gets only its own.
        if (isRun(args)) {
            cl.addSubcommand(new RunCommand());
        } else {
            for (Object c : List.of(new RunCommand(), new SweepCommand(), new ReproduceCommand(), new RunsCommand(), new PredictCommand(),
                    new ExportCommand(), new CommandLine.HelpCommand())) {
                cl.addSubcommand(c);
            }
            extraSubcommands.forEach(cl::addSubcommand);
        }
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ExitCode code = ExitCode.of(e);
            String prefix = "occam " + commandLine.getCommandName() + ": ";
            if (code == ExitCode.INTERNAL_ERROR) {
                commandLine.getErr().println(prefix + "internal error: " + Errors.internal(e));
            } else {
                commandLine.getErr().println(prefix + Errors.describe(e));
            }
            return code.code();
        });
        cl.setExitCodeExceptionMapper(e -> ExitCode.of(e).code());
        return cl.execute(args);
    }

    /**
     * True when the command line is {@code run ...}: its first argument that is not one of the
     * top-level options ({@code --verbose}, {@code --home DIR}, {@code --home=DIR}) is {@code run}.
     * @param args the arguments
     * @return whether the subcommand is run
     */
    static boolean isRun(String... args) {
        for (int i = 0; i < args.length; i++) {
            if ("--verbose".equals(args[i]) || args[i].startsWith("--home=")) {
                continue;
            }
            if ("--home".equals(args[i])) {
                i++;
                continue;
            }
            return "run".equals(args[i]);
        }
        return false;
    }

    /** --verbose anywhere before a "--" (read before parsing, so that logging is set for everything that follows). */
    private static boolean verbose(String... args) {
        for (String a : args) {
            if ("--".equals(a)) {
                return false;
            }
            if ("--verbose".equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** The value of --home DIR or --home=DIR before a "--" (read before parsing: option defaults depend on it), else null. */
    private static String home(String... args) {
        for (int i = 0; i < args.length; i++) {
            if ("--".equals(args[i])) {
                return null;
            }
            if ("--home".equals(args[i]) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--home=")) {
                return args[i].substring("--home=".length());
            }
        }
        return null;
    }

    /** Reports Occam's build version and commit. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"occam " + org.occam.experiments.record.BuildInfo.version() + " (commit "
                    + org.occam.experiments.record.BuildInfo.commit() + ")"};
        }
    }
}
