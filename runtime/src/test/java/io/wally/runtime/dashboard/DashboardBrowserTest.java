package io.wally.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.importer.CellState;
import io.wally.maps.importer.NamedPlacesLoader;
import io.wally.maps.importer.OccupancyGrid;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium, driven by Selenium, against {@code wally sim} running as a child
 * process on free ports: the page loads without console errors, the canvas is dark where the map has walls,
 * zones added through the page's socket are drawn (keep-out red, speed orange), a click on "kitchen" drives the
 * robot towards it, stop holds the pose, and a screenshot lands in target/.
 */
@Tag("slow")
class DashboardBrowserTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final Path SCREENSHOT = REPO.resolve("runtime/target/dashboard-screenshot.png");

    @TempDir
    Path tmp;
    private Process wally;
    private ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (wally != null) {
            wally.destroy();
            try {
                if (!wally.waitFor(20, TimeUnit.SECONDS)) {
                    wally.destroyForcibly();
                }
            } catch (InterruptedException e) {
                wally.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void shouldShowTheMapDriveToAClickedPlaceAndHoldOnStop() throws Exception {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(), "needs Debian's chromium and chromium-driver");
        String url = startWallySim();
        browser = chromium();
        JavascriptExecutor js = browser;
        browser.get(url);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                "return !!(window.wally && wally.grid && wally.pose && wally.state && wally.places.length > 0)")));
        Thread.sleep(300); // a few animation frames

        // walls: cells whose 3 x 3 neighbourhood is all wall, by the map file, are drawn dark on the canvas
        OccupancyGrid grid = NamedPlacesLoader.load(REPO.resolve("maps/samples/house.yaml")).grid();
        List<int[]> walls = cells(grid, CellState.OCCUPIED, 40);
        List<int[]> free = cells(grid, CellState.FREE, 40);
        assertThat(walls).hasSizeGreaterThan(10);
        long dark = walls.stream().filter(c -> isColour(pixel(js, grid, c), 40, 40, 40)).count();
        long white = free.stream().filter(c -> isColour(pixel(js, grid, c), 255, 255, 255)).count();
        assertThat(dark).as("wall cells drawn dark").isGreaterThanOrEqualTo(walls.size() * 9 / 10);
        assertThat(white).as("free cells drawn white (labels and the robot may cover a few)").isGreaterThanOrEqualTo(free.size() * 7 / 10);

        // zones added live through the page's own socket (the command path's cmd/map ops, as in
        // maps/samples/house-zones.yaml) are drawn: the rug keep-out red, the hallway speed zone orange.
        // One edit at a time, each after its reply, as a client that reads replies sends them.
        js.executeScript("wally.socket.send(JSON.stringify({id: 901, command: 'map', op: 'add_zone', name: 'rug', kind: 'keepout',"
                + " points: [[3.5, 0], [4.5, 0], [4.5, 2.2], [3.5, 2.2]]}));");
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return wally.replies.some(r => r.id === 901)")));
        js.executeScript("wally.socket.send(JSON.stringify({id: 902, command: 'map', op: 'add_zone', name: 'hallway', kind: 'speed',"
                + " points: [[0, 3.5], [10, 3.5], [10, 4.725], [0, 4.725]], costFactor: 1.5, maxSpeedMps: 0.15}));");
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return wally.replies.some(r => r.id === 902)")));
        assertThat(js.executeScript("return JSON.stringify(wally.replies.filter(r => r.command === 'map' && !r.ok))")).isEqualTo("[]");
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return wally.zones.length === 2")));
        Thread.sleep(300); // a few animation frames
        List<Number> rug = pixelAt(js, 3.7, 0.6);
        List<Number> hallway = pixelAt(js, 2.0, 4.1);
        assertThat(rug.get(0).intValue() - rug.get(1).intValue()).as("keep-out drawn red: %s", rug).isGreaterThan(30);
        assertThat(hallway.get(0).intValue() - hallway.get(2).intValue()).as("speed zone drawn orange: %s", hallway).isGreaterThan(30);
        assertThat(hallway.get(1).intValue()).as("orange, not red: %s", hallway).isGreaterThan(hallway.get(2).intValue());

        // click "kitchen", confirm: the robot marker moves towards it
        double d0 = distanceToPlace(js, "kitchen");
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) js.executeScript(
                "const p = wally.places.find(p => p.name === 'kitchen'); return wally.toScreen(p.xMeters, p.yMeters);");
        WebElement canvas = browser.findElement(By.id("map"));
        int cx = canvas.getRect().getWidth() / 2;
        int cy = canvas.getRect().getHeight() / 2;
        new Actions(browser).moveToElement(canvas, (int) Math.round(at.get(0).doubleValue()) - cx,
                (int) Math.round(at.get(1).doubleValue()) - cy).click().perform();
        wait.until(d -> browser.findElement(By.id("confirm")).isDisplayed());
        assertThat(browser.findElement(By.id("confirm-text")).getText()).contains("kitchen");
        browser.findElement(By.id("confirm-go")).click();
        wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                "return wally.replies.some(r => r.command === 'goto' && r.ok)")));
        wait.until(d -> distanceToPlace(js, "kitchen") < d0 - 0.5);
        Thread.sleep(500);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);

        // stop: the pose holds for a second
        browser.findElement(By.id("stop")).click();
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return wally.replies.some(r => r.command === 'stop' && r.ok)")));
        Thread.sleep(500); // the robot coasts to a halt
        double[] held = pose(js);
        Thread.sleep(1000);
        double[] after = pose(js);
        assertThat(Math.hypot(after[0] - held[0], after[1] - held[1])).as("moved after stop").isLessThan(0.01);

        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).as("console errors").isEmpty();
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    private String startWallySim() throws IOException, InterruptedException {
        int mqttPort = freePort();
        int dashboardPort = freePort();
        String yaml = Files.readString(REPO.resolve("robot-config/sim.yaml"))
                .replace("../maps/samples/house.yaml", REPO.resolve("maps/samples/house.yaml").toString())
                .replaceFirst("embeddedPort: \\d+", "embeddedPort: " + mqttPort)
                .replace("~/.wally/sim-store", tmp.resolve("store").toString()); // a private store: never the user's edits
        Path config = tmp.resolve("sim.yaml");
        Files.writeString(config, yaml);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String flags = Files.readAllLines(REPO.resolve("runtime/target/wally.env")).stream()
                .filter(l -> l.startsWith("WALLY_JVM_FLAGS=")).findFirst().orElseThrow().substring("WALLY_JVM_FLAGS=".length());
        command.addAll(List.of(flags.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.wally.runtime.cli.WallyMain", "sim",
                "--config", config.toString(), "--headless", "--speed", "1", "--duration", "600s",
                "--dashboard", Integer.toString(dashboardPort)));
        Path log = tmp.resolve("wally-sim.log");
        wally = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Pattern first = Pattern.compile("wally sim: dashboard (http://\\S+/), ");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith("wally sim:")).toList();
            if (!lines.isEmpty()) {
                Matcher m = first.matcher(lines.get(0));
                assertThat(m.find()).as("first line names the dashboard: %s", lines.get(0)).isTrue();
                assertThat(m.group(1)).isEqualTo("http://127.0.0.1:" + dashboardPort + "/");
                return m.group(1);
            }
            assertThat(wally.isAlive()).as("wally sim died: %s", Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("wally sim printed no first line in 60 s: " + Files.readString(log));
    }

    private static ChromeDriver chromium() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath()); // never Selenium Manager's download
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Up to {@code most} cells of {@code state} whose 3 x 3 neighbourhood has that state too, spread over the grid. */
    private static List<int[]> cells(OccupancyGrid grid, CellState state, int most) {
        List<int[]> all = new ArrayList<>();
        for (int row = 1; row < grid.height() - 1; row++) {
            for (int col = 1; col < grid.width() - 1; col++) {
                boolean same = true;
                for (int dr = -1; dr <= 1 && same; dr++) {
                    for (int dc = -1; dc <= 1 && same; dc++) {
                        same = grid.state(col + dc, row + dr) == state;
                    }
                }
                if (same) {
                    all.add(new int[] {col, row});
                }
            }
        }
        List<int[]> picked = new ArrayList<>();
        for (int i = 0; i < most && !all.isEmpty(); i++) {
            picked.add(all.get((int) ((long) i * all.size() / most)));
        }
        return picked;
    }

    @SuppressWarnings("unchecked")
    /** The canvas colour at the centre of {@code cell}, placed by the map file's own geometry (not the page's). */
    private static List<Number> pixel(JavascriptExecutor js, OccupancyGrid grid, int[] cell) {
        return (List<Number>) js.executeScript(
                "const [sx, sy] = wally.toScreen(arguments[0], arguments[1]);"
                        + "const c = document.getElementById('map'), dpr = window.devicePixelRatio || 1;"
                        + "const d = c.getContext('2d').getImageData(Math.round(sx * dpr), Math.round(sy * dpr), 1, 1).data;"
                        + "return [d[0], d[1], d[2]];", grid.cellCentreX(cell[0], cell[1]), grid.cellCentreY(cell[0], cell[1]));
    }

    /** The canvas colour at {@code (x, y)} metres, placed by the page's own transform. */
    @SuppressWarnings("unchecked")
    private static List<Number> pixelAt(JavascriptExecutor js, double xMeters, double yMeters) {
        return (List<Number>) js.executeScript(
                "const [sx, sy] = wally.toScreen(arguments[0], arguments[1]);"
                        + "const c = document.getElementById('map'), dpr = window.devicePixelRatio || 1;"
                        + "const d = c.getContext('2d').getImageData(Math.round(sx * dpr), Math.round(sy * dpr), 1, 1).data;"
                        + "return [d[0], d[1], d[2]];", xMeters, yMeters);
    }

    private static boolean isColour(List<Number> rgb, int r, int g, int b) {
        return Math.abs(rgb.get(0).intValue() - r) <= 8 && Math.abs(rgb.get(1).intValue() - g) <= 8
                && Math.abs(rgb.get(2).intValue() - b) <= 8;
    }

    private static double[] pose(JavascriptExecutor js) {
        @SuppressWarnings("unchecked")
        Map<String, Number> p = (Map<String, Number>) js.executeScript("return {x: wally.pose.x, y: wally.pose.y};");
        return new double[] {p.get("x").doubleValue(), p.get("y").doubleValue()};
    }

    private static double distanceToPlace(JavascriptExecutor js, String name) {
        return ((Number) js.executeScript("const p = wally.places.find(p => p.name === arguments[0]);"
                + "return Math.hypot(p.xMeters - wally.pose.x, p.yMeters - wally.pose.y);", name)).doubleValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
