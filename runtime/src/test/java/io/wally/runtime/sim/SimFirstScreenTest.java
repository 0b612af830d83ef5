package io.wally.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.testing.MosquittoBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first screen of {@code wally sim} as a new user sees it, in an 80-column terminal ({@code COLUMNS=80}),
 * from a real child process: the places, a {@code mosquitto_pub} line that works when pasted (this test runs
 * it), the dashboard and Foxglove addresses, how to stop; status lines with named fields; stopping it (SIGTERM, the
 * same shutdown path as Ctrl-C) ends it with a one-line summary and exit 0.
 */
@Tag("slow")
@Timeout(180)
class SimFirstScreenTest {

    @RegisterExtension
    static final MosquittoBroker broker = new MosquittoBroker();

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void shouldExplainItselfWithin80ColumnsAndSummariseOnCtrlC() throws Exception {
        // given wally sim started in an 80-column terminal (not a tty here: plain status lines)
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String flags = Files.readAllLines(REPO.resolve("runtime/target/wally.env")).stream()
                .filter(l -> l.startsWith("WALLY_JVM_FLAGS=")).findFirst().orElseThrow().substring("WALLY_JVM_FLAGS=".length());
        command.addAll(List.of(flags.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.wally.runtime.cli.WallyMain",
                "sim", "--config", simConfig().toString(), "--broker", broker.url(), "--dashboard", "0", "--foxglove", "0",
                "--status-every", "500ms"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(tmp.resolve("stderr.log").toFile());
        builder.environment().put("COLUMNS", "80");
        Process sim = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            }
        });
        try {
            // when it has started and shows its status
            assertThat(await(lines, l -> l.contains("mqtt connected"), Duration.ofSeconds(90)))
                    .as("stdout:%n%s%nstderr:%n%s", String.join("\n", lines), stderr()).isTrue();

            // then the first screen names the places, how to drive, where to look and how to stop
            int end = lines.indexOf("Ctrl-C to stop.");
            assertThat(end).as("first screen:%n%s", String.join("\n", lines)).isPositive();
            List<String> first = List.copyOf(lines.subList(0, end + 1));
            System.out.println(String.join("\n", first)); // for the build log
            assertThat(first.getFirst()).matches("wally sim: dashboard http://127\\.0\\.0\\.1:\\d+/, robot wally-sim .*");
            assertThat((first.get(0) + " " + first.get(1)).replaceAll("\\s+", " ")).contains("robot wally-sim at (1.00, 1.00) in house.yaml");
            int placesAt = first.indexOf(first.stream().filter(l -> l.startsWith("places:")).findFirst().orElseThrow());
            String places = first.get(placesAt) + " " + first.get(placesAt + 1);
            assertThat(places).contains("dock,").contains("kitchen,").contains("living room door");
            // the command, continued with a backslash when it is wider than the terminal
            int at = first.indexOf(first.stream().filter(l -> l.contains("mosquitto_pub")).findFirst().orElseThrow());
            StringBuilder pasted = new StringBuilder(first.get(at));
            while (first.get(at).endsWith(" \\")) {
                pasted.append("\n").append(first.get(++at));
            }
            String pub = pasted.toString();
            assertThat(pub).contains("-p " + broker.port()).contains("-t wally/wally-sim/cmd/goto")
                    .contains("'{\"id\":\"1\",\"target\":\"kitchen\"}'");
            assertThat(first).anyMatch(l -> l.startsWith("Foxglove: ws://127.0.0.1:"));
            assertThat(first).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
            // and its status lines name their fields and fit too
            String status = lines.stream().filter(l -> l.contains("mqtt connected")).findFirst().orElseThrow();
            assertThat(status).matches("t \\d+\\.\\ds  pos \\d+\\.\\d\\d,\\d+\\.\\d\\d  .*goal .*mqtt connected.*");
            assertThat(status.length()).isLessThanOrEqualTo(80);

            // when the mosquitto_pub line is pasted into a shell
            Process paste = new ProcessBuilder("sh", "-c", pub.strip()).redirectErrorStream(true).start();
            assertThat(paste.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(paste.exitValue()).as(new String(paste.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
            // then the robot takes the goal
            assertThat(await(lines, l -> l.contains("goal kitchen"), Duration.ofSeconds(30)))
                    .as("stdout:%n%s", String.join("\n", lines)).isTrue();

            // when Ctrl-C
            // (SIGTERM takes the same shutdown path as Ctrl-C's SIGINT; SIGINT cannot be used here: a JVM started from a
            // non-interactive shell's background job inherits SIGINT ignored and then installs no handler for it, as in CI)
            new ProcessBuilder("kill", "-TERM", Long.toString(sim.pid())).start().waitFor(10, TimeUnit.SECONDS);
            // then one summary line, and exit 0
            boolean exited = sim.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                new ProcessBuilder(Path.of(command.getFirst()).resolveSibling("jcmd").toString(), Long.toString(sim.pid()), "Thread.print").redirectOutput(tmp.resolve("threads.txt").toFile())
                        .start().waitFor(20, TimeUnit.SECONDS);
            }
            assertThat(exited).as("exited within 60 s of Ctrl-C; stderr:%n%s%nthreads:%n%s", stderr(),
                    Files.exists(tmp.resolve("threads.txt")) ? Files.readString(tmp.resolve("threads.txt")) : "").isTrue();
            reader.join(5_000);
            String last = lines.getLast();
            assertThat(last).as("stdout:%n%s%nstderr:%n%s", String.join("\n", lines), stderr())
                    .matches("stopped after \\d+s: drove \\d+\\.\\d\\d m, \\d+ goals? reached, .*");
            assertThat(last.length()).isLessThanOrEqualTo(80);
            assertThat(sim.exitValue()).isZero();
        } finally {
            sim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean await(List<String> lines, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lines.stream().anyMatch(wanted)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private String stderr() throws IOException {
        Path f = tmp.resolve("stderr.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** robot-config/sim.yaml with the map's path made absolute and the store in the test's directory. */
    private Path simConfig() throws IOException {
        String yaml = Files.readString(REPO.resolve("robot-config/sim.yaml"));
        String withMap = yaml.replace("file: ../maps/samples/house.yaml", "file: " + REPO.resolve("maps/samples/house.yaml"));
        String withStore = withMap.replace("dir: ~/.wally/sim-store", "dir: " + tmp.resolve("store"));
        assertThat(withStore).as("sim.yaml keys this test rewrites").isNotEqualTo(withMap).isNotEqualTo(yaml);
        Path config = tmp.resolve("sim.yaml");
        Files.writeString(config, withStore);
        return config;
    }
}
