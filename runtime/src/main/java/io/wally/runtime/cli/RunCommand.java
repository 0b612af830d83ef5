package io.wally.runtime.cli;

import io.wally.hal.Robot;
import io.wally.hal.pi4j.RaspberryPi;
import io.wally.maps.store.StoreException;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.agent.StateViews;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.console.Console;
import io.wally.runtime.console.ConsoleLogging;
import io.wally.runtime.console.RobotStatus;
import io.wally.runtime.console.RunTally;
import io.wally.runtime.hardware.RobotHardware;
import io.wally.runtime.dashboard.DashboardServer;
import io.wally.runtime.foxglove.FoxgloveOption;
import io.wally.runtime.foxglove.FoxgloveServer;
import io.wally.runtime.homeassistant.HomeAssistantAdapter;
import io.wally.runtime.vda5050.Vda5050Adapter;
import io.wally.runtime.mqtt.MqttService;
import io.wally.runtime.mqtt.MqttStartException;
import io.wally.runtime.systemd.SdNotify;
import io.wally.runtime.systemd.SdNotifyException;
import io.wally.runtime.systemd.SystemdWatchdog;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code wally run}: runs the runtime on the robot of the configuration (the Pi4J kit for {@code
 * robot.kind: pi}); what the systemd unit starts.
 *
 * <p>Order: configuration, devices, MQTT (connects in the background), the pipeline with the persistent
 * map store of {@code store.dir} (first start: {@code map.file} imported into it; later starts: the
 * stored graph); then {@code READY=1} to systemd and {@code WATCHDOG=1} while the control loop's cycle
 * counter moves. SIGTERM or Ctrl-C: {@code STOPPING=1}, motors stopped, pipeline stopped, store
 * committed, checkpointed ({@code store.checkpointOnClose}) and closed, {@code offline} published,
 * devices closed, exit 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the runtime on the robot of the configuration (Pi4J hardware for robot.kind: pi);"
            + " what the systemd unit starts.", "Stops cleanly on SIGTERM or Ctrl-C (motors stopped, exit 0)."})
final class RunCommand implements Callable<Integer> {

    /** Between two status lines on a terminal (redrawn in place). */
    private static final Duration LIVE_STATUS_PERIOD = Duration.ofSeconds(1);
    /** Between two status lines elsewhere (the systemd journal): one a minute is a heartbeat, not noise. */
    private static final Duration PLAIN_STATUS_PERIOD = Duration.ofSeconds(60);

