package io.wally.runtime.cli;

import io.wally.hal.pi4j.Pi4jRobotSettings;
import io.wally.hal.pi4j.Pi4jSelftest;
import io.wally.hal.pi4j.RaspberryPi;
import io.wally.hal.selftest.Report;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.hardware.Pi4jSettingsMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally selftest}: checks the Raspberry Pi kit of a configuration device by device (I2C presence, the
 * IMU's identity and a still reading, each ranger's echo, each motor against its encoder, the battery's
 * voltage) and prints a table with a verdict and, for each failure, what to check on the robot.
 *
 * <p>Exit 0 when every check passed, 1 when one failed, 2 for bad usage, a configuration that is not the Pi
 * kit, or a machine that is not a Raspberry Pi (one line, before Pi4J is touched). Run it with
 * {@code wally.service} stopped: the service holds the pins.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Checks the robot's hardware device by device (robot.kind: pi): I2C presence, the IMU's"
            + " identity and a still reading, each ranger's echo, each motor spun forward and back against its"
            + " encoder, the battery's voltage.",
            "Prints a table with a verdict and what to check for each failure. The wheels turn a little each way:"
            + " lift the robot, or use --no-motors. Stop wally.service first (it holds the pins).",
            "Exit 0: every check passed; 1: a check failed; 2: bad usage, or not a Raspberry Pi."})
final class SelftestCommand implements Callable<Integer> {

    /** Duty of the motor spins: enough to turn a geared wheel, gentle on a robot left on the floor. */
    static final double SPIN_DUTY = 0.5;
    /** How long each spin lasts, ms. */
    static final long SPIN_MILLIS = 400;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/wally/wally.yaml",
            description = "Robot configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--no-motors", description = "Do not spin the motors (their checks are skipped).")
    boolean noMotors;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String model = RaspberryPi.model().orElseThrow(() -> new UserErrorException(notAPi()));
        WallyConfig cfg = new ConfigLoader().load(config);
        if (cfg.robot().kind() != WallyConfig.Robot.Kind.PI) {
            throw new UserErrorException("wally selftest checks the Raspberry Pi kit; " + config + " has robot.kind: "
                    + cfg.robot().kind().name().toLowerCase(Locale.ROOT) + " (the simulated robot needs no bring-up)");
        }
        Pi4jRobotSettings settings;
        try {
            settings = Pi4jSettingsMapper.settings(cfg);
        } catch (IllegalArgumentException e) {
            throw new UserErrorException("cannot wire the kit from " + config + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("wally selftest: " + model + ", robot " + cfg.robot().id() + " (" + config + ")");
        out.println(noMotors ? "motors: not spun (--no-motors)"
                : "motors: each wheel turns briefly forward and back - lift the robot (or use --no-motors)");
        out.println();
        quietPi4jStartup();
        Pi4jSelftest.Options options = options(cfg, !noMotors);
        Report report;
        try (Pi4jSelftest selftest = provision(settings, options)) {
            // Ctrl-C during a spin: the JVM stops this thread wherever it is, so brake from the hook
            Thread brake = Thread.ofPlatform().name("wally-selftest-brake").unstarted(selftest::stopMotors);
            Runtime.getRuntime().addShutdownHook(brake);
            out.println(Report.header());
            out.flush();
            report = selftest.run(result -> {
                out.println(Report.row(result));
                out.flush();
            });
            removeHook(brake);
        }
        out.println(report.verdictLine());
        out.flush();
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * What the self-test does for {@code cfg}: the configured pack's curve ({@code battery.emptyVolts} to
     * {@code battery.fullVolts}) bounds a plausible voltage — below empty is a flat pack or a wiring fault,
     * above full another pack.
     */
    static Pi4jSelftest.Options options(WallyConfig cfg, boolean spinMotors) {
        WallyConfig.Battery pack = cfg.battery() == null ? WallyConfig.Battery.DEFAULTS : cfg.battery();
        return new Pi4jSelftest.Options(spinMotors, SPIN_DUTY, SPIN_MILLIS * 1_000_000L, pack.emptyVolts(),
                pack.fullVolts());
    }

    /** The line printed off a Pi, for {@code wally selftest} and {@code wally run} alike. */
    static String notAPi() {
        return "this is not a Raspberry Pi (no Pi model in " + RaspberryPi.modelFiles().getFirst()
                + "); to try WALLY without the robot's hardware: wally sim";
    }

    private static Pi4jSelftest provision(Pi4jRobotSettings settings, Pi4jSelftest.Options options) {
        try {
            return Pi4jSelftest.provision(settings, options);
        } catch (RuntimeException e) {
            // no device could be reached at all (Pi4J's providers missing or refused): one line, a failure
            throw new UserErrorException("cannot start Pi4J on this Pi: " + e.getMessage()
                    + " (is /dev/gpiochip0 there and this user in the gpio and i2c groups?)", ExitCodes.FAILED);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, and braking twice is harmless
        }
    }

    /** Pi4J announces its board detection at INFO: keep warnings only above the table, unless set. */
    private static void quietPi4jStartup() {
        String key = "org.slf4j.simpleLogger.log.com.pi4j";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }

}
