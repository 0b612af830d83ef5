package io.wally.hal.pi4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Tells whether this machine is a Raspberry Pi, from the device tree's model string
 * ({@code /proc/device-tree/model}, or {@code /sys/firmware/devicetree/base/model}), without touching Pi4J:
 * so that a command meant for the robot can refuse on a laptop in one line, before Pi4J logs its board
 * detection and fails on the first pin.
 *
 * <p>Tests (and a board whose device tree lives elsewhere) name the file to read with the system property
 * {@value #MODEL_FILE_PROPERTY}. Stateless; thread-safe.
 */
public final class RaspberryPi {

    /** System property naming the model file to read instead of the device tree's. */
    public static final String MODEL_FILE_PROPERTY = "wally.deviceTreeModel";

    private static final List<Path> DEVICE_TREE_MODEL_FILES =
            List.of(Path.of("/proc/device-tree/model"), Path.of("/sys/firmware/devicetree/base/model"));

    private RaspberryPi() {
    }

    /** The model files read, in order: the property's file alone when it is set, else the device tree's. */
    public static List<Path> modelFiles() {
        String override = System.getProperty(MODEL_FILE_PROPERTY);
        return override == null || override.isBlank() ? DEVICE_TREE_MODEL_FILES : List.of(Path.of(override));
    }

    /**
     * The board's model (for example {@code Raspberry Pi 4 Model B Rev 1.4}) when this is a Raspberry Pi;
     * empty on any other machine, or when no model file can be read.
     */
    public static Optional<String> model() {
        for (Path file : modelFiles()) {
            try {
                // the device tree's strings end in a NUL byte
                String model = Files.readString(file, StandardCharsets.US_ASCII).replace("\0", "").strip();
                return model.startsWith("Raspberry Pi") ? Optional.of(model) : Optional.empty();
            } catch (IOException e) {
                // no such file here: try the next place the device tree may be
            }
        }
        return Optional.empty();
    }

    /**
     * Fails unless this is a Raspberry Pi.
     *
     * @throws NotRaspberryPiException saying what was read, where
     */
    public static void require() {
        if (model().isEmpty()) {
            throw new NotRaspberryPiException("this is not a Raspberry Pi (no Raspberry Pi model in "
                    + String.join(" or ", modelFiles().stream().map(Path::toString).toList()) + ")");
        }
    }

    /** This machine is not a Raspberry Pi: the Pi kit's pins and buses are not there. */
    public static final class NotRaspberryPiException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotRaspberryPiException(String message) {
            super(message);
        }
    }
}
