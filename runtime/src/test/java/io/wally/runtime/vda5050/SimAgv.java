package io.wally.runtime.vda5050;

import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.TelemetrySink;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.sim.LockstepLoop;
import io.wally.runtime.sim.SimRobotFactory;
import java.nio.file.Path;

/**
 * One simulated robot in the sample house speaking VDA 5050 on a test's broker: its own store directory,
 * serial number, runtime, lock-step loop and adapter (the runtime's own MQTT bridge is not needed here).
 */
final class SimAgv implements AutoCloseable {

    final WallyConfig config;
    final SimRobot robot;
    final WallyRuntime runtime;
    final LockstepLoop loop;
    final Vda5050Adapter adapter;
    final Vda5050Topics topics;

    SimAgv(String brokerUrl, String serial, Path storeDir, double speed, double startX, double startY) throws Exception {
        WallyConfig c = new ConfigLoader().load(Path.of("../robot-config/sim.yaml"));
        WallyConfig.Mqtt m = c.mqtt();
        WallyConfig.Sim s = c.sim();
        config = new WallyConfig(new WallyConfig.Robot(serial, c.robot().kind()), c.map(),
                new WallyConfig.Store(storeDir.toString(), c.store().durability(), c.store().groupCommitMillis(), false),
                c.control(), c.drive(), c.motors(), c.sensors(),
                new WallyConfig.Sim(s.speed(), s.seed(), s.rangeNoiseMeters(), s.odometryNoise(), startX, startY, s.startHeadingDegrees()),
                new WallyConfig.Mqtt(brokerUrl, m.embeddedPort(), null, null, m.tls(), m.telemetry(), m.maxPayloadBytes(),
                        m.replyPrefix(), null, m.embedded()),
                WallyConfig.HomeAssistant.OFF).withVda5050(new WallyConfig.Vda5050(true, "uagv", "wally", null, "2.1.0"));
        robot = SimRobotFactory.create(config, Path.of(config.map().file()));
        runtime = WallyRuntime.builder(config, robot).telemetry(TelemetrySink.NONE).manualStepping().start();
        loop = new LockstepLoop(robot, runtime, speed);
        adapter = Vda5050Adapter.startFor(config, brokerUrl, runtime, robot).orElseThrow();
        topics = adapter.topics();
        loop.start();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {adapter, loop, runtime, robot}) {
            c.close();
        }
    }
}
