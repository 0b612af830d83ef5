package io.wally.bench.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.BenchJson;
import io.wally.bench.mqtt.BrokerProcess;
import io.wally.runtime.config.ConfigException;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally bench fleet}: N simulated robots in real time on one Mosquitto, each speaking VDA 5050 with its
 * own runtime, driven by orders from one master control. Fleet sizes grow (1, 2, 5, 10, 20, 35, 50, capped by
 * {@code --robots}) until a robot's control period goes more than 10 % over its nominal one.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"N simulated VDA 5050 robots (real time, one process) on one Mosquitto started for the run.",
            "Reports state_msgs_per_s, order_to_driving_p99_ms, and the largest N (up to --robots, at most 50) for which"
                + " every robot keeps its control period within 10 %%."})
public final class BenchFleetCommand implements Callable<Integer> {

    /** Fleet sizes tried, smallest first. */
    static final int[] SIZES = {1, 2, 5, 10, 20, 35, 50};

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--robots", defaultValue = "50", description = "Largest fleet to try, 1..50 (default: ${DEFAULT-VALUE}).")
    int robots;

    @Option(names = "--seconds", defaultValue = "6", description = "Measured seconds per fleet size (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "Simulator configuration of every robot (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (robots < 1 || robots > 50 || seconds < 1) {
            System.err.println("wally: --robots must be 1..50 and --seconds >= 1; were " + robots + ", " + seconds);
            return 2;
        }
        WallyConfig sim;
        try {
            sim = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            System.err.println("wally: " + e.getMessage());
            return 2;
        }
        ObjectNode result = new ObjectMapper().createObjectNode();
        ArrayNode runs = result.putArray("runs");
        int largestOk = 0;
        FleetRun.Figures atLargest = null;
        List<Integer> sizes = new ArrayList<>();
        for (int n : SIZES) {
            if (n < robots) {
                sizes.add(n);
            }
        }
        sizes.add(robots);
        try (BrokerProcess mosquitto = BrokerProcess.start(true)) {
            for (int n : sizes) {
                FleetRun.Figures f = FleetRun.run(mosquitto.url(), sim, n, seconds);
                ObjectNode run = runs.addObject();
                run.put("robots", n);
                run.put("state_msgs_per_s", f.stateMessagesPerSecond());
                run.put("visualization_msgs_per_s", f.visualizationMessagesPerSecond());
                run.put("order_to_driving_p50_ms", f.orderToDrivingP50Millis());
                run.put("order_to_driving_p99_ms", f.orderToDrivingP99Millis());
                run.put("orders", f.orders());
                run.put("control_period_nominal_ms", f.nominalPeriodMillis());
                run.put("control_period_worst_ms", f.worstPeriodMillis());
                run.put("control_period_within_10_percent", f.withinTenPercent());
                System.err.printf("fleet: %d robots: worst control period %.2f ms (nominal %.1f), %d orders, p99 %.1f ms%n",
                        n, f.worstPeriodMillis(), f.nominalPeriodMillis(), f.orders(), f.orderToDrivingP99Millis());
                if (!f.withinTenPercent()) {
                    break;
                }
                largestOk = n;
                atLargest = f;
            }
        }
        result.put("broker", "mosquitto (started for the run, loopback)");
        result.put("robots_tried_up_to", robots);
        result.put("largest_n_within_10_percent", largestOk);
        if (atLargest != null) {
            result.put("state_msgs_per_s", atLargest.stateMessagesPerSecond());
            result.put("order_to_driving_p99_ms", atLargest.orderToDrivingP99Millis());
        }
        result.put("cores", Runtime.getRuntime().availableProcessors());
        BenchJson.write(result, json, true);
        return 0;
    }
}
