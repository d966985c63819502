package org.occam.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.occam.experiments.record.RunRecorder;
import org.occam.experiments.record.RunRecords;
import org.occam.experiments.sweep.SweepManifest;
import org.occam.experiments.sweep.SweepResults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code runs/index.html}: one page over every run record and sweep under a runs root — experiment,
 * date, status, dataset, penalty, λ, convention, seed, validation and test metric, and links to each
 * report (or record) — sortable by any column and filterable by text in the page, with a small inline
 * script and nothing fetched from a network, so it opens from disk. Links are relative to the root.
 * <p>
 * A run is a directory holding {@code run.json} ({@code <root>/<experiment>/<run-id>/} or a sweep's
 * {@code <root>/<experiment>/sweep-<hash>/<combination>/}), or {@code failed-run.json} for a run
 * that failed or diverged after its training started: its status cell says FAILED or DIVERGED with
 * the reason as its tooltip (title), and it has no report link (there is no report); a sweep is a
 * directory holding {@code sweep.json}. Hidden directories (runs still being assembled) are left out. The page is
 * written to a temporary file and moved into place, so a reader never sees half a page.
 */
public final class RunsIndex {
    /** The page's file name in the runs root. */
    public static final String FILE = "index.html";

    private RunsIndex() {}

    /** One row of the page. */
    record Row(String kind, String experiment, String date, String status, String dataset, String penalty, String lambda,
               String convention, String seed, String metric, String validation, String test, String link, String record,
               String reason) {
        Row(String kind, String experiment, String date, String status, String dataset, String penalty, String lambda,
            String convention, String seed, String metric, String validation, String test, String link, String record) {
            this(kind, experiment, date, status, dataset, penalty, lambda, convention, seed, metric, validation, test, link, record, null);
        }

        /** @return true for a failed or diverged run: no report to link to */
        boolean failed() {
            return reason != null;
        }
    }

    /**
     * Writes (or rewrites) the index of a runs root.
     * @param root the runs root
     * @return the page written
     */
    public static Path write(Path root) {
        try {
            Files.createDirectories(root);
            List<Row> rows = rows(root);
            Path page = root.resolve(FILE);
            Path temp = Files.createTempFile(root, ".index-", ".html");
            try {
                Files.writeString(temp, html(rows), StandardCharsets.UTF_8);
                Files.move(temp, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    static List<Row> rows(Path root) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 4)) {
            for (Path f : files.filter(RunsIndex::visible).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals(RunRecorder.RUN_JSON)) {
                    rows.add(run(root, f.getParent()));
                } else if (name.equals(RunRecorder.FAILED_JSON)) {
                    rows.add(failed(root, f.getParent()));
                } else if (name.equals(SweepManifest.FILE)) {
                    rows.add(sweep(root, f.getParent()));
                }
            }
        }
        rows.sort(Comparator.comparing(Row::date).reversed());
        return rows;
    }

