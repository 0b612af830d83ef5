package io.wally.bench.startup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.BenchJson;
import io.wally.runtime.cli.AotTraining;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally bench startup}: how long the {@code ./wally} launcher takes, from the start of the process, to print
 * its version ({@code version_s}), to plan dock to kitchen in the sample house ({@code plan_house_s}), and until
 * {@code wally run} on the simulated robot is ready ({@code run_ready_s}: the line it prints right after
 * {@code READY=1} to systemd; a first boot with a new store each time), and the same with the store of an earlier
 * start ({@code run_restart_ready_s}, how a robot starts after its first boot); each the median of {@code --runs}
 * starts, without the AOT caches ({@code WALLY_AOT=off}) and with them ({@code _aot} keys), side by side. One start
 * of each is made first and not counted (a warm file cache, the restarts' store, and the AOT caches made if they
 * are missing or older than the jar).
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = {"Start-up times of ./wally, median of --runs, without and with the AOT caches (keys with _aot).",
            "Keys: version_s (wally --version), plan_house_s (wally plan on the sample house), run_ready_s (wally run on "
                + "the simulated robot until it is ready, a first boot with a new store) and run_restart_ready_s (the same "
                + "with the store of an earlier start). The caches are made first. Targets on the development machine: "
                + "0.5 s, 1.0 s, 2.0 s, 2.0 s."})
public final class BenchStartupCommand implements Callable<Integer> {

    /** Targets in seconds, in the order of {@link #MEASURES}. */
    static final double[] TARGETS = {0.5, 1.0, 2.0, 2.0};
    static final String[] MEASURES = {"version_s", "plan_house_s", "run_ready_s", "run_restart_ready_s"};
    /** What {@code wally run} prints once it has told systemd {@code READY=1}. */
    static final String READY_LINE = "wally: running robot";
    private static final long TIMEOUT_SECONDS = 120;

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--runs", defaultValue = "5", description = "Starts per figure, 1..50 (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--launcher", paramLabel = "FILE", description = "The launcher to time (default: ./wally of WALLY_HOME).")
    Path launcher;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 50) {
            System.err.println("wally: --runs must be 1..50; was " + runs);
            return 2;
        }
        Path home = Path.of(System.getenv().getOrDefault("WALLY_HOME", ".")).toAbsolutePath().normalize();
        Path wally = launcher != null ? launcher.toAbsolutePath() : home.resolve("wally");
        Path map = home.resolve("maps/samples/house.yaml");
        if (!Files.isExecutable(wally) || !Files.isRegularFile(map)) {
            System.err.println("wally: bench startup needs the launcher " + wally + " and the map " + map + "; run it through ./wally bench startup");
            return 2;
        }
        Path work = Files.createTempDirectory("wally-bench-startup-");
        try {
            ObjectNode result = new ObjectMapper().createObjectNode();
            result.put("runs", runs);
            result.put("load_average_before", loadAverage());
            ObjectNode samples = result.putObject("samples_s");
            for (boolean aot : new boolean[] {false, true}) {
                String suffix = aot ? "_aot" : "";
                Starter starter = new Starter(wally, home, aot);
                if (aot) {
                    // the launcher uses a cache only once one is made: make it now, for the jar being measured
                    result.put("aot_cache_made_s", round3(starter.timeToExit(List.of("aot"))));
                }
                List<List<String>> commands = List.of(List.of("--version"),
                        List.of("plan", "--map", map.toString(), "--from", "dock", "--to", "kitchen"));
                for (int m = 0; m < MEASURES.length; m++) {
                    double[] seconds = new double[runs];
                    for (int i = -1; i < runs; i++) {
                        // run_ready: a first boot each time (a new store: the map imported, then a snapshot);
                        // run_restart_ready: the same store every time, as a robot starts after its first boot
                        String store = m == 2 ? "store-" + (i + 1) : "store-restart" + suffix;
                        double s = m < 2 ? starter.timeToExit(commands.get(m))
                                : starter.timeToReady(AotTraining.writeSimConfig(map, work.resolve(store), work.resolve("run-" + m + "-" + (i + 1) + ".yaml")));
                        if (i >= 0) {
                            seconds[i] = s;
                        }
                    }
                    double median = median(seconds);
                    result.put(MEASURES[m] + suffix, round3(median));
                    ArrayNode all = samples.putArray(MEASURES[m] + suffix);
                    Arrays.stream(seconds).forEach(s -> all.add(round3(s)));
                }
            }
            result.put("load_average_after", loadAverage());
            ObjectNode targets = result.putObject("targets_s");
            for (int m = 0; m < MEASURES.length; m++) {
                targets.put(MEASURES[m], TARGETS[m]);
            }
            System.out.printf(Locale.ROOT, "%-20s %10s %10s %8s%n", "median of " + runs, "no cache", "AOT cache", "target");
            for (int m = 0; m < MEASURES.length; m++) {
                System.out.printf(Locale.ROOT, "%-20s %9.3fs %9.3fs %7.1fs%n", MEASURES[m], result.get(MEASURES[m]).asDouble(),
                        result.get(MEASURES[m] + "_aot").asDouble(), TARGETS[m]);
            }
            System.out.println("load average (1, 5, 15 min): " + result.get("load_average_before").asText() + " before, "
                    + result.get("load_average_after").asText() + " after");
            BenchJson.write(result, json, false);
            return 0;
        } finally {
            deleteRecursively(work);
        }
    }

    /** Starts {@code wally} with or without the AOT cache and times it. */
    private record Starter(Path wally, Path home, boolean aot) {

        ProcessBuilder builder(List<String> args) {
            List<String> command = new ArrayList<>();
            command.add(wally.toString());
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
            pb.environment().put("WALLY_AOT", aot ? "on" : "off");
            pb.environment().remove("WALLY_VECTOR"); // the launcher of bench sets it; a user's start does not
            return pb;
        }

        /** Seconds from start to exit of {@code wally args}, which must exit 0. */
        double timeToExit(List<String> args) throws IOException, InterruptedException {
            long start = System.nanoTime();
            Process process = builder(args).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("wally " + String.join(" ", args) + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
            return (System.nanoTime() - start) / 1e9;
        }

        /** Seconds from start of {@code wally run --config config} to its ready line; then stops it (SIGTERM). */
        double timeToReady(Path config) throws IOException, InterruptedException {
            long start = System.nanoTime();
            Process process = builder(List.of("run", "--config", config.toString())).start();
            StringBuilder seen = new StringBuilder();
            double seconds = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(READY_LINE)) {
                        seconds = (System.nanoTime() - start) / 1e9;
                        break;
                    }
                    seen.append(line).append('\n');
                }
                process.destroy(); // SIGTERM: the clean stop systemd would ask for (it also closes our end of the pipes)
            } finally {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            if (seconds < 0) {
                throw new IllegalStateException("wally run --config " + config + " never said it was ready: " + seen);
            }
            return seconds;
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double round3(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** The 1, 5 and 15 minute load averages of /proc/loadavg, or "unknown". */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
