package io.wally.runtime.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wally.hal.BatteryCurve;
import io.wally.hal.BatteryMonitor;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration of one robot, as loaded from a YAML file by {@link ConfigLoader}.
 *
 * <p>Immutable; every value has been validated (ranges, enums, required keys). Keys a file leaves out
 * take the defaults in {@code io/wally/runtime/config/defaults.yaml}. Relative paths are resolved
 * against the directory of the file that names them; {@code ~} is the user's home.
 */
public record WallyConfig(
        Robot robot, MapSettings map, Store store, Control control, Drive drive, Motors motors,
        Sensors sensors, Sim sim, Mqtt mqtt, HomeAssistant homeassistant, Dashboard dashboard, Foxglove foxglove,
        Vda5050 vda5050, Battery battery) {

    /** As the canonical constructor, with the battery section's defaults ({@link Battery#DEFAULTS}). */
    public WallyConfig(Robot robot, MapSettings map, Store store, Control control, Drive drive, Motors motors,
            Sensors sensors, Sim sim, Mqtt mqtt, HomeAssistant homeassistant, Dashboard dashboard, Foxglove foxglove,
            Vda5050 vda5050) {
        this(robot, map, store, control, drive, motors, sensors, sim, mqtt, homeassistant, dashboard, foxglove, vda5050,
                Battery.DEFAULTS);
    }

    /**
     * The battery (docs/configuration.md): its voltage curve ({@code fullVolts}, {@code emptyVolts},
     * {@code internalOhms}; see {@link BatteryCurve}), the level below which a warning is published
     * ({@code lowPercent}; 0: never) and the level below which the robot drives to its dock ({@code dockPercent};
     * 0: never).
     */
    public record Battery(double lowPercent, double dockPercent, double fullVolts, double emptyVolts, double internalOhms) {
        /** A 2S Li-ion pack; warn below 20 %, return to the dock below 10 %. */
        public static final Battery DEFAULTS = new Battery(20, 10, BatteryCurve.TWO_CELL_LI_ION.fullVolts(),
                BatteryCurve.TWO_CELL_LI_ION.emptyVolts(), BatteryCurve.TWO_CELL_LI_ION.internalOhms());

        /** The voltage curve of this pack. */
        public BatteryCurve curve() {
            return new BatteryCurve(fullVolts, emptyVolts, internalOhms);
        }
    }

    /** The battery section, its defaults ({@link Battery#DEFAULTS}) when the file has none. */
    public Battery batteryOrDefaults() {
        return battery == null ? Battery.DEFAULTS : battery;
    }

    /**
     * The robot's battery monitor ({@code battery}, empty without one) with the percent of its readings from
     * the configured curve, as every consumer shows it ({@code telemetry/battery}, the dashboard, Home
     * Assistant, VDA 5050).
     */
    public Optional<BatteryMonitor> batteryMonitor(Optional<BatteryMonitor> battery) {
        return battery.map(batteryOrDefaults().curve()::applied);
    }

    /** A copy with another battery section. */
    public WallyConfig withBattery(Battery value) {
        return new WallyConfig(robot, map, store, control, drive, motors, sensors, sim, mqtt, homeassistant, dashboard, foxglove,
                vda5050, value);
    }

    /** As the canonical constructor, with Home Assistant discovery off ({@link HomeAssistant#OFF}). */
    public WallyConfig(Robot robot, MapSettings map, Store store, Control control, Drive drive, Motors motors,
            Sensors sensors, Sim sim, Mqtt mqtt) {
        this(robot, map, store, control, drive, motors, sensors, sim, mqtt, HomeAssistant.OFF);
    }

    /** As the canonical constructor, with the dashboard, the Foxglove server and the VDA 5050 interface off. */
    public WallyConfig(Robot robot, MapSettings map, Store store, Control control, Drive drive, Motors motors,
            Sensors sensors, Sim sim, Mqtt mqtt, HomeAssistant homeassistant) {
        this(robot, map, store, control, drive, motors, sensors, sim, mqtt, homeassistant, Dashboard.OFF, Foxglove.OFF, Vda5050.OFF);
    }

    /** This configuration with {@code foxglove} replaced. */
    public WallyConfig withFoxglove(Foxglove value) {
        return new WallyConfig(robot, map, store, control, drive, motors, sensors, sim, mqtt, homeassistant, dashboard, value, vda5050,
                battery);
    }

    /** A copy with another VDA 5050 section (tests, several robots in one process). */
    public WallyConfig withVda5050(Vda5050 value) {
        return new WallyConfig(robot, map, store, control, drive, motors, sensors, sim, mqtt, homeassistant, dashboard, foxglove, value,
                battery);
    }

    /**
     * The VDA 5050 robot interface (docs/fleet.md): topics {@code <interfaceName>/v2/<manufacturer>/<serialNumber>/…}
     * on the broker of {@code mqtt}; {@code serialNumber} null means the robot id; {@code version} is the
     * protocol version every header carries.
     */
    public record Vda5050(boolean enabled, String interfaceName, String manufacturer, String serialNumber, String version) {
        /** Off, with the standard's defaults. */
        public static final Vda5050 OFF = new Vda5050(false, "uagv", "wally", null, "2.1.0");
    }

    /**
     * The live web dashboard (docs/visualise.md): whether it is served, the address and port it listens on
     * (port 0: any free port), and the token a client must present (null: none; required when {@code bind} is
     * not a loopback address). {@link #toString} never shows the token.
     */
    public record Dashboard(boolean enabled, String bind, int port, String token) {
        /** Dashboard off. */
        public static final Dashboard OFF = new Dashboard(false, "127.0.0.1", 8080, null);

        /** A copy served on another port, or off when {@code port} is null. */
        public Dashboard onPort(Integer newPort) {
            return newPort == null ? new Dashboard(false, bind, port, token) : new Dashboard(true, bind, newPort, token);
        }

        @Override
        public String toString() {
            return "Dashboard[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token=" + (token == null ? "null" : "***") + "]";
        }
    }

    /**
     * The Foxglove WebSocket protocol server (docs/visualise.md): on or off, the address and TCP port it
     * listens on (0: any free port), and the token clients must present ({@code ?token=} or {@code
     * Authorization: Bearer}); null for none, allowed only on a loopback address.
     */
    public record Foxglove(boolean enabled, String bind, int port, String token) {
        /** Server off, loopback, the protocol's usual port 8765, no token. */
        public static final Foxglove OFF = new Foxglove(false, "127.0.0.1", 8765, null);

        /** This with {@code enabled} and {@code port} replaced (the {@code --foxglove} option). */
        public Foxglove withPort(boolean on, int newPort) {
            return new Foxglove(on, bind, newPort, token);
        }

        @Override
        public String toString() {
            return "Foxglove[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token=" + (token == null ? "null" : "***") + "]";
        }
    }

    /**
     * Home Assistant MQTT discovery (docs/home-assistant.md): whether the robot announces itself, and the
     * discovery prefix Home Assistant listens on ({@code homeassistant} unless changed there).
     */
    public record HomeAssistant(boolean enabled, String discoveryPrefix) {
        /** Discovery off, default prefix. */
        public static final HomeAssistant OFF = new HomeAssistant(false, "homeassistant");
    }

    /** Which robot this is. {@code id} names the MQTT topics {@code wally/<id>/…}. */
    public record Robot(String id, Kind kind) {
        /** Simulated robot or the Raspberry Pi kit. */
        public enum Kind { @JsonProperty("sim") SIM, @JsonProperty("pi") PI }
    }

    /**
     * The map the robot starts with (a named-places YAML or a ROS map_server YAML; null for none), the grid connectivity
     * (4 or 8) used when importing a grid, and how far a point given in metres may move to the nearest free cell
     * ({@code snapRadiusMeters}, 0 to 5 m).
     */
    public record MapSettings(String file, int connectivity, double snapRadiusMeters) {
    }

    /** Where the persistent map store lives and how durable a mutation is before it is acknowledged. */
    public record Store(String dir, Durability durability, int groupCommitMillis, boolean checkpointOnClose) {
        /** Durability policies of the write-ahead log (see docs/persistence.md). */
        public enum Durability { @JsonProperty("sync") SYNC, @JsonProperty("group") GROUP, @JsonProperty("none") NONE }
    }

    /** The control loop and the agent threads. */
    public record Control(int loopHz, int watchdogMillis, Threading threading, int queueCapacity) {
        /** Agents on their own threads, or composed onto one. */
        public enum Threading { @JsonProperty("dedicated") DEDICATED, @JsonProperty("composed") COMPOSED }
    }

    /** Geometry and limits of the two-wheeled base. */
    public record Drive(
            double wheelBaseMeters, double wheelRadiusMeters, double maxSpeedMps, double maxTurnRateRadPerS,
            int encoderTicksPerRev, double goalToleranceMeters) {
    }

    /** The motor driver: duty limit, PWM frequency and pins (BCM numbering). */
    public record Motors(String driver, double maxDuty, int pwmFrequencyHz, Motor left, Motor right, Integer standbyPin) {
        /** One motor channel: PWM pin and the two direction pins. */
        public record Motor(int pwmPin, int forwardPin, int backwardPin) {
        }
    }

    /** The robot's sensors. */
    public record Sensors(List<Ranger> rangers, Encoders encoders, I2cDevice imu, I2cDevice battery, Integer bumperPin) {
        /** An HC-SR04 style ultrasonic ranger, mounted at {@code angleDegrees} (0 = straight ahead). */
        public record Ranger(String name, int triggerPin, int echoPin, double angleDegrees, double maxRangeMeters) {
        }

        /** Quadrature encoder pins of both wheels. */
        public record Encoders(int leftA, int leftB, int rightA, int rightB) {
        }

        /** A device on an I2C bus. */
        public record I2cDevice(int bus, int address) {
        }
    }

    /** The simulated world: time scale, noise and its seed. */
    public record Sim(double speed, long seed, double rangeNoiseMeters, double odometryNoise, double startX,
            double startY, double startHeadingDegrees) {
    }

    /**
     * MQTT: broker, credentials, TLS, telemetry rates, payload limit, the prefix {@code replyTo} must have
     * (null: {@code wally/<id>/reply/}), and the accounts of the embedded broker.
     * {@code secretsFile} names a YAML file whose {@code mqtt.username} and {@code mqtt.password} are
     * merged in when MQTT starts ({@link SecretsFile}); {@link #toString} never shows the password.
     */
    public record Mqtt(
            String broker, int embeddedPort, String username, String password, Tls tls, Telemetry telemetry,
            int maxPayloadBytes, String replyPrefix, String secretsFile, Embedded embedded) {

        /** A copy with other credentials (what the secrets file gives). */
        public Mqtt withCredentials(String user, String pass) {
            return new Mqtt(broker, embeddedPort, user, pass, tls, telemetry, maxPayloadBytes, replyPrefix, secretsFile, embedded);
        }

        /** A copy naming another secrets file. */
        public Mqtt withSecretsFile(String file) {
            return new Mqtt(broker, embeddedPort, username, password, tls, telemetry, maxPayloadBytes, replyPrefix, file, embedded);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Mqtt[broker=" + broker + ", embeddedPort=" + embeddedPort + ", username=" + username
                    + ", password=" + (password == null ? "null" : "***") + ", tls=" + tls + ", telemetry=" + telemetry
                    + ", maxPayloadBytes=" + maxPayloadBytes + ", replyPrefix=" + replyPrefix + ", secretsFile=" + secretsFile + ", embedded=" + embedded + "]";
        }

        /** The embedded broker's accounts: none means anonymous clients (on loopback); any means only these. */
        public record Embedded(List<User> users) {
        }

        /**
         * One account of the embedded broker: {@code name} (a robot's is its robot id), {@code role} and a
         * salted hash made by {@code wally passwd}. {@link #toString} leaves the hash out.
         */
        public record User(String name, Role role, String passwordHash) {
            /** robot: its own subtree {@code wally/<name>/#}; operator: also commands to and telemetry of every robot. */
            public enum Role { @JsonProperty("robot") ROBOT, @JsonProperty("operator") OPERATOR }

            @Override
            public String toString() {
                return "User[" + name + ", " + role + "]";
            }
        }

        /** TLS material; all null for a plain connection. */
        public record Tls(String caFile, String certFile, String keyFile) {
        }

        /** Telemetry publication rates in Hz (0 disables a topic). */
        public record Telemetry(double poseHz, double sensorsHz, double planHz, double healthHz, double batteryHz) {
            /** As the canonical constructor, battery telemetry at 1 Hz. */
            public Telemetry(double poseHz, double sensorsHz, double planHz, double healthHz) {
                this(poseHz, sensorsHz, planHz, healthHz, 1);
            }
        }
    }

    /** A copy with another dashboard section. */
    public WallyConfig withDashboard(Dashboard value) {
        return new WallyConfig(robot, map, store, control, drive, motors, sensors, sim, mqtt, homeassistant, value, foxglove, vda5050,
                battery);
    }

    /** Whether {@code host} names this machine only: localhost, 127.0.0.0/8 or ::1. */
    public static boolean isLoopback(String host) {
        String h = host.trim();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }
}