    private static boolean visible(Path p) {
        for (Path part : p) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static Row run(Path root, Path dir) {
        String link = link(root, dir);
        JsonNode r;
        try {
            r = RunRecords.read(dir);
        } catch (RuntimeException e) {
            return new Row("run", dir.getParent().getFileName().toString(), "", "unreadable run.json", "", "", "", "", "", "", "", "", link,
                    link(root, dir.resolve(RunRecorder.RUN_JSON)));
        }
        JsonNode s = r.path("summary");
        boolean classification = "CLASSIFICATION".equals(s.path("task").asText());
        String metric = classification ? "accuracy" : "mse";
        List<String> penalties = new ArrayList<>();
        List<String> lambdas = new ArrayList<>();
        List<String> conventions = new ArrayList<>();
        s.path("penalties").forEach(p -> {
            penalties.add(p.path("type").asText());
            lambdas.add(p.path("lambda").isNumber() ? Html.number(p.path("lambda").asDouble()) : "");
            if (!p.path("convention").asText().isEmpty() && !conventions.contains(p.path("convention").asText())) {
                conventions.add(p.path("convention").asText());
            }
        });
        if (penalties.isEmpty()) {
            s.path("penaltyTypes").forEach(t -> penalties.add(t.asText()));
        }
        return new Row("run", s.path("experiment").asText(), s.path("created").asText(),
                r.path("status").isTextual() ? r.path("status").asText() : "FINISHED", s.path("dataset").asText(),
                penalties.isEmpty() ? "none" : String.join("+", penalties), String.join(",", lambdas), String.join(",", conventions),
                s.path("seed").asText(), metric, number(r.path("metrics").path("validation").path(metric)),
                number(r.path("metrics").path("test").path(metric)), link, link(root, dir.resolve(RunRecorder.RUN_JSON)));
    }

    private static Row failed(Path root, Path dir) {
        String record = link(root, dir.resolve(RunRecorder.FAILED_JSON));
        JsonNode r;
        try {
            r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(RunRecorder.FAILED_JSON).toFile());
        } catch (IOException e) {
            return new Row("run", dir.getParent().getFileName().toString(), "", "FAILED", "", "", "", "", "", "", "", "", "", record,
                    "unreadable " + RunRecorder.FAILED_JSON);
        }
        JsonNode s = r.path("summary");
        List<String> penalties = new ArrayList<>();
        List<String> lambdas = new ArrayList<>();
        s.path("penalties").forEach(p -> {
            penalties.add(p.path("type").asText());
            lambdas.add(p.path("lambda").isNumber() ? Html.number(p.path("lambda").asDouble()) : "");
        });
        String status = r.path("status").isTextual() ? r.path("status").asText() : "FAILED";
        return new Row("run", s.path("experiment").asText(), s.path("created").asText(), status, s.path("dataset").asText(),
                penalties.isEmpty() ? "none" : String.join("+", penalties), String.join(",", lambdas),
                s.path("convention").isTextual() ? s.path("convention").asText() : "", s.path("seed").asText(),
                "CLASSIFICATION".equals(s.path("task").asText()) ? "accuracy" : "mse", "", "", "", record,
                r.path("reason").isTextual() ? r.path("reason").asText() : status.toLowerCase(java.util.Locale.ROOT));
    }

    private static Row sweep(Path root, Path dir) {
        String status;
        long runs;
        try (Stream<Path> children = Files.list(dir)) {
            runs = children.filter(c -> Files.isRegularFile(c.resolve(RunRecorder.RUN_JSON))).count();
            status = Files.isRegularFile(dir.resolve(SweepResults.JSON_FILE)) ? "sweep of " + runs + " runs" : "sweep, unfinished (" + runs + " runs)";
        } catch (IOException e) {
            status = "sweep";
        }
        String date;
        try {
            date = Files.getLastModifiedTime(dir.resolve(SweepManifest.FILE)).toInstant().toString();
        } catch (IOException e) {
            date = "";
        }
        return new Row("sweep", dir.getParent().getFileName().toString(), date, status, "", "", "", "", "", "", "", "",
                link(root, dir), link(root, dir.resolve(SweepManifest.FILE)));
    }