    /** How long SIGTERM waits for the clean shutdown before the JVM goes down anyway. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/wally/wally.yaml",
            description = "Robot configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @CommandLine.Mixin
    BrokerOption broker = new BrokerOption();
    @CommandLine.Mixin
    FoxgloveOption foxglove = new FoxgloveOption();

    @CommandLine.Mixin
    DashboardOption dashboardOption = new DashboardOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        WallyConfig cfg = foxglove.applyTo(dashboardOption.applyTo(broker.applyTo(new ConfigLoader().load(config))));
        SdNotify systemd = SdNotify.fromEnvironment();
        Robot robot = openRobot(cfg);
        MqttService mqtt = null;
        WallyRuntime runtime = null;
        SystemdWatchdog watchdog = null;
        HomeAssistantAdapter homeAssistant = null;
        Optional<DashboardServer> dashboard = Optional.empty();
        FoxgloveServer foxgloveServer = null;
        Vda5050Adapter vda5050 = null;
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean cleanStop = new AtomicBoolean();
        RunTally tally = new RunTally();
        long startNanos = System.nanoTime();
        try {
            mqtt = startMqtt(cfg);
            runtime = startRuntime(cfg, robot, mqtt);
            mqtt.attach(runtime);
            homeAssistant = HomeAssistantAdapter.startFor(cfg, mqtt.bridge(), runtime, robot);
            dashboard = DashboardServer.startFor(cfg, runtime, robot, mqtt.bridge()::isConnected, spec.commandLine().getErr());
            foxgloveServer = FoxgloveServer.startFor(cfg, runtime, robot, spec.commandLine().getErr());
            vda5050 = startVda5050(cfg, mqtt, runtime, robot);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("wally-shutdown").unstarted(() -> {
                stopRequested.countDown();
                try {
                    if (stopped.await(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && cleanStop.get()) {
                        // Stopped cleanly on a signal: exit 0 rather than the JVM's 143 for SIGTERM.
                        Runtime.getRuntime().halt(ExitCodes.OK);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            notify(systemd, "READY=1\nSTATUS=running robot " + cfg.robot().id() + ", MQTT " + mqtt.brokerUrl());
            WallyRuntime running = runtime;
            watchdog = SystemdWatchdog.start(systemd, () -> running.counters().controlCycles.get(),
                    SystemdWatchdog.periodFromEnvironment());
            spec.commandLine().getOut().println("wally: running robot " + cfg.robot().id() + " (" + cfg.robot().kind()
                    .name().toLowerCase(Locale.ROOT) + "), MQTT " + mqtt.brokerUrl()
                    + " (topics wally/" + cfg.robot().id() + "/...); stop with SIGTERM or Ctrl-C");
            spec.commandLine().getOut().println("wally: map from " + runtime.mapOrigin());
            dashboard.ifPresent(d -> spec.commandLine().getOut().println("wally: dashboard " + d.url()));
            spec.commandLine().getOut().flush();
            showStatusUntil(stopRequested, running, mqtt, tally);
            notify(systemd, "STOPPING=1");
            cleanStop.set(true);
            return ExitCodes.OK;
        } finally {
            // motors first (runtime.close() stops them), then the pipeline, MQTT ("offline"), the devices
            if (watchdog != null) {
                watchdog.close();
            }
            dashboard.ifPresent(DashboardServer::close);
            if (foxgloveServer != null) {
                foxgloveServer.close(); // it reads the runtime's graph too
            }
            if (vda5050 != null) {
                vda5050.close(); // OFFLINE on its connection topic; it reads the runtime's graph too
            }
            if (homeAssistant != null) {
                homeAssistant.close(); // it reads the runtime's graph: before the runtime frees it
            }
            if (runtime != null) {
                runtime.close();
            }
            if (mqtt != null) {
                mqtt.close();
            }
            robot.close();
            if (cleanStop.get()) {
                spec.commandLine().getOut().println(tally.summary(Duration.ofNanos(System.nanoTime() - startNanos),
                        "map store " + cfg.store().dir()));
                spec.commandLine().getOut().flush();
            }
            stopped.countDown();
        }
    }

    /**
     * Shows the robot's status line until a stop is requested: redrawn in place every second on a terminal
     * (log lines above it), else a plain line a minute (systemd's journal).
     */
    private void showStatusUntil(CountDownLatch stopRequested, WallyRuntime runtime, MqttService mqtt, RunTally tally)
            throws InterruptedException {
        Console console = Console.forStandardOutput(spec.commandLine().getOut(), false);
        ConsoleLogging logging = console.live() ? ConsoleLogging.install(console) : null;
        long startNanos = System.nanoTime();
        long printEveryNanos = (console.live() ? LIVE_STATUS_PERIOD : PLAIN_STATUS_PERIOD).toNanos();
        long nextPrint = startNanos;
        try {
            do {
                StateViews.Status status = runtime.status();
                tally.position(status.xMeters(), status.yMeters()); // sampled every second, shown less often
                tally.goal(runtime.mission().goalId(), status.state() == Mission.State.ARRIVED);
                long now = System.nanoTime();
                if (now - nextPrint >= 0) {
                    nextPrint = now + printEveryNanos;
                    console.status(RobotStatus.line("up", RunTally.clock(Duration.ofNanos(now - startNanos)), status,
                            mqtt.bridge().connection().state().wireName()));
                }
            } while (!stopRequested.await(LIVE_STATUS_PERIOD.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            console.close();
            if (logging != null) {
                logging.close();
            }
        }
    }

    private static Robot openRobot(WallyConfig cfg) {
        try {
            return RobotHardware.open(cfg);
        } catch (RaspberryPi.NotRaspberryPiException e) {
            throw new UserErrorException(SelftestCommand.notAPi());
        } catch (IllegalArgumentException e) {
            throw new UserErrorException("cannot open the robot (" + cfg.robot().kind().name().toLowerCase(Locale.ROOT)
                    + "): " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UserErrorException("cannot open the robot's hardware (robot.kind: "
                    + cfg.robot().kind().name().toLowerCase(Locale.ROOT) + "): " + e
                    + (cfg.robot().kind() == WallyConfig.Robot.Kind.PI
                            ? " (is this a Raspberry Pi with GPIO and I2C enabled? To try WALLY without hardware: wally sim)"
                            : ""), e);
        }
    }

    private static WallyRuntime startRuntime(WallyConfig cfg, Robot robot, MqttService mqtt) {
        try {
            return WallyRuntime.builder(cfg, robot).telemetry(mqtt.telemetry()).storeFromConfig().start();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new UserErrorException("cannot start the runtime: " + e.getMessage(), e);
        } catch (StoreException e) {
            throw new UserErrorException("cannot open the map store " + cfg.store().dir() + ": " + e.getMessage(), e);
        }
    }

    private static MqttService startMqtt(WallyConfig cfg) {
        try {
            return MqttService.start(cfg);
        } catch (MqttStartException e) {
            throw new UserErrorException(e.getMessage(), e);
        }
    }

    private static Vda5050Adapter startVda5050(WallyConfig cfg, MqttService mqtt, WallyRuntime runtime, Robot robot) {
        try {
            return Vda5050Adapter.startFor(cfg, mqtt.brokerUrl(), runtime, robot).orElse(null);
        } catch (MqttStartException e) {
            throw new UserErrorException(e.getMessage(), e);
        }
    }

    private static void notify(SdNotify systemd, String state) {
        try {
            systemd.send(state);
        } catch (SdNotifyException e) {
            System.getLogger(RunCommand.class.getName()).log(System.Logger.Level.WARNING, e.getMessage());
        }
    }
}
