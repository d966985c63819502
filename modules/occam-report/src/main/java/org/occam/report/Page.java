package org.occam.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One report, written twice from the same content: {@code report.html} (a static page with inline
 * CSS and no script, which opens from disk without a network) and {@code report.md} beside it,
 * both showing the PNG images in {@code report/}.
 * <p>
 * {@link #write(Path)} assembles everything in a hidden staging directory and then swaps it in:
 * the images directory is replaced first, the two pages are renamed into place last.
 */
public final class Page {
    /** File name of the HTML page. */
    public static final String HTML = "report.html";
    /** File name of the Markdown page. */
    public static final String MARKDOWN = "report.md";
    /** Directory of the images, beside the pages. */
    public static final String IMAGES = "report";

    private static final String CSS = """
            body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1340px;color:#222;padding:0 1em}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
            figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}figcaption{font-size:.85em;color:#555;max-width:640px}
            img{max-width:100%;height:auto;border:1px solid #eee}
            .verdict{padding:.6em 1em;border-radius:6px;margin:.8em 0}.overfitting{background:#fde2e1;border:1px solid #e8a09c}
            .underfitting{background:#fff2cc;border:1px solid #e6c35c}.fine{background:#e2f3e4;border:1px solid #8fc79a}
            .note{color:#555;font-size:.9em}code{background:#f5f5f5;padding:0 .2em}tr.differs td{background:#fff4c2}tr.differs td:first-child{font-weight:bold}
            """;

    private final String title;
    private final StringBuilder html = new StringBuilder();
    private final StringBuilder md = new StringBuilder();
    private final Map<String, byte[]> images = new LinkedHashMap<>();

    /**
     * @param title the page title
     * @param subtitle a line under the title (plain text)
     */
    public Page(String title, String subtitle) {
        this.title = title;
        html.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        md.append("# ").append(title).append("\n\n");
        if (subtitle != null && !subtitle.isEmpty()) {
            html.append("<p class=\"note\">").append(Html.escape(subtitle)).append("</p>\n");
            md.append("_").append(subtitle).append("_\n\n");
        }
    }

    /** A part of a page, drawn apart and then {@linkplain #append(Page) appended} to the page. */
    private Page() {
        this.title = "";
    }

    /** @return an empty part of a page (no title), for {@link #append(Page)} */
    public static Page fragment() {
        return new Page();
    }

    /**
     * Appends a part drawn apart (see {@link #fragment()}): its HTML, Markdown and images follow
     * this page's, exactly as if they had been added to this page directly.
     * @param part the part
     * @return this
     */
    public Page append(Page part) {
        for (String file : part.images.keySet()) {
            if (images.containsKey(file)) {
                throw new IllegalArgumentException("image " + file + " added twice");
            }
        }
        html.append(part.html);
        md.append(part.md);
        images.putAll(part.images);
        return this;
    }

    /**
     * @param text a section heading
     * @return this
     */
    public Page heading(String text) {
        html.append("<h2>").append(Html.escape(text)).append("</h2>\n");
        md.append("## ").append(text).append("\n\n");
        return this;
    }

    /**
     * @param text a paragraph of plain text
     * @return this
     */
    public Page paragraph(String text) {
        html.append("<p>").append(Html.escape(text)).append("</p>\n");
        md.append(text).append("\n\n");
        return this;
    }

    /**
     * @param text a small note
     * @return this
     */
    public Page note(String text) {
        html.append("<p class=\"note\">").append(Html.escape(text)).append("</p>\n");
        md.append("_").append(text).append("_\n\n");
        return this;
    }

    /**
     * A verdict box.
     * @param v the verdict
     * @param subject what it is about, e.g. the run label
     * @return this
     */
    public Page verdict(Verdict v, String subject) {
        String word = v.kind().word();
        html.append("<div class=\"verdict ").append(word).append("\"><b>Verdict: ").append(word).append("</b>")
                .append(subject == null ? "" : " — " + Html.escape(subject)).append("<ul>");
        md.append("**Verdict: ").append(word).append("**").append(subject == null ? "" : " — " + subject).append("\n\n");
        for (String r : v.reasons()) {
            html.append("<li>").append(Html.escape(r)).append("</li>");
            md.append("- ").append(r).append("\n");
        }
        html.append("</ul></div>\n");
        md.append("\n");
        return this;
    }

    /**
     * A table; cells that parse as numbers are right-aligned.
     * @param header column names
     * @param rows the rows
     * @return this
     */
    public Page table(List<String> header, List<List<String>> rows) {
        return table(header, rows, java.util.Set.of());
    }

    /**
     * A table with some rows highlighted (a tinted background in HTML, the first cell in bold in
     * Markdown), for example the settings that differ between runs.
     * @param header column names
     * @param rows the rows
     * @param highlighted indices of the rows to highlight
     * @return this
     */
    public Page table(List<String> header, List<List<String>> rows, java.util.Set<Integer> highlighted) {
        html.append("<table><thead><tr>");
        header.forEach(h -> html.append("<th>").append(Html.escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        md.append("| ").append(String.join(" | ", header.stream().map(Html::markdownCell).toList())).append(" |\n|");
        header.forEach(h -> md.append(" --- |"));
        md.append("\n");
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            boolean mark = highlighted.contains(r);
            html.append(mark ? "<tr class=\"differs\">" : "<tr>");
            for (String cell : row) {
                boolean num = cell.matches("[-+]?[0-9.,e±–% ]+") && !cell.isBlank();
                html.append(num ? "<td class=\"num\">" : "<td>").append(Html.escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
            List<String> cells = new ArrayList<>(row.stream().map(Html::markdownCell).toList());
            if (mark && !cells.isEmpty()) {
                cells.set(0, "**" + cells.get(0) + "**");
            }
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        html.append("</tbody></table>\n");
        md.append("\n");
        return this;
    }

    /**
     * One or more figures side by side.
     * @param figures the figures
     * @return this
     */
    public Page figures(List<Figure> figures) {
        html.append("<div>");
        for (Figure f : figures) {
            if (images.containsKey(f.file())) {
                throw new IllegalArgumentException("image " + f.file() + " added twice");
            }
            images.put(f.file(), f.png());
            html.append("<figure><img src=\"").append(IMAGES).append('/').append(Html.escape(f.file())).append("\" alt=\"")
                    .append(Html.escape(f.alt())).append("\">");
            if (f.caption() != null && !f.caption().isEmpty()) {
                html.append("<figcaption>").append(Html.escape(f.caption())).append("</figcaption>");
            }
            html.append("</figure>\n");
            md.append("![").append(f.alt()).append("](").append(IMAGES).append('/').append(f.file()).append(")\n");
            if (f.caption() != null && !f.caption().isEmpty()) {
                md.append("\n_").append(f.caption()).append("_\n");
            }
            md.append("\n");
        }
        html.append("</div>\n");
        return this;
    }

    /**
     * @param figure one figure
     * @return this
     */
    public Page figure(Figure figure) {
        return figures(List.of(figure));
    }

    /**
     * An image with its description.
     * @param file file name inside {@code report/}
     * @param png the PNG bytes
     * @param alt alternative text
     * @param caption caption (may be empty)
     */
    public record Figure(String file, byte[] png, String alt, String caption) {}

    /** @return the HTML text */
    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"icon\" href=\"data:,\"><title>" + Html.escape(title) + "</title><style>" + CSS + "</style></head>\n<body>\n"
                + html + "<p class=\"note\">Written by Occam; images drawn with XChart.</p>\n</body></html>\n";
    }

    /** @return the Markdown text */
    public String markdown() {
        return md.toString();
    }

    /** @return the image file names */
    public List<String> imageFiles() {
        return new ArrayList<>(images.keySet());
    }

    /**
     * Writes {@code report.html}, {@code report.md} and {@code report/} into a directory,
     * replacing an earlier report.
     * @param dir the directory
     * @throws IOException if writing fails (an earlier report then stays as it was, or the
     *         staging directory is left hidden)
     */
    public void write(Path dir) throws IOException {
        Path stage = dir.resolve(".report-incomplete");
        deleteTree(stage);
        Files.createDirectories(stage.resolve(IMAGES));
        try {
            for (Map.Entry<String, byte[]> e : images.entrySet()) {
                Files.write(stage.resolve(IMAGES).resolve(e.getKey()), e.getValue());
            }
            Files.writeString(stage.resolve(HTML), html(), StandardCharsets.UTF_8);
            Files.writeString(stage.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
            deleteTree(dir.resolve(IMAGES));
            move(stage.resolve(IMAGES), dir.resolve(IMAGES));
            move(stage.resolve(MARKDOWN), dir.resolve(MARKDOWN));
            move(stage.resolve(HTML), dir.resolve(HTML));
        } finally {
            deleteTree(stage);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
