package io.wally.runtime.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import io.wally.hal.NanoClock;
import io.wally.hal.pi4j.Pi4jRobot;
import io.wally.hal.pi4j.Pi4jRobotSettings;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Pi4jSettingsMapperTest {

    private final WallyConfig pi = new ConfigLoader().load(Path.of("../robot-config/wally-pi.yaml"));

    @Test
    void shouldMapKitConfigurationPinForPin() {
        Pi4jRobotSettings s = Pi4jSettingsMapper.settings(pi);

        assertThat(s.motorDriver()).isEqualTo(Pi4jRobotSettings.MotorDriverKind.TB6612);
        assertThat(s.leftMotor()).isEqualTo(new Pi4jRobotSettings.MotorPins(12, 5, 6));
        assertThat(s.rightMotor()).isEqualTo(new Pi4jRobotSettings.MotorPins(13, 16, 20));
        assertThat(s.standbyPin()).isEqualTo(21);
        assertThat(s.rangers()).containsExactly(
                new Pi4jRobotSettings.RangerPins("front", 23, 24, 0, 4.0),
                new Pi4jRobotSettings.RangerPins("left", 7, 8, 45, 4.0),
                new Pi4jRobotSettings.RangerPins("right", 9, 11, -45, 4.0));
        assertThat(s.encoders()).isEqualTo(new Pi4jRobotSettings.EncoderPins(17, 27, 22, 25));
        assertThat(s.imu()).isEqualTo(new Pi4jRobotSettings.I2cAddress(1, 0x68));
        assertThat(s.battery()).isEqualTo(new Pi4jRobotSettings.I2cAddress(1, 0x40));
        assertThat(s.bumperPin()).isEqualTo(26);
        assertThat(s.maxDuty()).isEqualTo(0.8);
        assertThat(s.encoderTicksPerRev()).isEqualTo(40);
    }

    @Test
    void shouldOpenKitOnMockProvidersFromShippedConfig() {
        Context context = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockPwmProvider.newInstance(), MockI2CProvider.newInstance())
                .build();
        try (Pi4jRobot robot = Pi4jRobot.open(Pi4jSettingsMapper.settings(pi), context, NanoClock.SYSTEM)) {
            assertThat(robot.rangeSensors()).hasSize(3);
            assertThat(context.registry().get("ranger-right-trig", DigitalOutput.class).address()).isEqualTo(9);
            assertThat(context.registry().get("battery", I2C.class).device()).isEqualTo(0x40);
        }
        assertThat(context.isShutdown()).isTrue();
    }
}
