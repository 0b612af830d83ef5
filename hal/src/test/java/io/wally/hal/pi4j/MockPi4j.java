package io.wally.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import io.wally.hal.NanoClock;
import java.util.concurrent.atomic.AtomicLong;

/** A Pi4J context on the mock providers (added explicitly), and small helpers to provision its I/O. */
final class MockPi4j implements AutoCloseable {

    final Context context = Pi4J.newContextBuilder()
            .add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                    MockPwmProvider.newInstance(), MockI2CProvider.newInstance())
            .build();

    DigitalOutput output(int bcm) {
        return context.create(DigitalOutput.newConfigBuilder(context).id("out" + bcm).address(bcm)
                .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
    }

    MockDigitalInput input(int bcm) {
        return (MockDigitalInput) context.create(DigitalInput.newConfigBuilder(context).id("in" + bcm).address(bcm)
                .pull(PullResistance.OFF).debounce(0L).build());
    }

    Pwm pwm(int channel) {
        return context.create(Pwm.newConfigBuilder(context).id("pwm" + channel).address(channel)
                .pwmType(PwmType.HARDWARE).frequency(1000).initial(0).shutdown(0).build());
    }

    MockI2C i2c(int bus, int address) {
        return (MockI2C) context.create(I2C.newConfigBuilder(context).id("i2c-" + bus + "-" + address).bus(bus)
                .device(address).build());
    }

    @Override
    public void close() {
        context.shutdown();
    }

    /** A clock the test moves by hand. */
    static final class ManualClock implements NanoClock {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        void advanceNanos(long delta) {
            nanos.addAndGet(delta);
        }
    }
}
