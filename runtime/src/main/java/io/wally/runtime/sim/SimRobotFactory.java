package io.wally.runtime.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.hal.sim.SimRobot;
import io.wally.hal.sim.SimSettings;
import io.wally.hal.sim.SimWorld;
import io.wally.hal.sim.WorldGrid;
import io.wally.hal.sim.WorldGridReader;
import io.wally.maps.importer.SafeYaml;
import io.wally.runtime.config.WallyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Maps a {@link WallyConfig} onto the simulated robot of {@code io.wally.hal.sim}: the world from the
 * configured map's occupancy grid, the drive geometry, the range sensors and the noise.
 *
 * <p>A wheel's speed at duty 1 is {@code drive.maxSpeedMps}, so the runtime's duty = speed / maxSpeedMps
 * means the same on the simulated robot as on a tuned real one. The robot's footprint is a disc of half
 * the wheel base, the half width the runtime inflates obstacles by. Stateless; thread-safe.
 */
public final class SimRobotFactory {

    /** Time constant of the simulated motors, seconds (small gear motors: 50-150 ms). */
    public static final double MOTOR_TIME_CONSTANT_SECONDS = 0.1;
    /** Physics step, seconds. */
    public static final double STEP_SECONDS = 0.005;
    /** Time between two range readings of one sensor, seconds (an HC-SR04's usual 20 Hz). */
    public static final double RANGER_PERIOD_SECONDS = 0.05;
    /** Gyro noise, rad/s, standard deviation (an MPU-6050's rate noise at 44 Hz bandwidth is about this). */
    public static final double GYRO_NOISE_RAD_PER_S = 0.002;

    private SimRobotFactory() {
    }

    /** The simulated robot's parameters for {@code config}. */
    public static SimSettings settings(WallyConfig config) {
        WallyConfig.Drive drive = config.drive();
        WallyConfig.Sim sim = config.sim();
        List<SimSettings.Ranger> rangers = config.sensors() == null || config.sensors().rangers() == null
                ? List.of()
                : config.sensors().rangers().stream()
                        .map(r -> new SimSettings.Ranger(r.name(), r.angleDegrees(), r.maxRangeMeters()))
                        .toList();
        return new SimSettings(drive.wheelBaseMeters(), drive.wheelRadiusMeters(), drive.maxSpeedMps(),
                MOTOR_TIME_CONSTANT_SECONDS, drive.encoderTicksPerRev(),
                drive.wheelBaseMeters() / 2, rangers, sim.rangeNoiseMeters(),
                sim.odometryNoise(), GYRO_NOISE_RAD_PER_S, sim.seed(), sim.startX(), sim.startY(),
                Math.toRadians(sim.startHeadingDegrees()), STEP_SECONDS, RANGER_PERIOD_SECONDS);
    }

    /**
     * Builds the simulated robot in the grid of {@code mapFile} (not yet stepping: call
     * {@link SimRobot#start(double)}).
     *
     * @throws IllegalArgumentException naming the file when it has no occupancy grid, or the start pose
     *     when the robot would start inside a wall
     */
    public static SimRobot create(WallyConfig config, Path mapFile) {
        return new SimRobot(new SimWorld(grid(mapFile)), settings(config));
    }

    /**
     * The occupancy grid behind a map file: a ROS map_server YAML ({@code image:}) is read directly; a
     * named-places YAML names its grid with {@code grid:} (relative to itself).
     */
    public static WorldGrid grid(Path mapFile) {
        try {
            if (!Files.isRegularFile(mapFile)) {
                throw new IllegalArgumentException("map file " + mapFile + " does not exist");
            }
            // The map file is user input: the same limits as every map YAML (size, nesting, duplicates, aliases).
            JsonNode root = new ObjectMapper(SafeYaml.factory(SafeYaml.MAX_MAP_FILE_BYTES))
                    .readTree(SafeYaml.read(mapFile, SafeYaml.MAX_MAP_FILE_BYTES));
            if (root != null && root.hasNonNull("image")) {
                return WorldGridReader.readRosMap(mapFile);
            }
            if (root != null && root.hasNonNull("grid")) {
                Path grid = mapFile.toAbsolutePath().getParent().resolve(root.get("grid").asText());
                return WorldGridReader.readRosMap(grid);
            }
            throw new IllegalArgumentException("map file " + mapFile + " has neither 'image:' (a ROS map) nor 'grid:'"
                    + " (named places over a grid); the simulator needs an occupancy grid to drive in");
        } catch (SafeYaml.YamlException e) {
            throw new IllegalArgumentException("map file " + mapFile + (e.line() > 0 ? " line " + e.line() : "") + ": "
                    + (e.syntax() ? "not valid YAML: " : "") + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read map " + mapFile + ": " + e.getMessage(), e);
        }
    }
}
