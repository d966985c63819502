package org.occam.experiments.cli;

import org.occam.experiments.data.BaseDir;
import org.occam.experiments.store.RunStore;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test support for the command line: runs {@link OccamCommand#execute} in-process with
 * {@code System.out} and {@code System.err} captured, finds the repository, reads configs, and
 * checks that a failed command left nothing behind.
 */
final class Cli {
    private Cli() {}

    static {
        // Bind java.util.logging's console handler to the real System.err before any capture, so
        // log records never end up in (or vanish with) a captured stream.
        Logger.getLogger("").getHandlers();
        repoRoot();
    }

    /**
     * What a command did.
     * @param code the exit code
     * @param out everything printed on standard output
     * @param err everything printed on standard error
     */
    record Result(int code, String out, String err) {
        /** @return the non-blank lines of standard error */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        /** @return the non-blank lines of standard output */
        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs the command line in this JVM.
     * @param args the arguments
     * @return exit code and captured output
     */
    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            code = OccamCommand.execute(args);
            o.flush();
            e.flush();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs a command that must succeed.
     * @param args the arguments
     * @return its output
     */
    static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + " failed:\n" + r);
        return r;
    }

    /**
     * The repository root: the {@code occam.baseDir} property the build sets, else the first
     * directory above the working directory with {@code configs/} and {@code datasets/}. Sets the
     * property when it was missing, so relative paths in configs resolve as in the launcher.
     * @return the root
     */
    static Path repoRoot() {
        String base = System.getProperty(BaseDir.PROPERTY);
        if (base != null && !base.isBlank()) {
            return Paths.get(base).toAbsolutePath();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("configs")) && Files.isDirectory(p.resolve("datasets"))) {
                System.setProperty(BaseDir.PROPERTY, p.toString());
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Paths.get("").toAbsolutePath());
    }

    /** @return the shipped configs, sorted by name */
    static List<Path> shippedConfigs() throws IOException {
        try (Stream<Path> s = Files.list(repoRoot().resolve("configs"))) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    /**
     * @param name a shipped config's file name
     * @return its path
     */
    static Path config(String name) {
        return repoRoot().resolve("configs").resolve(name);
    }

    /**
     * @param file a file
     * @return its SHA-256, lower-case hex, computed here (not with Occam's Hashing)
     */
    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * @param text a text
     * @return the SHA-256 of its UTF-8 bytes
     */
    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A config file read as plain XML (independently of OLCUT), to know what a run must record.
     */
    static final class XmlConfig {
        private final Document doc;

        XmlConfig(Path file) throws Exception {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        }

        /** @return the component element of that name */
        Element component(String name) {
            NodeList list = doc.getElementsByTagName("component");
            for (int i = 0; i < list.getLength(); i++) {
                Element e = (Element) list.item(i);
                if (e.getAttribute("name").equals(name)) {
                    return e;
                }
            }
            throw new AssertionError("no component " + name);
        }

        /** @return the component's class name */
        String type(String component) {
            return component(component).getAttribute("type");
        }

        /** @return the simple property's value, or null when the config does not set it */
        String property(String component, String property) {
            NodeList list = component(component).getElementsByTagName("property");
            for (int i = 0; i < list.getLength(); i++) {
                Element e = (Element) list.item(i);
                if (e.getAttribute("name").equals(property)) {
                    return e.getAttribute("value");
                }
            }
            return null;
        }

        /** @return the list property's items (empty when not set) */
        List<String> list(String component, String property) {
            List<String> out = new ArrayList<>();
            NodeList lists = component(component).getElementsByTagName("propertylist");
            for (int i = 0; i < lists.getLength(); i++) {
                Element l = (Element) lists.item(i);
                if (l.getAttribute("name").equals(property)) {
                    NodeList items = l.getElementsByTagName("item");
                    for (int k = 0; k < items.getLength(); k++) {
                        out.add(items.item(k).getTextContent().trim());
                    }
                }
            }
            return out;
        }
    }

    /**
     * Asserts a command failed with bad input: exit 2, exactly one line on stderr containing every
     * fragment, no run directory (nor temporary one) under {@code out}, and no store row.
     * @param r the result
     * @param out the --out directory the command was given (may not exist)
     * @param fragments what the line must mention (file, line, property ...)
     */
    static void assertBadInput(Result r, Path out, String... fragments) throws IOException {
        assertFailure(r, ExitCode.BAD_INPUT, out, fragments);
    }

    /**
     * Asserts a command failed with the given exit code: exactly one line on stderr containing
     * every fragment, no Java exception text, and nothing recorded under {@code out}.
     * @param r the result
     * @param code the expected exit code
     * @param out the --out directory the command was given (may not exist)
     * @param fragments what the line must mention
     */
    static void assertFailure(Result r, ExitCode code, Path out, String... fragments) throws IOException {
        assertEquals(code.code(), r.code(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "expected one line on stderr:\n" + r);
        String line = lines.get(0);
        for (String f : fragments) {
            assertTrue(line.contains(f), () -> "stderr line does not mention '" + f + "': " + line);
        }
        assertFalse(line.contains("Exception"), () -> "stderr shows a Java exception instead of a message: " + line);
        assertNothingRecorded(out);
    }

    /**
     * {@link #assertFailedRunRecorded(Path, RunStore, String, String...)} with the SQLite store {@code out/occam.db}.
     * @param out the runs root
     * @param status FAILED or DIVERGED
     * @param fragments what the reason must mention
     * @return the row
     */
    static org.occam.experiments.store.RunSummary assertFailedRunRecorded(Path out, String status, String... fragments) throws IOException {
        try (RunStore store = RunStore.open(out.resolve("occam.db"))) {
            return assertFailedRunRecorded(out, store, status, fragments);
        }
    }

    /**
     * Asserts a run failed after its training started and was recorded as such: exactly one run
     * directory under {@code out} ({@code <experiment>/<run id>/}) holding only
     * {@code failed-run.json} and {@code config.xml} (no model, no temporary directory), and exactly
     * one store row, with the given status, a reason containing every fragment, and that directory
     * as its record path.
     * @param out the runs root
     * @param store the store the command wrote to
     * @param status FAILED or DIVERGED
     * @param fragments what the reason must mention
     * @return the row
     */
    static org.occam.experiments.store.RunSummary assertFailedRunRecorded(Path out, RunStore store, String status, String... fragments)
            throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> all = s.filter(p -> !p.equals(out)).toList();
            assertEquals(List.of(), all.stream().filter(p -> p.getFileName().toString().startsWith(".incomplete-")).toList());
            dirs = all.stream().filter(p -> Files.isDirectory(p) && out.relativize(p).getNameCount() == 2).toList();
        }
        assertEquals(1, dirs.size(), dirs::toString);
        Path dir = dirs.get(0);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("config.xml", "failed-run.json"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        List<org.occam.experiments.store.RunSummary> rows = store.query(List.of());
        assertEquals(1, rows.size(), rows::toString);
        org.occam.experiments.store.RunSummary row = rows.get(0);
        assertEquals(status, row.status(), row::toString);
        assertEquals(dir.getFileName().toString(), row.runId());
        assertEquals(dir.toString(), row.recordPath());
        for (String f : fragments) {
            assertTrue(row.reason() != null && row.reason().contains(f), () -> "reason does not mention '" + f + "': " + row.reason());
        }
        assertFalse(row.reason().contains("\n"), row.reason());
        return row;
    }

    /**
     * Asserts no run directory, no temporary run directory and no store row exist under {@code out}.
     * @param out a runs root
     */
    static void assertNothingRecorded(Path out) throws IOException {
        if (out == null || !Files.exists(out)) {
            return;
        }
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> bad = s.filter(p -> !p.equals(out))
                    .filter(p -> p.getFileName().toString().startsWith(".incomplete-")
                            || (Files.isDirectory(p) && out.relativize(p).getNameCount() >= 2))
                    .toList();
            assertEquals(List.of(), bad, "a failed run left directories behind");
        }
        Path db = out.resolve("occam.db");
        if (Files.exists(db)) {
            try (RunStore store = RunStore.open(db)) {
                assertEquals(List.of(), store.query(List.of()), "a failed run left a store row");
            }
        }
    }

    /**
     * @param r the output of {@code run --quiet}
     * @return the record directory it printed
     */
    static Path recordDir(Result r) {
        List<String> lines = r.outLines();
        assertEquals(1, lines.size(), () -> "run --quiet must print only the record path:\n" + r);
        Path dir = Paths.get(lines.get(0));
        assertTrue(Files.isDirectory(dir), () -> "not a directory: " + dir);
        assertNotEquals("", dir.getFileName().toString());
        return dir;
    }
}
