package city.onetem.stack;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person at the board in a real browser: headless Chromium from Debian's packages (chromium,
 * chromium-driver; .ci/run installs them), driven by Selenium. Screenshots go under
 * target/screenshots for people to look at.
 */
final class BoardBrowser implements AutoCloseable {

    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final String board;

    BoardBrowser(String boardUrl) {
        this.board = boardUrl;
        ChromeOptions options = new ChromeOptions().setBinary(binary("CHROMIUM", "/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(binary("CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(DESKTOP);
    }

    /** Signs in through the development sign-in page, pressing the person's name as they would. */
    BoardBrowser signInAs(String user) {
        driver.get(board + "/");
        wait(Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("button[name=user][value='" + user + "']")));
        screenshots("sign-in");
        driver.findElement(By.cssSelector("button[name=user][value='" + user + "']")).click();
        wait(Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id("live-content")));
        return this;
    }

    /** Waits until the page says it is live: its stream is open. */
    BoardBrowser awaitLive() {
        wait(Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-live]"), "Live"));
        return this;
    }

    String status() {
        return driver.findElement(By.cssSelector("[data-live]")).getText();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** The row of a table on the board that names this person. */
    WebElement rowFor(String section, String spacedNhsNumber) {
        return driver.findElement(By.xpath("//section[@aria-labelledby='" + section + "']//tr[td[1][normalize-space()='"
                + spacedNhsNumber + "']]"));
    }

    /** The page at desktop and at phone width, as PNGs under target/screenshots. */
    void screenshots(String page) {
        screenshot(page + "-desktop");
        driver.manage().window().setSize(PHONE);
        screenshot(page + "-phone");
        driver.manage().window().setSize(DESKTOP);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("Could not save the screenshot " + name, e);
        }
    }

    /** axe-core's serious and critical violations on the page as it is now, one line each. */
    List<String> seriousAccessibilityViolations() {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                "best-practice")).analyze(driver);
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(BoardBrowser::describe).toList();
    }

    private static String describe(Rule rule) {
        return rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at " + rule.getNodes().stream()
                .map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", "));
    }

    private static String binary(String variable, String debianPath) {
        String path = System.getenv(variable);
        path = path == null || path.isBlank() ? debianPath : path;
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException("The board's browser tests need " + path + ": install Debian's chromium"
                    + " and chromium-driver (apt-get install chromium chromium-driver; .ci/run does), or set "
                    + variable + " to where yours is");
        }
        return path;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
