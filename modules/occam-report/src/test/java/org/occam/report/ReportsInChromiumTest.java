package org.occam.report;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens each kind of report — run (classification and regression), sweep and comparison — from
 * disk in headless Chromium (driven through {@value #CHROMEDRIVER} by Selenium WebDriver) and checks
 * that the page loads without a console error and that every image is there with a non-zero
 * natural size and something drawn in it; the same for the reports of degenerate runs
 * ({@link DegenerateFixtures}). Skipped only when {@value #CHROMIUM} is absent.
 */
class ReportsInChromiumTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path dir;

    private static ReportFixtures fixtures;
    private static ChromeDriver browser;
    /** Selenium warns that it has no DevTools bindings for this Chromium; WebDriver itself needs none. */
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), "skipped: " + CHROMIUM
                + " is absent (install the Debian packages chromium and chromium-driver, as .ci/run does)");
        // Chromium without its driver is a broken setup, not a reason to skip.
        assertTrue(Files.isExecutable(Path.of(CHROMEDRIVER)), CHROMIUM + " is installed but " + CHROMEDRIVER
                + " is not: install the Debian package chromium-driver (as .ci/run does)");
        SELENIUM.setLevel(Level.SEVERE);
        fixtures = ReportFixtures.build(dir);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void classificationRunReport() throws Exception {
        check(fixtures.classificationRun, List.of("learning-curves.png", "loss-components.png", "metric-curves.png",
                "weights-boxplot.png", "confusion-matrix.png", "decision-boundary.png"));
    }

    @Test
    void regressionRunReport() throws Exception {
        check(fixtures.regressionRun, List.of("learning-curves.png", "weights-boxplot.png", "predicted-vs-actual.png", "residuals.png"));
    }

    @Test
    void sweepReport() throws Exception {
        check(fixtures.sweep, List.of("metric-vs-lambda.png", "gap-vs-lambda.png", "weight-norm-vs-lambda.png",
                "sparsity-vs-lambda.png", "boundaries-vs-lambda.png"));
    }

    @Test
    void comparisonReport() throws Exception {
        check(fixtures.comparison, List.of("validation-curves.png", "weights-hidden1.png", "boundary-a.png", "boundary-b.png"));
    }

    /** Degenerate runs: all-zero layers, one epoch, a feature of magnitude 1e300, and a sweep and comparison of them. */
    @Test
    void degenerateReports() throws Exception {
        for (Path report : DegenerateFixtures.get().reports()) {
            check(report, List.of());
        }
    }

    @Test
    void theCheckCatchesBrokenPages() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("broken").resolve(Page.IMAGES)).getParent();
        Files.write(bad.resolve(Page.IMAGES).resolve("fine.png"), Files.readAllBytes(fixtures.sweep.resolve(Page.IMAGES).resolve("gap-vs-lambda.png")));
        Files.writeString(bad.resolve(Page.MARKDOWN), "![a](report/fine.png)\n![b](report/missing.png)\n");
        Files.writeString(bad.resolve(Page.HTML), "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head><body>"
                + "<img src=\"report/fine.png\"><img src=\"report/missing.png\"></body></html>");
        org.opentest4j.AssertionFailedError e = org.junit.jupiter.api.Assertions.assertThrows(
                org.opentest4j.AssertionFailedError.class, () -> check(bad, List.of("fine.png")));
        assertTrue(e.getMessage().contains("console errors") || e.getMessage().contains("natural size"), e.getMessage());
        Files.delete(bad.resolve(Page.IMAGES).resolve("fine.png"));
        Files.writeString(bad.resolve(Page.HTML), "<!DOCTYPE html><html><head><link rel=\"icon\" href=\"data:,\"></head><body>"
                + "<script>console.error('boom')</script></body></html>");
        e = org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class, () -> check(bad, List.of()));
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    /** Loads report.html and checks the console and every image; also that report.md shows the same images. */
    @SuppressWarnings("unchecked")
    private static void check(Path reportDir, List<String> expectedImages) throws Exception {
        Path page = reportDir.resolve(Page.HTML);
        assertTrue(Files.isRegularFile(page), page + " missing");
        browser.manage().logs().get(LogType.BROWSER); // drop entries of earlier pages
        browser.get(page.toUri().toString());
        assertEquals("complete", ((JavascriptExecutor) browser).executeScript("return document.readyState"));
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), page + ": console errors " + errors);
        List<Map<String, Object>> images = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.images).map(i => ({src: i.getAttribute('src'), complete: i.complete, "
                        + "width: i.naturalWidth, height: i.naturalHeight}));");
        assertTrue(!images.isEmpty(), page + " has no images");
        for (Map<String, Object> img : images) {
            assertEquals(Boolean.TRUE, img.get("complete"), page + ": " + img);
            assertTrue(((Number) img.get("width")).longValue() > 0 && ((Number) img.get("height")).longValue() > 0,
                    page + ": image without a natural size " + img);
        }
        List<String> sources = images.stream().map(i -> (String) i.get("src")).toList();
        for (String src : sources) {
            // Loaded is not enough: every picture has something drawn in it.
            ChartsTest.assertNonBlank(ChartsTest.decode(Files.readAllBytes(reportDir.resolve(src))), reportDir.resolve(src).toString());
        }
        for (String expected : expectedImages) {
            assertTrue(sources.contains(Page.IMAGES + "/" + expected), page + " lacks " + expected + "; has " + sources);
        }
        try (Stream<Path> files = Files.list(reportDir.resolve(Page.IMAGES))) {
            assertEquals(files.count(), sources.size(), "every PNG in report/ is shown, once");
        }
        String md = Files.readString(reportDir.resolve(Page.MARKDOWN));
        for (String src : sources) {
            assertTrue(md.contains("](" + src + ")"), Page.MARKDOWN + " lacks " + src);
        }
        String html = Files.readString(page);
        assertTrue(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
                page + " must open without a network and needs no script");
    }
}
