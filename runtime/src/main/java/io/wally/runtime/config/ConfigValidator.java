package io.wally.runtime.config;

import io.wally.runtime.foxglove.FoxgloveServer;
import io.wally.runtime.mqtt.MqttTopics;
import io.wally.runtime.mqtt.auth.BrokerUsers;
import io.wally.runtime.mqtt.auth.PasswordHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Range and consistency checks on a bound {@link WallyConfig}; one message per problem. */
final class ConfigValidator {

    private static final Pattern ROBOT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_BCM_PIN = 27;
    /** Shortest dashboard token: long enough that guessing it over HTTP is hopeless. */
    static final int MIN_TOKEN_CHARS = 12;

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private static final Pattern VDA_LEVEL = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern HA_PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,7}");

    ConfigValidator(String source) {
        this.source = source;
    }

    List<String> validate(WallyConfig c) {
        if (!ROBOT_ID.matcher(nonNull(c.robot().id())).matches()) {
            problem("robot.id must be 1 to 64 letters, digits, '-' or '_' (it is part of MQTT topics); was \""
                    + c.robot().id() + "\"");
        }
        if (c.map().connectivity() != 4 && c.map().connectivity() != 8) {
            problem("map.connectivity must be 4 or 8; was " + c.map().connectivity());
        }
        range("map.snapRadiusMeters", c.map().snapRadiusMeters(), 0, 5);

        notBlank("store.dir", c.store().dir());
        range("store.groupCommitMillis", c.store().groupCommitMillis(), 1, 1000);

        range("control.loopHz", c.control().loopHz(), 1, 1000);
        range("control.watchdogMillis", c.control().watchdogMillis(), 10, 10_000);
        int capacity = c.control().queueCapacity();
        if (capacity < 64 || capacity > (1 << 24) || Integer.bitCount(capacity) != 1) {
            problem("control.queueCapacity must be a power of two in [64, 16777216]; was " + capacity);
        }

        WallyConfig.Drive d = c.drive();
        openClosed("drive.wheelBaseMeters", d.wheelBaseMeters(), 0, 2);
        openClosed("drive.wheelRadiusMeters", d.wheelRadiusMeters(), 0, 0.5);
        openClosed("drive.maxSpeedMps", d.maxSpeedMps(), 0, 5);
        openClosed("drive.maxTurnRateRadPerS", d.maxTurnRateRadPerS(), 0, 20);
        range("drive.encoderTicksPerRev", d.encoderTicksPerRev(), 1, 100_000);
        openClosed("drive.goalToleranceMeters", d.goalToleranceMeters(), 0, 5);

        WallyConfig.Motors m = c.motors();
        if (!"tb6612".equals(m.driver()) && !"l298n".equals(m.driver())) {
            problem("motors.driver must be one of [tb6612, l298n]; was \"" + m.driver() + "\"");
        }
        openClosed("motors.maxDuty", m.maxDuty(), 0, 1);
        range("motors.pwmFrequencyHz", m.pwmFrequencyHz(), 1, 100_000);
        motor("motors.left", m.left());
        motor("motors.right", m.right());
        if (m.standbyPin() != null) {
            pin("motors.standbyPin", m.standbyPin());
        }

        WallyConfig.Sensors s = c.sensors();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < s.rangers().size(); i++) {
            WallyConfig.Sensors.Ranger r = s.rangers().get(i);
            String at = "sensors.rangers[" + i + "]";
            notBlank(at + ".name", r.name());
            if (r.name() != null && !names.add(r.name())) {
                problem(at + ".name must be unique; \"" + r.name() + "\" is used twice");
            }
            pin(at + ".triggerPin", r.triggerPin());
            pin(at + ".echoPin", r.echoPin());
            range(at + ".angleDegrees", r.angleDegrees(), -180, 180);
            openClosed(at + ".maxRangeMeters", r.maxRangeMeters(), 0, 10);
        }
        WallyConfig.Sensors.Encoders e = s.encoders();
        pin("sensors.encoders.leftA", e.leftA());
        pin("sensors.encoders.leftB", e.leftB());
        pin("sensors.encoders.rightA", e.rightA());
        pin("sensors.encoders.rightB", e.rightB());
        i2c("sensors.imu", s.imu());
        i2c("sensors.battery", s.battery());
        if (s.bumperPin() != null) {
            pin("sensors.bumperPin", s.bumperPin());
        }

        WallyConfig.Sim sim = c.sim();
        openClosed("sim.speed", sim.speed(), 0, 100);
        range("sim.rangeNoiseMeters", sim.rangeNoiseMeters(), 0, 1);
        range("sim.odometryNoise", sim.odometryNoise(), 0, 1);
        range("sim.startHeadingDegrees", sim.startHeadingDegrees(), -360, 360);

        WallyConfig.Mqtt q = c.mqtt();
        String broker = nonNull(q.broker());
        if (!broker.equals("embedded") && !broker.startsWith("tcp://") && !broker.startsWith("ssl://")) {
            problem("mqtt.broker must be \"embedded\", tcp://host:port or ssl://host:port; was \"" + broker + "\"");
        }
        range("mqtt.embeddedPort", q.embeddedPort(), 1, 65_535);
        range("mqtt.maxPayloadBytes", q.maxPayloadBytes(), 256, 268_435_455);
        range("mqtt.telemetry.poseHz", q.telemetry().poseHz(), 0, 100);
        range("mqtt.telemetry.sensorsHz", q.telemetry().sensorsHz(), 0, 100);
        range("mqtt.telemetry.planHz", q.telemetry().planHz(), 0, 100);
        range("mqtt.telemetry.healthHz", q.telemetry().healthHz(), 0, 100);
        range("mqtt.telemetry.batteryHz", q.telemetry().batteryHz(), 0, 100);
        String replyPrefixProblem = q.replyPrefix() == null ? null : MqttTopics.whyNotReplyPrefix(q.replyPrefix());
        if (replyPrefixProblem != null) {
            problem("mqtt.replyPrefix " + replyPrefixProblem + "; was \"" + q.replyPrefix() + "\"");
        }
        if (q.secretsFile() == null && (q.username() == null) != (q.password() == null)) {
            problem("mqtt.username and mqtt.password must be given together");
        }
        embeddedUsers(q.embedded());
        homeAssistant(c.homeassistant());
        dashboard(c.dashboard());
        String foxgloveProblem = FoxgloveServer.whyNot(c.foxglove());
        if (foxgloveProblem != null) {
            problem(foxgloveProblem);
        }
        vda5050(c.vda5050());
        battery(c.battery());
        return problems;
    }

    private void battery(WallyConfig.Battery b) {
        if (b == null) {
            problem("battery must be a section (lowPercent, dockPercent, fullVolts, emptyVolts, internalOhms)");
            return;
        }
        range("battery.lowPercent", b.lowPercent(), 0, 100);
        range("battery.dockPercent", b.dockPercent(), 0, 100);
        if (b.dockPercent() > b.lowPercent()) {
            problem("battery.dockPercent must not be above battery.lowPercent (the warning comes first); was "
                    + fmt(b.dockPercent()) + " > " + fmt(b.lowPercent()));
        }
        openClosed("battery.emptyVolts", b.emptyVolts(), 0, 100);
        openClosed("battery.fullVolts", b.fullVolts(), 0, 100);
        if (!(b.fullVolts() > b.emptyVolts())) {
            problem("battery.fullVolts must be above battery.emptyVolts; was " + fmt(b.fullVolts()) + " <= " + fmt(b.emptyVolts()));
        }
        range("battery.internalOhms", b.internalOhms(), 0, 10);
    }

    private void homeAssistant(WallyConfig.HomeAssistant ha) {
        String prefix = ha == null ? null : ha.discoveryPrefix();
        // One or more topic levels of letters, digits, - and _: no wildcards, no empty level, never wally/ (our own tree).
        if (prefix == null || !HA_PREFIX.matcher(prefix).matches() || prefix.equals("wally") || prefix.startsWith("wally/")) {
            problem("homeassistant.discoveryPrefix must be topic levels of letters, digits, '-' or '_' separated by '/',"
                    + " outside wally/ (Home Assistant's default is homeassistant); was \"" + prefix + "\"");
        }
    }

    private void dashboard(WallyConfig.Dashboard d) {
        if (d == null) {
            problem("dashboard must be a section (enabled, bind, port, token)");
            return;
        }
        range("dashboard.port", d.port(), 0, 65_535);
        if (d.bind() == null || d.bind().isBlank()) {
            problem("dashboard.bind must be an address to listen on (127.0.0.1 for this machine only); was empty");
        } else if (d.enabled() && !WallyConfig.isLoopback(d.bind()) && (d.token() == null || d.token().isBlank())) {
            problem("dashboard.bind is " + d.bind() + ", reachable from other machines, and dashboard.token is empty:"
                    + " anyone on the network could drive the robot; set dashboard.token (" + MIN_TOKEN_CHARS
                    + " or more characters) or bind 127.0.0.1");
        }
        if (d.token() != null && d.token().length() < MIN_TOKEN_CHARS) {
            problem("dashboard.token must be at least " + MIN_TOKEN_CHARS + " characters; was " + d.token().length());
        }
    }

    /** VDA 5050 topic levels allow only A-Z a-z 0-9 _ . - : (the standard's section 6.1). */
    private void vda5050(WallyConfig.Vda5050 v) {
        if (v == null) {
            return;
        }
        for (String[] level : new String[][] {{"interfaceName", v.interfaceName()}, {"manufacturer", v.manufacturer()},
                {"serialNumber", v.serialNumber()}}) {
            boolean robotId = level[0].equals("serialNumber") && level[1] == null; // null: the robot id
            if (!robotId && (level[1] == null || !VDA_LEVEL.matcher(level[1]).matches())) {
                problem("vda5050." + level[0] + " must be letters, digits, '_', '.', '-' or ':'; was \"" + level[1] + "\"");
            }
        }
        if (v.version() == null || !v.version().matches("2\\.\\d+\\.\\d+")) {
            problem("vda5050.version must be a 2.x.y protocol version (the header's version); was \"" + v.version() + "\"");
        }
    }

    private void embeddedUsers(WallyConfig.Mqtt.Embedded embedded) {
        if (embedded == null || embedded.users() == null) {
            problem("mqtt.embedded.users must be a list (empty for an open broker on loopback)");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < embedded.users().size(); i++) {
            WallyConfig.Mqtt.User user = embedded.users().get(i);
            String at = "mqtt.embedded.users[" + i + "]";
            if (user == null) {
                problem(at + " must be a mapping {name, role, passwordHash}");
                continue;
            }
            if (user.name() == null || !BrokerUsers.NAME.matcher(user.name()).matches()) {
                problem(at + ".name must be 1 to 64 letters, digits, - or _; was \"" + user.name() + "\"");
            } else if (!seen.add(user.name())) {
                problem(at + ".name " + user.name() + " is listed twice");
            }
            if (user.role() == null) {
                problem(at + ".role must be robot or operator");
            }
            String hashProblem = PasswordHash.problem(user.passwordHash());
            if (hashProblem != null) {
                problem(at + ".passwordHash " + hashProblem);
            }
        }
    }

    private void motor(String at, WallyConfig.Motors.Motor motor) {
        pin(at + ".pwmPin", motor.pwmPin());
        pin(at + ".forwardPin", motor.forwardPin());
        pin(at + ".backwardPin", motor.backwardPin());
    }

    private void i2c(String at, WallyConfig.Sensors.I2cDevice device) {
        range(at + ".bus", device.bus(), 0, 10);
        if (device.address() < 0x03 || device.address() > 0x77) {
            problem(at + ".address must be a 7-bit I2C address in [0x03, 0x77]; was 0x"
                    + Integer.toHexString(device.address()));
        }
    }

    private void pin(String key, int pin) {
        if (pin < 0 || pin > MAX_BCM_PIN) {
            problem(key + " must be a BCM GPIO number in [0, " + MAX_BCM_PIN + "]; was " + pin);
        }
    }

    private void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            problem(key + " must not be empty");
        }
    }

    private void range(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            problem(key + " must be in [" + fmt(min) + ", " + fmt(max) + "]; was " + fmt(value));
        }
    }

    private void openClosed(String key, double value, double min, double max) {
        if (!(value > min && value <= max)) {
            problem(key + " must be in (" + fmt(min) + ", " + fmt(max) + "]; was " + fmt(value));
        }
    }

    private void problem(String message) {
        problems.add(source + ": " + message);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