    /** The report of a run or sweep directory if it has one, else the directory itself; relative to the root. */
    private static String link(Path root, Path target) {
        Path to = Files.isDirectory(target) && Files.isRegularFile(target.resolve(Page.HTML)) ? target.resolve(Page.HTML) : target;
        StringBuilder sb = new StringBuilder();
        for (Path part : root.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize())) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(java.net.URLEncoder.encode(part.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static String number(JsonNode n) {
        return n.isNumber() ? Html.fixed(n.asDouble(), 4) : "";
    }

    static String html(List<Row> rows) {
        String[] headers = {"kind", "experiment", "date", "status", "dataset", "penalty", "λ", "convention", "seed", "metric",
                "validation", "test", "report", "record"};
        boolean[] numeric = {false, false, false, false, false, false, true, false, true, false, true, true, false, false};
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Occam runs</title>\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n<style>\n")
                .append("body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;font-size:0.9em}")
                .append("th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left}th{background:#eee;cursor:pointer;user-select:none}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}tr.sweep{background:#f6f6ff}tr.failed{background:#fff3f3}")
                .append("td.status{color:#a00;text-decoration:underline dotted;cursor:help}")
                .append("th.asc::after{content:' ▲'}th.desc::after{content:' ▼'}\n</style></head><body>\n")
                .append("<h1>Occam runs</h1>\n<p>").append(rows.size()).append(" entries. Click a column title to sort; type to filter.</p>\n")
                .append("<p><input id=\"filter\" type=\"search\" placeholder=\"filter, e.g. L2 or moons\" size=\"40\"> ")
                .append("<span id=\"shown\"></span></p>\n<table id=\"runs\"><thead><tr>");
        for (int i = 0; i < headers.length; i++) {
            h.append("<th data-numeric=\"").append(numeric[i]).append("\">").append(Html.escape(headers[i])).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            String[] cells = {r.kind(), r.experiment(), r.date(), r.status(), r.dataset(), r.penalty(), r.lambda(), r.convention(),
                    r.seed(), r.metric(), r.validation(), r.test()};
            h.append("<tr class=\"").append(r.failed() ? "failed" : r.kind()).append("\">");
            for (int i = 0; i < cells.length; i++) {
                boolean status = i == 3 && r.failed();
                h.append(numeric[i] ? "<td class=\"n\">" : status ? "<td class=\"status\" title=\"" + Html.escape(r.reason()) + "\">" : "<td>")
                        .append(Html.escape(cells[i])).append("</td>");
            }
            if (r.failed()) {
                h.append("<td></td>"); // no model, no report
            } else {
                h.append("<td><a href=\"").append(Html.escape(r.link())).append("\">").append(r.link().endsWith(Page.HTML) ? "report" : "directory")
                        .append("</a></td>");
            }
            h.append("<td><a href=\"").append(Html.escape(r.record())).append("\">")
                    .append(r.kind().equals("sweep") ? SweepManifest.FILE : r.failed() ? RunRecorder.FAILED_JSON : RunRecorder.RUN_JSON)
                    .append("</a></td></tr>\n");
        }
        h.append("</tbody></table>\n<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    /** Sorting (numbers as numbers, empty cells last) and filtering; no library, no network. */
    private static final String SCRIPT = """
            (function () {
              var table = document.getElementById('runs');
              var body = table.tBodies[0];
              var filter = document.getElementById('filter');
              var shown = document.getElementById('shown');
              function count() {
                var n = 0;
                Array.prototype.forEach.call(body.rows, function (r) { if (r.style.display !== 'none') { n++; } });
                shown.textContent = n + ' shown';
              }
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
                th.addEventListener('click', function () {
                  var ascending = !th.classList.contains('asc');
                  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.classList.remove('asc', 'desc'); });
                  th.classList.add(ascending ? 'asc' : 'desc');
                  var numeric = th.getAttribute('data-numeric') === 'true';
                  var rows = Array.prototype.slice.call(body.rows);
                  rows.sort(function (a, b) {
                    var x = a.cells[column].textContent, y = b.cells[column].textContent;
                    if (x === '' || y === '') { return x === y ? 0 : (x === '' ? 1 : -1); }
                    var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
                    return ascending ? c : -c;
                  });
                  rows.forEach(function (r) { body.appendChild(r); });
                });
              });
              filter.addEventListener('input', function () {
                var words = filter.value.toLowerCase().split(/\\s+/).filter(function (w) { return w; });
                Array.prototype.forEach.call(body.rows, function (r) {
                  var text = r.textContent.toLowerCase();
                  r.style.display = words.every(function (w) { return text.indexOf(w) >= 0; }) ? '' : 'none';
                });
                count();
              });
              count();
            })();
            """;
}
