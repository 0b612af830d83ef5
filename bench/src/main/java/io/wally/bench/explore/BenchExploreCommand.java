package io.wally.bench.explore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.bench.BenchJson;
import io.wally.hal.sim.SimRobot;
import io.wally.hal.sim.SimSettings;
import io.wally.hal.sim.SimWorld;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import io.wally.runtime.mapping.SimExploration;
import io.wally.runtime.sim.SimRobotFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wally bench explore}: frontier exploration of the sample house from the dock with no map, in the
 * simulator (seeds 42, 43, ...), scored against the true grid; medians over the runs. Also the drift figure:
 * the same runs with encoder-only heading (gyro weight 0) against the fused heading.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Explores the simulated sample house with no map; map agreement, free IoU, coverage, update p99, drift.")
public final class BenchExploreCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON object of results.")
    Path json;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "robot-config/sim.yaml", description = "Simulator config (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--map", paramLabel = "FILE", defaultValue = "maps/samples/house.yaml", description = "The world (default: ${DEFAULT-VALUE}).")
    Path map;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Runs, seeds 42.. (medians are reported).")
    int runs;

    @Option(names = "--drift-correction", paramLabel = "on|off", defaultValue = "default",
            description = "Scan-to-map drift correction: on, off, or default (SimExploration's default).")
    String driftCorrection;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            System.err.println("wally: --runs must be >= 1; was " + runs);
            return 2;
        }
        SimExploration.Settings settings = switch (driftCorrection) {
            case "on" -> SimExploration.Settings.defaults().withDriftCorrection(true);
            case "off" -> SimExploration.Settings.defaults().withDriftCorrection(false);
            case "default" -> SimExploration.Settings.defaults();
            default -> {
                System.err.println("wally: --drift-correction must be on, off or default; was " + driftCorrection);
                yield null;
            }
        };
        if (settings == null) {
            return 2;
        }
        WallyConfig wally = new ConfigLoader().load(config);
        SimSettings base = SimRobotFactory.settings(wally);
        SimWorld world = new SimWorld(SimRobotFactory.grid(map));
        String[] keys = {"explore_house_sim_s", "map_agreement", "free_iou", "coverage", "mapping_update_us_p99", "final_pose_error_m",
            "final_pose_error_encoders_only_m", "bumps", "wall_s", "driven_m", "drift_position_m_final", "drift_position_m_max",
            "drift_heading_deg_final", "drift_heading_deg_max", "drift_position_per_m", "corrections", "corrections_applied",
            "correction_step_us_p50", "correction_step_us_p99"};
        double[][] v = new double[keys.length][runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            SimExploration.Result fused = once(base, world, 42 + i, settings);
            double wall = (System.nanoTime() - t0) / 1e9;
            SimExploration.Result encoders = once(base, world, 42 + i, settings.withGyroWeight(0.0));
            double[] row = {fused.simSeconds(), fused.score().agreement(), fused.score().freeIou(), fused.score().coverage(),
                fused.updateNanosP99() / 1000.0, fused.finalPoseErrorMeters(), encoders.finalPoseErrorMeters(), fused.bumps(), wall,
                fused.drift().drivenMeters(), fused.drift().positionFinalMeters(), fused.drift().positionMaxMeters(),
                fused.drift().headingFinalDegrees(), fused.drift().headingMaxDegrees(), fused.drift().positionPerMeter(),
                fused.correction().steps(), fused.correction().applied(), fused.correction().stepNanosP50() / 1000.0,
                fused.correction().stepNanosP99() / 1000.0};
            for (int k = 0; k < keys.length; k++) {
                v[k][i] = row[k];
            }
            System.out.println("run " + (i + 1) + ": " + fused);
        }
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("runs", runs);
        out.put("drift_correction", settings.driftCorrection());
        for (int k = 0; k < keys.length; k++) {
            double[] s = v[k].clone();
            Arrays.sort(s);
            out.put(keys[k], s[s.length / 2]);
        }
        out.put("cores", Runtime.getRuntime().availableProcessors());
        BenchJson.write(out, json, true);
        return 0;
    }

    private static SimExploration.Result once(SimSettings b, SimWorld world, long seed, SimExploration.Settings settings) {
        SimSettings s = new SimSettings(b.wheelBaseMeters(), b.wheelRadiusMeters(), b.maxWheelSpeedMps(), b.motorTimeConstantSeconds(),
                b.encoderTicksPerRev(), b.robotRadiusMeters(), b.rangers(), b.rangeNoiseMeters(), b.odometryNoise(), b.gyroNoiseRadPerS(),
                seed, b.startX(), b.startY(), b.startHeadingRadians(), b.stepSeconds(), b.rangerPeriodSeconds());
        try (SimRobot robot = new SimRobot(new SimWorld(world.grid()), s);
                SimExploration run = new SimExploration(robot, settings, world.grid().resolutionMeters())) {
            return run.run();
        }
    }
}
