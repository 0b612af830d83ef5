package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaspberryPiTest {

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        System.clearProperty(RaspberryPi.MODEL_FILE_PROPERTY);
    }

    private void modelFileSays(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("model"), content);
        System.setProperty(RaspberryPi.MODEL_FILE_PROPERTY, file.toString());
    }

    @Test
    void shouldReadTheModelWithoutItsTrailingNulWhenOnAPi() throws IOException {
        modelFileSays("Raspberry Pi 4 Model B Rev 1.4\0");

        assertThat(RaspberryPi.model()).contains("Raspberry Pi 4 Model B Rev 1.4");
        RaspberryPi.require(); // does not throw
    }

    @Test
    void shouldSayNotAPiWhenTheDeviceTreeNamesAnotherBoard() throws IOException {
        modelFileSays("Radxa ROCK 5B\0");

        assertThat(RaspberryPi.model()).isEmpty();
        assertThatThrownBy(RaspberryPi::require).isInstanceOf(RaspberryPi.NotRaspberryPiException.class)
                .hasMessage("this is not a Raspberry Pi (no Raspberry Pi model in " + dir.resolve("model") + ")");
    }

    @Test
    void shouldRefuseBeforeTouchingPi4jWhenThereIsNoDeviceTree() {
        System.setProperty(RaspberryPi.MODEL_FILE_PROPERTY, dir.resolve("absent").toString());

        assertThat(RaspberryPi.model()).isEmpty();
        assertThatThrownBy(() -> Pi4jRobot.open(Pi4jRobotTest.kit(Pi4jRobotSettings.MotorDriverKind.TB6612, 12)))
                .isInstanceOf(RaspberryPi.NotRaspberryPiException.class);
        assertThatThrownBy(() -> Pi4jSelftest.provision(Pi4jRobotTest.kit(Pi4jRobotSettings.MotorDriverKind.TB6612, 12),
                new Pi4jSelftest.Options(false, 0.5, 1, 6, 8.4)))
                .isInstanceOf(RaspberryPi.NotRaspberryPiException.class);
    }

    @Test
    void shouldReadTheDeviceTreeWhenNoFileIsNamed() {
        assertThat(RaspberryPi.modelFiles()).containsExactly(Path.of("/proc/device-tree/model"),
                Path.of("/sys/firmware/devicetree/base/model"));
    }
}
