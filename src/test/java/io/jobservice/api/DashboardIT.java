package io.jobservice.api;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.jobservice.json.Json;
import io.jobservice.support.Jobs;
import io.jobservice.support.TestApp;
import io.jobservice.support.TestAppExtension;
import io.jobservice.support.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Selenium through chromedriver, against the
 * whole service. Skipped when Chromium is not installed ({@code .ci/run} installs it). Waits are Selenium's
 * {@link WebDriverWait}s on what the page shows, or Awaitility on the API, never sleeps.
 */
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the page screenshots go; {@code -Ddashboard.screenshots=docs} refreshes the README's. */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("dashboard.screenshots",
            "target/dashboard-screenshots"));
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final TestAppExtension APP = TestAppExtension.perClass().workers(4).fileJobLoggers();

    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (apt-get install chromium chromium-driver): the dashboard's browser tests"
                        + " are skipped");
        ChromeOptions options = new ChromeOptions();
        // the binary and the driver are given, so Selenium Manager has nothing to look up or download
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
        // the page re-renders on every poll: an element found a moment ago may have been replaced
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.get(APP.baseUrl() + "/dashboard/");
        ((ChromeDriver) browser).executeScript("sessionStorage.clear()");
        // so the next page is loaded afresh and reads the cleared storage
        browser.get("about:blank");
    }

    @Test
    void should_ask_for_the_secret_and_refuse_a_wrong_one() {
        open("#/overview");
        signIn("not-the-secret");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "refused"));
        assertThat(browser.findElements(By.cssSelector("nav.top"))).isEmpty();

        signIn(TestApp.SECRET);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#queues")));
        // the secret is in the tab's session storage, never in the URL
        assertThat(browser.getCurrentUrl()).doesNotContain(TestApp.SECRET);
    }

    @Test
    void should_show_a_queued_a_running_and_a_finished_job() {
        String finished = APP.submit(Jobs.noop());
        await().atMost(WAIT).until(() -> APP.status(finished).equals("Success"));
        // DEMO runs one at a time: the second waits in its queue while the first runs
        String running = APP.submit(Jobs.demo(60_000, false));
        await().atMost(WAIT).until(() -> APP.status(running).equals("Running"));
        String queued = APP.submit(Jobs.demo(60_000, false));
        try {
            signedIn("#/jobs");
            new Select(browser.findElement(By.id("page-size"))).selectByValue("100");
            assertThat(listedStatus(finished)).isEqualTo("Success");
            assertThat(listedStatus(running)).isEqualTo("Running");
            assertThat(listedStatus(queued)).isEqualTo("Pending");

            // type and status filters: only Running DEMO jobs are left, the running one among them
            browser.findElement(By.id("filter-name")).sendKeys("DEMO", Keys.TAB);
            new Select(browser.findElement(By.id("filter-status"))).selectByValue("Running");
            waitForListedOnly(running, "DEMO", "Running");

            open("#/jobs/" + queued);
            waitForStatus("Pending");
        } finally {
            APP.stopJob(queued);
            APP.stopJob(running);
        }
    }

    @Test
    void should_keep_a_job_pending_while_its_queue_is_paused_in_the_page_and_run_it_when_resumed() {
        signedIn("#/overview");
        clickInQueue("NOOP", "pause");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(queueState("NOOP"), "paused"));
        String job = APP.submit(Jobs.noop());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-queue='NOOP'] td:nth-child(2)"), "1"));
        assertThat(APP.status(job)).isEqualTo("Pending");

        clickInQueue("NOOP", "resume");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(queueState("NOOP"), "active"));
        await().atMost(WAIT).until(() -> APP.status(job).equals("Success"));
    }

    @Test
    void should_stop_a_running_job_from_its_page() {
        String job = APP.submit(Jobs.demo(60_000, false));
        await().atMost(WAIT).until(() -> APP.status(job).equals("Running"));
        signedIn("#/jobs/" + job);
        waitForStatus("Running");

        browser.findElement(By.cssSelector("button[data-action='stop']")).click();
        waitForStatus("Stopped");
        assertThat(APP.status(job)).isEqualTo("Stopped");
    }

    @Test
    void should_run_a_dead_job_again_from_the_dead_set() throws Exception {
        String job = APP.submit(Jobs.generic(TestJobs.BROKEN, "{}"));
        await().atMost(WAIT).until(() -> APP.status(job).equals("Error"));
        long revision = revision(job);
        signedIn("#/sets/dead");
        By runNow = By.cssSelector("tr[data-job='" + job + "'] button[data-action='run']");
        wait.until(ExpectedConditions.elementToBeClickable(runNow)).click();

        // it keeps its id and runs again with a newer revision (and fails again: it always does)
        await().atMost(WAIT).until(() -> revision(job) > revision && APP.status(job).equals("Error"));
    }

    @Test
    void should_show_new_log_lines_of_a_running_job_as_they_are_written() {
        String job = APP.submit(Jobs.generic(TestJobs.TICKER, "{\"ticks\":120,\"interval_ms\":300}"));
        try {
            await().atMost(WAIT).until(() -> APP.status(job).equals("Running"));
            signedIn("#/jobs/" + job);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-log"), "tick 1"));
            String first = browser.findElement(By.id("job-log")).getText();
            // the page is not reloaded: the view polls the log while the job runs
            wait.until(d -> lastTick(d.findElement(By.id("job-log")).getText()) > lastTick(first) + 3);

            // and its worker is among the busy ones
            open("#/workers");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#worker-list tr[data-job='" + job + "']"), TestJobs.TICKER));
        } finally {
            APP.stopJob(job);
        }
    }

    @Test
    void should_render_hostile_parameters_and_log_lines_as_text() {
        String hostile = "demo<script>window.xss=1</script><img src=x onerror=\\\"window.xss=2\\\">";
        String job = APP.submit(Jobs.generic("DEMO", "{\"image\":\"" + hostile + "\",\"sleep_ms\":0}"));
        await().atMost(WAIT).until(() -> APP.status(job).equals("Success"));
        signedIn("#/jobs/" + job);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-log"), "<script>window.xss=1</script>"));
        assertThat(browser.findElement(By.id("job-parameters")).getText())
                .contains("<script>window.xss=1</script><img src=x onerror=");
        assertThat(browser.findElement(By.id("job-log")).getText()).contains("<img src=x onerror=");
        assertThat(browser.findElements(By.cssSelector("#app img, #app script"))).isEmpty();
        assertThat(((ChromeDriver) browser).executeScript("return window.xss === undefined")).isEqualTo(true);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void should_send_a_content_security_policy_that_forbids_inline_scripts() {
        for (String path : List.of("/dashboard/", "/dashboard/dashboard.js", "/dashboard/lib/uplot/1.6.30/dist/uPlot.iife.min.js",
                "/dashboard/missing.js")) {
            HttpResponse<String> response = getWithoutSecret(path);
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self'").contains("object-src 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        HttpResponse<String> page = getWithoutSecret("/dashboard/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.body()).doesNotContain("<script>").doesNotContainPattern("\\son[a-z]+\\s*=");
        HttpResponse<String> library = getWithoutSecret("/dashboard/lib/preact/10.24.3/dist/preact.min.umd.js");
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(library.headers().firstValue("Cache-Control").orElse("")).contains("max-age=31536000");
        assertThat(getWithoutSecret("/dashboard/missing.js").statusCode()).isEqualTo(404);
        assertThat(getWithoutSecret("/dashboard/lib/swagger-ui/").statusCode()).isEqualTo(404);
    }

    @Test
    void should_answer_404_for_the_dashboard_when_it_is_disabled() throws Exception {
        TestApp off = APP.with().property("jobservice.dashboard.enabled", "false").start();
        HttpResponse<String> response = off.send(HttpRequest.newBuilder(off.uri("/dashboard/")).GET().build());
        assertThat(response.statusCode()).isEqualTo(404);
        HttpResponse<String> script = off.send(HttpRequest.newBuilder(off.uri("/dashboard/dashboard.js")).GET().build());
        assertThat(script.statusCode()).isEqualTo(404);
    }

    @Test
    void should_save_a_screenshot_of_each_page() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        String policy = APP.submit(Jobs.job("NOOP").periodic("*/2 * * * * *").json());
        APP.submit(Jobs.job("NOOP").scheduled(3600).json());
        String dead = APP.submit(Jobs.generic(TestJobs.BROKEN, "{}"));
        await().atMost(WAIT).until(() -> APP.status(dead).equals("Error"));
        String running = APP.submit(Jobs.generic(TestJobs.TICKER, "{\"ticks\":200,\"interval_ms\":300}"));
        try {
            await().atMost(WAIT).until(() -> APP.status(running).equals("Running"));
            // tall enough for a job's log below its stats
            browser.manage().window().setSize(new Dimension(1400, 1500));
            signedIn("#/overview");
            screenshot("overview", By.cssSelector("#queues tbody tr[data-queue]"));
            screenshot("jobs", "#/jobs", By.cssSelector("#job-list tbody tr[data-job]"));
            open("#/jobs/" + running);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-log"), "tick 3"));
            save("job");
            screenshot("scheduled", "#/sets/scheduled", By.cssSelector("#set-entries tr[data-job]"));
            screenshot("dead", "#/sets/dead", By.cssSelector("#set-entries tr[data-job]"));
            screenshot("periodic", "#/periodic", By.cssSelector("#policies .status"));
            screenshot("workers", "#/workers", By.cssSelector("#worker-list tr[data-job]"));
        } finally {
            browser.manage().window().setSize(new Dimension(1400, 1000));
            APP.stopJob(running);
            APP.stopJob(policy);
        }
    }

    // --- helpers ---

    private static void open(String hash) {
        browser.get(APP.baseUrl() + "/dashboard/" + hash);
    }

    private static void signIn(String secret) {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")));
        field.clear();
        field.sendKeys(secret);
        browser.findElement(By.cssSelector("#login button[type='submit']")).click();
    }

    private static void signedIn(String hash) {
        open(hash);
        signIn(TestApp.SECRET);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("nav.top")));
    }

    private static void waitForStatus(String status) {
        wait.until(ExpectedConditions.textToBe(By.id("job-status"), status));
    }

    /** The job's status as its row in the job list shows it, paging through SCAN steps until the row appears. */
    private static String listedStatus(String jobId) {
        By row = By.cssSelector("tr[data-job='" + jobId + "'] .status");
        return wait.until(d -> {
            List<WebElement> found = d.findElements(row);
            if (!found.isEmpty()) {
                return found.get(0).getText();
            }
            // not on this SCAN step: the next one, or from the start again; a one-step scan is polled again anyway
            WebElement next = d.findElement(By.xpath("//button[contains(., 'Next scan page')]"));
            WebElement first = d.findElement(By.xpath("//button[contains(., 'First')]"));
            if (next.isEnabled()) {
                next.click();
            } else if (first.isEnabled()) {
                first.click();
            }
            return null;
        });
    }

    /** Waits until every row of the job list holds all {@code texts} and one is {@code jobId}'s, paging as needed. */
    private static void waitForListedOnly(String jobId, String... texts) {
        wait.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#job-list tr[data-job]"));
            boolean filtered = rows.stream().allMatch(r -> Arrays.stream(texts).allMatch(r.getText()::contains));
            if (filtered && rows.stream().anyMatch(r -> jobId.equals(r.getAttribute("data-job")))) {
                return true;
            }
            WebElement next = d.findElement(By.xpath("//button[contains(., 'Next scan page')]"));
            if (filtered && next.isEnabled()) {
                next.click();
            }
            return null;
        });
    }

    private static By queueState(String jobName) {
        return By.cssSelector("tr[data-queue='" + jobName + "'] .queue-state");
    }

    private static void clickInQueue(String jobName, String action) {
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("tr[data-queue='" + jobName + "'] button[data-action='" + action + "']"))).click();
    }

    private static int lastTick(String log) {
        int last = 0;
        for (String line : log.split("\n")) {
            int at = line.lastIndexOf("tick ");
            if (at >= 0) {
                last = Math.max(last, Integer.parseInt(line.substring(at + 5).trim()));
            }
        }
        return last;
    }

    private static long revision(String jobId) throws IOException {
        return Json.read(APP.get("/api/v1/jobs/" + jobId).body()).path("job").path("revision").asLong();
    }

    private static HttpResponse<String> getWithoutSecret(String path) {
        return APP.send(HttpRequest.newBuilder(APP.uri(path)).GET().build());
    }

    private static void screenshot(String name, By ready) throws IOException {
        wait.until(ExpectedConditions.visibilityOfElementLocated(ready));
        save(name);
    }

    private static void screenshot(String name, String hash, By ready) throws IOException {
        open(hash);
        screenshot(name, ready);
    }

    private static void save(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve("dashboard-" + name + ".png"), png);
    }
}
