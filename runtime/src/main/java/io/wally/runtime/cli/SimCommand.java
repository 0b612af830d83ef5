package io.wally.runtime.cli;

import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.foxglove.FoxgloveOption;
import io.wally.runtime.mqtt.MqttStartException;
import io.wally.runtime.sim.SimDurations;
import io.wally.runtime.sim.SimSession;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally sim}: runs the whole runtime (pipeline, graph, planner, motion, MQTT with the embedded
 * broker by default) on the simulated robot, with a live status line; see {@link SimSession}.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs the whole runtime on the simulated robot (embedded MQTT broker by default).",
            "With --goto it drives to a place, putting an obstacle on the first route, and prints",
            "'ARRIVED <place> <seconds>' (exit 0) or why it could not arrive (exit 1).",
            "Durations and seconds are simulated time."})
final class SimCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    BrokerOption broker = new BrokerOption();
    @CommandLine.Mixin
    FoxgloveOption foxglove = new FoxgloveOption();

    @CommandLine.Mixin
    DashboardOption dashboard = new DashboardOption();

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "Robot configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--map", paramLabel = "FILE",
            description = "Map to drive in: named places with a grid, or a ROS map_server YAML (default: map.file).")
    Path map;

    @Option(names = "--blank-map", description = "The robot starts knowing nothing of the map's walls (its grid and places,"
            + " every cell unknown; no store), while the simulator drives in the map: explore it with cmd/explore.")
    boolean blankMap;

    @Option(names = "--headless", description = "Plain log lines instead of a live status line.")
    boolean headless;

    @Option(names = "--duration", paramLabel = "D",
            description = "Stop after D of simulated time: 120s, 2m, 500ms, or seconds (default: until the goal ends).")
    String duration;

    @Option(names = "--goto", paramLabel = "PLACE", description = "Drive to PLACE (a place name or x,y in metres).")
    String gotoPlace;

    @Option(names = "--speed", paramLabel = "X", description = "Time scale: 1 = real time, 10 = ten times faster (default: sim.speed).")
    Double speed;

    @Option(names = "--no-obstacle", description = "Do not put an obstacle on the first route.")
    boolean noObstacle;

    @Option(names = "--status-every", paramLabel = "D", defaultValue = "1s",
            description = "Real time between two status lines (default: ${DEFAULT-VALUE}).")
    String statusEvery;

    @Override
    public Integer call() throws InterruptedException {
        WallyConfig loaded = foxglove.applyTo(dashboard.applyTo(broker.applyTo(new ConfigLoader().load(ProjectFiles.locate(config)))));
        if (speed != null && !(speed > 0 && speed <= 1000)) {
            throw new UserErrorException("--speed must be in (0, 1000]; was " + speed);
        }
        Duration limit;
        Duration statusPeriod;
        try {
            limit = duration == null ? null : SimDurations.parse(duration);
            statusPeriod = SimDurations.parse(statusEvery);
        } catch (IllegalArgumentException e) {
            throw new UserErrorException(e.getMessage());
        }
        SimSession.Options options = new SimSession.Options(map, headless, limit, gotoPlace, speed, !noObstacle,
                statusPeriod, blankMap);
        try {
            SimSession.Result result = SimSession.run(loaded, options, spec.commandLine().getOut(), spec.commandLine().getErr());
            return result.exitCode();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UserErrorException(e.getMessage(), e);
        } catch (MqttStartException e) {
            throw new UserErrorException(e.getMessage(), e);
        }
    }
}
