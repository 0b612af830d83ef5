package io.wally.bench.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.BenchJson;
import io.wally.runtime.config.ConfigException;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally bench query}: graph queries interpreted vs compiled vs hand-written on a one-million-node grid,
 * then {@code cmd/query} round trips through Mosquitto to the simulated robot on the sample house.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Graph queries (scan, two-hop expand, aggregation) interpreted vs compiled vs hand-written on a one-million-node grid;"
                + " then cmd/query round trips through Mosquitto (loopback) to the simulated robot on the sample house (query_p50/p99_ms_house).")
public final class BenchQueryCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--size", paramLabel = "N", defaultValue = "1000", description = "Side of the grid (default 1000: one million nodes).")
    int size;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "3", description = "Timed runs per engine and query (medians are reported).")
    int reps;

    @Option(names = "--mqtt-requests", paramLabel = "N", defaultValue = "1000",
            description = "Measured cmd/query round trips on the house (0 skips the MQTT leg; default: ${DEFAULT-VALUE}).")
    int mqttRequests;

    @Option(names = "--mqtt-warmup", paramLabel = "N", defaultValue = "200", description = "Unmeasured round trips first (default: ${DEFAULT-VALUE}).")
    int mqttWarmup;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "Simulator configuration of the robot for the MQTT leg; its map is the house (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (size < 10 || reps < 1 || mqttRequests < 0 || mqttWarmup < 0) {
            System.err.println("wally: --size must be >= 10, --reps >= 1, --mqtt-requests and --mqtt-warmup >= 0; was " + size + ", " + reps
                    + ", " + mqttRequests + " and " + mqttWarmup);
            return 2;
        }
        WallyConfig sim = null;
        if (mqttRequests > 0) {
            try {
                sim = new ConfigLoader().load(config);
            } catch (ConfigException e) {
                System.err.println("wally: " + e.getMessage());
                return 2;
            }
        }
        ObjectNode result = new QueryBench(size, reps, System.out).run();
        if (sim != null) {
            Map<String, Object> mqtt = QueryRoundTripBench.run(sim, mqttWarmup, mqttRequests);
            System.out.printf("house via MQTT: %d round trips, p50 %s ms, p99 %s ms, %s compiled%n", mqttRequests, mqtt.get("query_p50_ms_house"),
                    mqtt.get("query_p99_ms_house"), mqtt.get("query_compiled_share_house"));
            result.setAll((ObjectNode) new ObjectMapper().valueToTree(mqtt));
        }
        BenchJson.write(result, json, false);
        return 0;
    }
}
