package io.wally.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headline scenario of {@code wally sim}: on the sample house, drive from the dock to the kitchen;
 * an obstacle appears on the first route; the range sensor sees it, the map agent marks it, the planner
 * routes around it, and the robot arrives. Whole runtime, embedded MQTT broker on a free port, sped up.
 */
@Tag("slow")
class SimGotoEndToEndTest {

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static WallyConfig simConfig(Path storeDir, int port) {
        WallyConfig c = new ConfigLoader().load(Path.of("../robot-config/sim.yaml"));
        WallyConfig.Mqtt m = c.mqtt();
        return new WallyConfig(c.robot(), c.map(),
                new WallyConfig.Store(storeDir.toString(), c.store().durability(), c.store().groupCommitMillis(),
                        c.store().checkpointOnClose()),
                c.control(), c.drive(), c.motors(), c.sensors(), c.sim(),
                new WallyConfig.Mqtt(m.broker(), port, m.username(), m.password(), m.tls(), m.telemetry(),
                        m.maxPayloadBytes(), m.replyPrefix(), m.secretsFile(), m.embedded()));
    }

    @Test
    @Timeout(90)
    void shouldArriveInKitchenAroundObstaclePlacedOnFirstRoute() throws Exception {
        // given the sample house, the robot at the dock, an embedded broker on a free port
        WallyConfig config = simConfig(dir.resolve("store"), freePort());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        SimSession.Options options = new SimSession.Options(null, true, Duration.ofSeconds(120), "kitchen", 8.0, true,
                Duration.ofSeconds(1));

        // when
        SimSession.Result result = SimSession.run(config, options, new PrintWriter(out, true), new PrintWriter(err, true));

        System.out.print(out); // the run's own lines, for the build log
        // then it arrived, after an obstacle was put on its first route and marked in the graph
        assertThat(result.exitCode()).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        assertThat(result.finalLine()).matches("ARRIVED kitchen \\d+\\.\\d");
        assertThat(out.toString()).contains("OBSTACLE at (").contains(result.finalLine());
        assertThat(result.obstacle()).isPresent();
        assertThat(result.counters().get("obstacleCellsMarked")).as("cells marked blocked").isPositive();
        assertThat(result.counters().get("replans")).as("plans repaired after the obstacle").isPositive();
        // within the goal tolerance (0.1 m) plus one cell of map resolution of the kitchen (7.8, 0.7)
        assertThat(result.truePose().xMeters()).isCloseTo(7.8, within(0.2));
        assertThat(result.truePose().yMeters()).isCloseTo(0.7, within(0.2));
        // and it went around the obstacle (which stands across the first route) without touching it
        assertThat(result.collisions()).as("steps blocked by walls or the obstacle").isZero();
    }
}
