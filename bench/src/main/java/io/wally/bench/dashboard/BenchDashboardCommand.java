package io.wally.bench.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.BenchJson;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench dashboard}: map frame size, pose-to-frame latency, control-loop jitter with 50 clients. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Dashboard: map bytes (house, 1000 x 1000), pose-to-frame p99, control-loop and sensor-to-graph p99 with 50 dashboard + 10 Foxglove clients.")
public final class BenchDashboardCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results (default: stdout).")
    Path json;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "A simulated robot's configuration with a map (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "Length of each timed phase (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Alternating runs for the jitter ratio (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--foxglove-clients", paramLabel = "N", defaultValue = "10",
            description = "Foxglove protocol clients beside the 50 dashboard clients in the jitter phases (default: ${DEFAULT-VALUE}).")
    int foxgloveClients;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0 && seconds <= 600) || repeats < 1 || repeats > 50 || foxgloveClients < 0 || foxgloveClients > 200) {
            System.err.println("wally bench dashboard: --seconds must be in (0, 600], --repeats in [1, 50] and --foxglove-clients in [0, 200];"
                    + " were " + seconds + ", " + repeats + ", " + foxgloveClients);
            return 2;
        }
        WallyConfig loaded = new ConfigLoader().load(config);
        // the bench starts its own dashboards on free ports; the configured one stays off
        WallyConfig quiet = loaded.withDashboard(loaded.dashboard().onPort(null));
        ObjectNode result = new ObjectMapper().valueToTree(new DashboardBench(quiet, seconds, repeats, foxgloveClients).run());
        BenchJson.write(result, json, true);
        return 0;
    }
}
