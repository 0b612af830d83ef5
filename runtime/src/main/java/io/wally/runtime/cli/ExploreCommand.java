package io.wally.runtime.cli;

import io.wally.hal.sim.SimRobot;
import io.wally.hal.sim.SimSettings;
import io.wally.hal.sim.SimWorld;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mapping.MapImage;
import io.wally.runtime.mapping.RosMapWriter;
import io.wally.runtime.mapping.SimExploration;
import io.wally.runtime.sim.SimRobotFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally explore}: the simulated robot starts at its start pose (the dock) with no map, maps with its sonars
 * and drives to the nearest reachable frontier until none is left or the budget ends (see {@link SimExploration}),
 * printing progress; then writes the map it built as a ROS map_server YAML + PGM and scores it against the
 * simulator's true world (which the mapper never reads). Simulated time runs as fast as the machine goes.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Explores the simulated world from the dock with no map and scores the map it made.",
            "Sonar log-odds mapping and frontier exploration; prints progress, writes the explored map (ROS map_server"
                + " YAML + PGM) and scores it against the simulator's truth.",
            "Times are simulated seconds; the run goes as fast as the machine allows."})
final class ExploreCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml",
            description = "Robot configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--world", paramLabel = "FILE",
            description = "The simulator's world (default: map.file of the configuration); only the simulator reads it.")
    Path world;

    @Option(names = "--out", paramLabel = "FILE.yaml", defaultValue = "explored.yaml",
            description = "Where to write the explored map; the PGM goes beside it (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--image", paramLabel = "FILE.png", description = "Also draw the true world and the explored map side by side.")
    Path image;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "900",
            description = "Stop after this much simulated time (default: ${DEFAULT-VALUE}).")
    double budgetSeconds;

    @Option(names = "--seed", paramLabel = "N", description = "Noise seed (default: sim.seed of the configuration).")
    Long seed;

    @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "30",
            description = "Simulated time between two progress lines (default: ${DEFAULT-VALUE}).")
    double progressEverySeconds;

    @Option(names = "--drift-correction", description = "Correct the pose by correlating the last sonar readings with the map"
            + " (docs/mapping.md, Drift; off by default: on the sample house it does not pay).")
    boolean driftCorrection;

    @Override
    public Integer call() {
        if (!(budgetSeconds > 0) || !Double.isFinite(budgetSeconds)) {
            throw new UserErrorException("--budget must be > 0 seconds; was " + budgetSeconds);
        }
        if (!(progressEverySeconds > 0)) {
            throw new UserErrorException("--progress-every must be > 0 seconds; was " + progressEverySeconds);
        }
        String outName = out.getFileName().toString();
        if (!outName.endsWith(".yaml") && !outName.endsWith(".yml")) {
            throw new UserErrorException("--out must name a .yaml file; was " + out);
        }
        WallyConfig loaded = new ConfigLoader().load(ProjectFiles.locate(config));
        Path worldFile = world != null ? world
                : loaded.map() == null || loaded.map().file() == null ? null : Path.of(loaded.map().file());
        if (worldFile == null) {
            throw new UserErrorException("no world: give --world FILE or map.file in the configuration");
        }
        PrintWriter o = spec.commandLine().getOut();
        var base = SimRobotFactory.settings(loaded);
        SimSettings settings = seed == null ? base : new SimSettings(base.wheelBaseMeters(), base.wheelRadiusMeters(),
                base.maxWheelSpeedMps(), base.motorTimeConstantSeconds(), base.encoderTicksPerRev(), base.robotRadiusMeters(), base.rangers(),
                base.rangeNoiseMeters(), base.odometryNoise(), base.gyroNoiseRadPerS(), seed, base.startX(), base.startY(),
                base.startHeadingRadians(), base.stepSeconds(), base.rangerPeriodSeconds());
        try (SimRobot robot = new SimRobot(new SimWorld(SimRobotFactory.grid(ProjectFiles.locate(worldFile))), settings);
                SimExploration run = new SimExploration(robot, SimExploration.Settings.defaults().withBudget(budgetSeconds)
                        .withDriftCorrection(driftCorrection),
                        robot.world().grid().resolutionMeters())) {
            o.printf(Locale.ROOT, "exploring from (%.2f, %.2f) with no map, budget %.0f s%n", settings.startX(), settings.startY(), budgetSeconds);
            o.flush();
            SimExploration.Result result = run.run(p -> {
                o.printf(Locale.ROOT, "t=%4.0f s  free %5.1f m2  occupied %4.1f m2  frontiers %2d (given up %d)  bumps %d  at (%.2f, %.2f)%n",
                        p.simSeconds(), p.freeSquareMeters(), p.occupiedSquareMeters(), p.frontiers(), p.givenUp(), p.bumps(), p.xMeters(),
                        p.yMeters());
                o.flush();
            }, progressEverySeconds);
            o.printf(Locale.ROOT, "%s after %.0f s: agreement %.3f, free IoU %.3f, coverage %.3f (against the simulator's truth), %d bumps%n",
                    result.finished() ? "EXPLORED (no reachable frontier left)" : "BUDGET ENDED", result.simSeconds(),
                    result.score().agreement(), result.score().freeIou(), result.score().coverage(), result.bumps());
            SimExploration.Drift drift = result.drift();
            o.printf(Locale.ROOT, "drift over %.0f m driven: position %.2f m at the end (max %.2f), heading %.1f deg at the end (max %.1f)%s%n",
                    drift.drivenMeters(), drift.positionFinalMeters(), drift.positionMaxMeters(), drift.headingFinalDegrees(),
                    drift.headingMaxDegrees(), driftCorrection ? String.format(Locale.ROOT, "; %d of %d correlations corrected the pose",
                            result.correction().applied(), result.correction().steps()) : "");
            Path pgm = RosMapWriter.write(run.grid(), out);
            o.printf(Locale.ROOT, "wrote %s and %s%n", out, pgm);
            if (image != null) {
                double[] track = run.track();
                MapImage.write(image, robot.world().grid(), run.grid(), track, track.length / 2);
                o.printf(Locale.ROOT, "wrote %s (true world left, explored map right)%n", image);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            throw new UserErrorException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserErrorException("cannot write " + out + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UserErrorException(e.getMessage(), e);
        }
    }
}
