package io.wally.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wally.bench.mqtt.BrokerProcess;
import io.wally.bench.mqtt.BurstBench;
import io.wally.bench.mqtt.PlanRoundTripBench;
import io.wally.runtime.mqtt.EmbeddedBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wally bench mqtt}: plan request round trip through an MQTT broker on a 100,000-node map. */
@Command(name = "mqtt", mixinStandardHelpOptions = true,
        description = {"Plan request round trip through an MQTT broker on a 100,000-node map (317 x 317 grid).",
            "Through WallyRuntime on the simulated robot, through the bridge and a bare planner thread, and the"
                + " same plans called directly; with --broker mosquitto also the bare leg without TCP_NODELAY. p50/p99 in milliseconds."})
final class BenchMqttCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--broker", paramLabel = "URL", defaultValue = "mosquitto",
            description = "mosquitto (start one on a free loopback port for the run), embedded (in-process Moquette),"
                    + " or tcp://host:port of a running broker (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--requests", defaultValue = "2000", description = "Measured requests (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "500", description = "Unmeasured requests first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "Simulator configuration for the runtime leg's robot (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path config;

    @Option(names = "--side", defaultValue = "317", description = "Grid side; side x side nodes (default: ${DEFAULT-VALUE}).")
    int side;

    @Option(names = "--burst", defaultValue = "10000",
            description = "With --broker mosquitto (its default limits): one burst of this many requests to the runtime,"
                    + " a stop in its middle; burst_* keys (0 = skip; default: ${DEFAULT-VALUE}).")
    int burst;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || warmup < 0 || side < 2 || burst < 0) {
            System.err.println("wally: --requests must be >= 1, --warmup >= 0, --side >= 2, --burst >= 0");
            return 2;
        }
        io.wally.runtime.config.WallyConfig sim;
        try {
            sim = new io.wally.runtime.config.ConfigLoader().load(config);
        } catch (io.wally.runtime.config.ConfigException e) {
            System.err.println("wally: " + e.getMessage());
            return 2;
        }
        Map<String, Object> result;
        switch (broker) {
            case "mosquitto" -> {
                try (BrokerProcess mosquitto = BrokerProcess.start(true);
                        BrokerProcess nagle = BrokerProcess.start(false)) {
                    result = PlanRoundTripBench.run(mosquitto.url(), nagle.url(), sim, side, warmup, requests, 42);
                    result.put("broker", "mosquitto (started for the run, loopback)");
                    if (burst > 0) {
                        result.putAll(BurstBench.run(mosquitto.url(), sim, side, burst, 42));
                    }
                }
            }
            case "embedded" -> {
                int port;
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = probe.getLocalPort();
                }
                try (EmbeddedBroker embedded = EmbeddedBroker.start(port, 65_536)) {
                    result = PlanRoundTripBench.run(embedded.url(), sim, side, warmup, requests, 42);
                    result.put("broker", "embedded (Moquette, loopback)");
                }
            }
            default -> {
                if (!broker.startsWith("tcp://")) {
                    System.err.println("wally: --broker must be mosquitto, embedded or tcp://host:port; was " + broker);
                    return 2;
                }
                result = PlanRoundTripBench.run(broker, sim, side, warmup, requests, 42);
            }
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String text = mapper.writeValueAsString(result);
        System.out.println(text);
        if (json != null) {
            java.nio.file.Files.writeString(json, text + "\n");
        }
        return 0;
    }
}
