package io.wally.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mqtt.TestMqttClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wally sim} keeps its map in the configured store: a node added over MQTT in one run is there in
 * the next. Whole runtime, embedded broker on a free port, a private store directory.
 */
@Tag("slow")
class SimStoreRestartTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldFindAMapEditMadeOverMqttAfterARestart() throws Exception {
        // given the sim config with a private store (empty: the first run imports the map file)
        Path store = dir.resolve("sim-store");
        WallyConfig config = SimGotoEndToEndTest.simConfig(store, SimGotoEndToEndTest.freePort());
        String broker = "tcp://127.0.0.1:" + config.mqtt().embeddedPort();

        // when the first run adds a place "charger" over MQTT, and ends
        String first = runWhile(config, client -> request(client, "map",
                "{\"id\": 1, \"op\": \"add_node\", \"name\": \"charger\", \"x\": 1.5, \"y\": 1.0}"), broker);
        assertThat(first).contains("\"ok\":true");
        assertThat(Files.exists(store)).as("the store directory").isTrue();

        // and a second run of the same config is asked where "charger" is
        String second = runWhile(config, client -> request(client, "plan", "{\"id\": 2, \"from\": \"dock\", \"to\": \"charger\"}"),
                broker);

        // then the node is there: a plan to it is answered (no_path: the new node has no edges), not unknown_node
        assertThat(second).contains("\"id\":2").containsAnyOf("\"ok\":true", "no_path").doesNotContain("unknown_node");
    }

    /** Sends {@code body} to {@code cmd/<command>} until the reply is other than not_ready (the runtime starting); that reply. */
    private static String request(TestMqttClient client, String command, String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            client.publish("wally/wally-sim/cmd/" + command, body);
            String reply = client.next("wally/wally-sim/reply", Duration.ofSeconds(20)).payload();
            if (!reply.contains("not_ready") || System.nanoTime() > deadline) {
                return reply;
            }
            Thread.sleep(200);
        }
    }

    interface Exchange {
        String with(TestMqttClient client) throws Exception;
    }

    /**
     * Runs the sim for 20 s of simulated time at 4x; once its broker answers, does {@code exchange} and
     * returns its answer after the run ended (the store checkpointed and closed).
     */
    private String runWhile(WallyConfig config, Exchange exchange, String broker) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        SimSession.Options options = new SimSession.Options(null, true, Duration.ofSeconds(20), null, 4.0, false, Duration.ofSeconds(5));
        CompletableFuture<SimSession.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return SimSession.run(config, options, new PrintWriter(out, true), new PrintWriter(err, true));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String answer;
        try (TestMqttClient client = connect(broker, run)) {
            client.subscribe("wally/wally-sim/reply");
            client.subscribe("wally/wally-sim/status");
            assertThat(client.next("wally/wally-sim/status", Duration.ofSeconds(30)).payload()).isEqualTo("online");
            answer = exchange.with(client);
        }
        SimSession.Result result = run.get();
        assertThat(result.exitCode()).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(out.toString()).as("the first lines say where the store is").contains("map edits are kept in " + config.store().dir());
        return answer;
    }

    /** A client of the sim's embedded broker, once it listens (retried for up to 30 s). */
    private static TestMqttClient connect(String broker, CompletableFuture<?> run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return new TestMqttClient(broker);
            } catch (Exception notYet) {
                if (run.isDone() || System.nanoTime() > deadline) {
                    run.join(); // the run's own failure, if it failed
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
