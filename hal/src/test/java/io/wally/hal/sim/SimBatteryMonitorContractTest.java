package io.wally.hal.sim;

import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryMonitorContract;
import io.wally.hal.NanoClock;
import org.junit.jupiter.api.Assumptions;

/** The {@link BatteryMonitor} contract on the simulated pack, sampled as {@link SimRobot} samples it. */
class SimBatteryMonitorContractTest extends BatteryMonitorContract {

    private final SimClock clock = new SimClock();
    private SimBatteryMonitor monitor;

    @Override
    protected BatteryMonitor create() {
        monitor = new SimBatteryMonitor();
        return monitor;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void sampleDischarging() {
        clock.advance(5_000_000);
        monitor.sample(0.5, 0.5, clock.nanoTime());
    }

    @Override
    protected void sampleWithFault() {
        Assumptions.abort("the simulated battery has no failure mode: it is a formula of the duty");
    }
}
