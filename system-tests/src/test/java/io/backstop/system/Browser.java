package io.backstop.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser session of the admin UI: Debian's Chromium, headless, driven through Debian's chromedriver, both named
 * by path so Selenium Manager never tries to download anything. Each session has its own profile (so its own
 * cookies: two instances are two logged-in users) and its own download directory.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("backstop.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("backstop.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;
    private final String base;

    private Browser(int width, int height) {
        try {
            profile = Files.createTempDirectory("backstop-chromium-");
            downloads = Files.createTempDirectory("backstop-downloads-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        base = RunningStack.get().gatewayUrl();
    }

    /** A desktop-sized session (1280×800, the size the issue asks the UI to be readable at). */
    static Browser open() {
        return new Browser(1280, 800);
    }

    WebDriver driver() {
        return driver;
    }

    Path downloads() {
        return downloads;
    }

    void go(String hashRoute) {
        driver.get(base + "/" + hashRoute);
    }

    /** Logs in through the login form and waits for the app shell. */
    Browser login(String user, String password) {
        driver.get(base + "/");
        type(testId("login-username"), user);
        type(testId("login-password"), password);
        click(testId("login-submit"));
        waitFor(ExpectedConditions.textToBePresentInElementLocated(testId("current-user"), user));
        return this;
    }

    /**
     * Cuts this session off the gateway's event stream, as a dropped connection would: nothing live reaches it, so
     * a test can take the path where the server's 409 is the first news of someone else's change.
     */
    Browser withoutLiveEvents() {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/ops/events*")));
        return this;
    }

    /**
     * From the next page load on, keeps what the page's Content-Security-Policy blocks in the page, for
     * {@link #cspViolations()}. The recorder is installed through DevTools, which the policy does not govern.
     */
    Browser recordingCspViolations() {
        driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                        "source",
                        """
                window.__cspViolations = [];
                document.addEventListener('securitypolicyviolation',
                    (e) => window.__cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline')));
                """));
        return this;
    }

    @SuppressWarnings("unchecked")
    List<String> cspViolations() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("return window.__cspViolations || []");
    }

    /** The URLs of every request the page has made since it was loaded, in order (the Resource Timing list). */
    @SuppressWarnings("unchecked")
    List<String> requestedUrls() {
        return (List<String>) ((JavascriptExecutor) driver)
                .executeScript("return performance.getEntriesByType('resource').map((e) => e.name)");
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    static By testId(String id, String attribute, String value) {
        return By.cssSelector("[data-testid='" + id + "'][" + attribute + "='" + value + "']");
    }

    WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    void click(By by) {
        waitFor(ExpectedConditions.elementToBeClickable(by)).click();
    }

    void type(By by, String text) {
        WebElement input = visible(by);
        input.clear();
        input.sendKeys(text);
    }

    <T> T waitFor(Function<? super WebDriver, T> condition) {
        return waitFor(condition, WAIT);
    }

    <T> T waitFor(Function<? super WebDriver, T> condition, Duration timeout) {
        // Preact re-renders replace elements between finding and reading them: try again rather than fail
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /**
     * Waits for something that arrives through the asynchronous pipeline (capture → Kafka → audit), reloading the
     * page between checks the way a user would press F5.
     */
    WebElement waitReloading(By by, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(750))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    List<WebElement> found = d.findElements(by);
                    if (!found.isEmpty() && found.get(0).isDisplayed()) {
                        return found.get(0);
                    }
                    d.navigate().refresh();
                    return null;
                });
    }

    /**
     * Emulates a phone-sized viewport (390 px wide, as the issue asks) on this session and returns how wide the
     * page's content is, so a test can check that nothing forces sideways scrolling.
     */
    long narrow(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 720));
        return ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth"))
                .longValue();
    }

    /**
     * Arms a probe in this page that acts the moment the progress overlay opens, before a restore that lasts a
     * second or two can finish: it records whether the button is disabled, clicks it anyway, records whether an
     * edit dialog opened, and sends the same write to the server with this session's cookie and CSRF token.
     * {@link #lockProbe()} returns what it saw.
     */
    void armLockProbe(By button, String method, String path, String jsonBody) {
        String selector = button.toString().replaceFirst("^By\\.cssSelector: ", "");
        ((JavascriptExecutor) driver)
                .executeScript(
                        """
                const [selector, method, path, body] = arguments;
                window.__lockProbe = null;
                const overlay = document.getElementById('ops-overlay');
                const observer = new MutationObserver(() => {
                    if (!overlay.open || window.__lockProbe) return;
                    observer.disconnect();
                    const text = (id) => (overlay.querySelector(`[data-testid='${id}']`) || {}).textContent || '';
                    const probe = window.__lockProbe = { overlay: true, title: text('ops-title'),
                        startedBy: text('ops-started-by'), message: text('ops-message'),
                        progressbar: !!overlay.querySelector("[role='progressbar']") };
                    const buttonEl = document.querySelector(selector);
                    probe.buttonDisabled = !!buttonEl && buttonEl.disabled;
                    if (buttonEl) buttonEl.click();
                    const token = document.cookie.split(';').map(c => c.trim()).find(c => c.startsWith('XSRF-TOKEN='));
                    const headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
                    if (token) headers['X-XSRF-TOKEN'] = decodeURIComponent(token.substring(11));
                    fetch(path, { method, headers, body, credentials: 'same-origin' }).then(r => {
                        probe.editDialogOpened = !!document.querySelector("[data-testid='edit-dialog']");
                        probe.status = r.status;
                    }, () => { probe.status = -1; });
                });
                observer.observe(overlay, { attributes: true, attributeFilter: ['open'] });
                """,
                        selector,
                        method,
                        path,
                        jsonBody);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> lockProbe(Duration timeout) {
        return waitFor(
                d -> {
                    Object probe = ((JavascriptExecutor) d)
                            .executeScript(
                                    "return window.__lockProbe && window.__lockProbe.status !== undefined ? window.__lockProbe : null");
                    return probe == null ? null : (Map<String, Object>) probe;
                },
                timeout);
    }

    /** Runs fetch() inside the page, with this session's cookie and CSRF token, and returns the HTTP status. */
    long fetchStatus(String method, String path, String jsonBody) {
        Object status = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        """
                const [method, path, body, done] = arguments;
                const token = document.cookie.split(';').map(c => c.trim()).find(c => c.startsWith('XSRF-TOKEN='));
                const headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
                if (token) headers['X-XSRF-TOKEN'] = decodeURIComponent(token.substring(11));
                fetch(path, { method, headers, body, credentials: 'same-origin' })
                    .then(r => done(r.status), e => done(-1));
                """,
                        method,
                        path,
                        jsonBody);
        return ((Number) status).longValue();
    }

    /** Saves a screenshot into backstop.screenshots (docs/screenshots/ when run by Maven). */
    void screenshot(String name) {
        String dir = System.getProperty("backstop.screenshots");
        if (dir == null) {
            return;
        }
        try {
            Path target = Path.of(dir).resolve(name + ".png");
            Files.createDirectories(target.getParent());
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp profile left behind is harmless
        }
    }
}
