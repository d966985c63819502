package org.occam.report;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code runs/index.html}, written by the run and sweep commands and by {@code report --index}: opened
 * from disk in headless Chromium, it lists every run and sweep, sorts by a column, filters, and its
 * links lead to the reports.
 */
class RunsIndexInChromiumTest {
    @TempDir
    static Path dir;

    private static ReportFixtures fixtures;
    private static ChromeDriver browser;
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(ReportsInChromiumTest.CHROMIUM)), "skipped: " + ReportsInChromiumTest.CHROMIUM + " is absent");
        assertTrue(Files.isExecutable(Path.of(ReportsInChromiumTest.CHROMEDRIVER)), ReportsInChromiumTest.CHROMEDRIVER + " is missing");
        SELENIUM.setLevel(Level.SEVERE);
        fixtures = ReportFixtures.build(dir);
        // a run that diverges in its first epoch (issue 13 §3): recorded as DIVERGED, listed without a report
        assertEquals(3, ReportFixtures.occam("run", dir.resolve("moons.xml").toString(), "--set", "optimizer.learningRate=1e12",
                "--set", "trainer.epochs=2", "--out", runs().toString(), "--quiet"), "the run diverges");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ReportsInChromiumTest.CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile-index")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(ReportsInChromiumTest.CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static Path runs() {
        return dir.resolve("runs");
    }

    private static long count(String file) throws Exception {
        try (Stream<Path> s = Files.walk(runs())) {
            return s.filter(p -> p.getFileName().toString().equals(file)).count();
        }
    }

    private static void noConsoleErrors(String what) {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), what + ": console errors " + errors);
    }

    private static List<String> column(int index) {
        List<String> out = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#runs tbody tr"))) {
            if (row.isDisplayed()) {
                out.add(row.findElements(By.tagName("td")).get(index).getText());
            }
        }
        return out;
    }

    private static int header(String name) {
        List<WebElement> th = browser.findElements(By.cssSelector("#runs thead th"));
        for (int i = 0; i < th.size(); i++) {
            if (th.get(i).getText().replaceAll("[ ▲▼]", "").equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }

    @Test
    void theIndexListsSortsFiltersAndLinks() throws Exception {
        Path index = runs().resolve(RunsIndex.FILE);
        // written by the run and sweep commands themselves
        assertTrue(Files.isRegularFile(index), "run and sweep write " + index);
        String html = Files.readString(index);
        assertFalse(html.contains("http://") || html.contains("https://"), "opens without a network");

        browser.manage().logs().get(LogType.BROWSER);
        browser.get(index.toUri().toString());
        assertEquals("complete", ((JavascriptExecutor) browser).executeScript("return document.readyState"));
        noConsoleErrors("index");
        List<WebElement> rows = browser.findElements(By.cssSelector("#runs tbody tr"));
        assertEquals(count("run.json") + count("sweep.json") + count("failed-run.json"), rows.size(), "one row per run and per sweep");
        assertEquals(1, count("failed-run.json"));
        assertTrue(column(header("kind")).contains("sweep"));
        assertTrue(column(header("experiment")).contains("report-moons"));
        assertTrue(column(header("dataset")).stream().anyMatch(d -> d.contains("diabetes")), column(header("dataset")).toString());

        // sort by the test metric, ascending then descending; empty cells (sweeps) last
        int test = header("test");
        browser.findElements(By.cssSelector("#runs thead th")).get(test).click();
        List<Double> ascending = column(test).stream().filter(s -> !s.isEmpty()).map(Double::parseDouble).toList();
        assertTrue(ascending.size() >= 3, ascending.toString());
        for (int i = 1; i < ascending.size(); i++) {
            assertTrue(ascending.get(i - 1) <= ascending.get(i), "ascending: " + ascending);
        }
        assertEquals("", column(test).get(column(test).size() - 1), "empty cells last");
        browser.findElements(By.cssSelector("#runs thead th")).get(test).click();
        List<Double> descending = column(test).stream().filter(s -> !s.isEmpty()).map(Double::parseDouble).toList();
        for (int i = 1; i < descending.size(); i++) {
            assertTrue(descending.get(i - 1) >= descending.get(i), "descending: " + descending);
        }

        // filter: only the regression run
        browser.findElement(By.id("filter")).sendKeys("diabetes");
        assertEquals(1, column(0).size(), column(header("dataset")).toString());
        browser.findElement(By.id("filter")).clear();
        ((JavascriptExecutor) browser).executeScript("document.getElementById('filter').dispatchEvent(new Event('input'))");
        assertEquals(rows.size(), column(0).size());

        // follow the first run's report link
        WebElement link = browser.findElements(By.cssSelector("#runs tbody tr.run a")).get(0);
        assertEquals("report", link.getText());
        link.click();
        assertTrue(browser.getCurrentUrl().endsWith("/" + Page.HTML), browser.getCurrentUrl());
        assertFalse(browser.getCurrentUrl().endsWith(RunsIndex.FILE), browser.getCurrentUrl());
        assertEquals("complete", ((JavascriptExecutor) browser).executeScript("return document.readyState"));
        assertTrue(browser.findElements(By.tagName("img")).size() > 0, "a run report with its plots");
        noConsoleErrors(browser.getCurrentUrl());
    }

    @Test
    void aDivergedRunShowsItsStatusAndReasonAndHasNoReportLink() throws Exception {
        browser.get(runs().resolve(RunsIndex.FILE).toUri().toString());
        noConsoleErrors("index");
        List<WebElement> failed = browser.findElements(By.cssSelector("#runs tbody tr.failed"));
        assertEquals(1, failed.size(), "one failed row");
        List<WebElement> cells = failed.get(0).findElements(By.tagName("td"));
        WebElement status = cells.get(header("status"));
        assertEquals("DIVERGED", status.getText());
        String reason = status.getAttribute("title");
        assertTrue(reason != null && reason.contains("training diverged") && reason.contains("epoch 1"), reason);
        assertEquals("report-moons", cells.get(header("experiment")).getText());
        assertEquals("", cells.get(header("test")).getText());
        assertEquals("", cells.get(header("report")).getText());
        List<WebElement> links = failed.get(0).findElements(By.tagName("a"));
        assertEquals(1, links.size(), "only the record link");
        assertEquals("failed-run.json", links.get(0).getText());
        // finished runs keep their report links and say FINISHED
        for (WebElement row : browser.findElements(By.cssSelector("#runs tbody tr.run"))) {
            assertEquals("FINISHED", row.findElements(By.tagName("td")).get(header("status")).getText());
            assertEquals("report", row.findElements(By.tagName("a")).get(0).getText());
        }
        // report refuses it: nothing to report on
        Path failedDir;
        try (Stream<Path> s = Files.walk(runs())) {
            failedDir = s.filter(p -> p.getFileName().toString().equals("failed-run.json")).findFirst().orElseThrow().getParent();
        }
        assertEquals(2, ReportFixtures.occam("report", failedDir.toString()));
        assertFalse(Files.exists(failedDir.resolve(Page.HTML)));
        assertEquals(2, ReportFixtures.occam("compare", failedDir.toString(), fixtures.classificationRun.toString(),
                "--out", dir.resolve("compare-failed").toString()));
        assertFalse(Files.exists(dir.resolve("compare-failed").resolve(Page.HTML)));
        // the status filter finds it
        browser.findElement(By.id("filter")).sendKeys("diverged");
        assertEquals(List.of("DIVERGED"), column(header("status")));
    }

    @Test
    void reportIndexRewritesThePage() throws Exception {
        Path index = runs().resolve(RunsIndex.FILE);
        Path copy = dir.resolve("index-before.html");
        Files.copy(index, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(index);
        assertEquals(0, ReportFixtures.occam("report", "--index", "--out", runs().toString()));
        assertTrue(Files.isRegularFile(index));
        assertEquals(Files.readString(copy), Files.readString(index));
        assertEquals(2, ReportFixtures.occam("report"), "nothing to do is bad usage");
    }
}
