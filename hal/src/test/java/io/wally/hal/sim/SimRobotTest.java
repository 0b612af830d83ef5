package io.wally.hal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wally.hal.Health;
import io.wally.hal.RangeReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimRobotTest {

    private static SimSettings noiseless(double tau) {
        SimSettings d = SimSettings.defaults(0, 0);
        return new SimSettings(d.wheelBaseMeters(), d.wheelRadiusMeters(), d.maxWheelSpeedMps(), tau,
                d.encoderTicksPerRev(), d.robotRadiusMeters(),
                List.of(new SimSettings.Ranger("front", 0, 4.0), new SimSettings.Ranger("left", 90, 4.0)),
                0, 0, 0, 1, 0, 0, 0, 0.005, 0.05);
    }

    private static SimSettings noisy(long seed) {
        SimSettings d = noiseless(0.1);
        return new SimSettings(d.wheelBaseMeters(), d.wheelRadiusMeters(), d.maxWheelSpeedMps(), 0.1,
                d.encoderTicksPerRev(), d.robotRadiusMeters(), d.rangers(), 0.02, 0.05, 0.01, seed, 0, 0, 0, 0.005, 0.05);
    }

    @Test
    void shouldMoveReadEncodersAndRangeAsGroundTruthWhenNoiseless() {
        // given the 4 m x 3 m room, robot at (0, 0) heading +x, no motor lag
        try (SimRobot robot = new SimRobot(new SimWorld(SimWorldTest.room()), noiseless(0))) {
            robot.motors().setDuty(0.5, 0.5); // 0.2 m/s

            // when 2 s pass
            robot.advanceSeconds(2.0);

            // then 0.4 m travelled; ticks = floor(0.4 m / (2 pi 0.033 m) * 40); time stamps are simulated
            assertThat(robot.truePose().xMeters()).isCloseTo(0.4, within(1e-9));
            long expectedTicks = (long) Math.floor(0.4 / (2 * Math.PI * 0.033) * 40);
            assertThat(robot.encoders().latest().leftTicks()).isEqualTo(expectedTicks);
            assertThat(robot.encoders().latest().rightTicks()).isEqualTo(expectedTicks);
            assertThat(robot.clock().nanoTime()).isEqualTo(2_000_000_000L);
            // front wall at 2.9: 2.5 m ahead; left wall at 1.9 (1e-9: no noise)
            RangeReading front = robot.rangeSensors().get(0).latest();
            assertThat(front.health()).isEqualTo(Health.OK);
            assertThat(front.rangeMeters()).isCloseTo(2.5, within(1e-9));
            assertThat(robot.rangeSensors().get(1).latest().rangeMeters()).isCloseTo(1.9, within(1e-9));
            assertThat(robot.imu().latest().yawRateRadPerS()).isCloseTo(0, within(1e-12));
            assertThat(robot.bumper().orElseThrow().latest().pressed()).isFalse();
        }
    }

    @Test
    void shouldStartTheBatteryFromASetChargeAndDrainItWhileDriving() {
        try (SimRobot robot = new SimRobot(new SimWorld(SimWorldTest.room()), noiseless(0))) {
            assertThat(robot.battery().orElseThrow().latest().percent()).isBetween(90.0, 100.0);

            robot.setBatteryPercent(30);
            robot.motors().setDuty(0.5, 0.5);
            robot.step();
            double set = robot.battery().orElseThrow().latest().percent();
            robot.advanceSeconds(60);

            assertThat(set).isCloseTo(30, within(1.0));
            assertThat(robot.battery().orElseThrow().latest().percent()).isLessThan(set);
        }
    }

    @Test
    void shouldStopAtWallAndPressBumperWhenDrivingIntoIt() {
        try (SimRobot robot = new SimRobot(new SimWorld(SimWorldTest.room()), noiseless(0))) {
            robot.motors().setDuty(1, 1);

            robot.advanceSeconds(10); // 4 m of drive towards a wall 2.9 m away

            // then stopped with the 10 cm footprint within one step (2 mm) of the wall face
            assertThat(robot.truePose().xMeters()).isCloseTo(2.8, within(0.0021));
            assertThat(robot.bumper().orElseThrow().latest().pressed()).isTrue();
            assertThat(robot.collisions()).isPositive();
        }
    }

    @Test
    void shouldSeeObstacleAddedWhileRunning() {
        try (SimRobot robot = new SimRobot(new SimWorld(SimWorldTest.room()), noiseless(0))) {
            robot.advanceSeconds(0.1);
            assertThat(robot.rangeSensors().get(0).latest().rangeMeters()).isCloseTo(2.9, within(1e-9));

            robot.world().addBox(1.0, -0.3, 1.1, 0.3);
            robot.advanceSeconds(0.1);

            assertThat(robot.rangeSensors().get(0).latest().rangeMeters()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void shouldReportNearestEchoWithinBeamNotOnlyOnAxis() {
        // given a post 1.5 m ahead and 0.3 m to the left: 11.3 degrees off the front sensor's axis
        SimWorld world = new SimWorld(SimWorldTest.room());
        world.addBox(1.5, 0.3, 1.55, 0.35);
        try (SimRobot robot = new SimRobot(world, noiseless(0))) {
            robot.advanceSeconds(0.1);

            // then the front sensor (15 degree half-angle) hears it: about 1.53 m, not the 2.9 m wall
            double range = robot.rangeSensors().get(0).latest().rangeMeters();
            assertThat(range).isBetween(1.5, Math.hypot(1.55, 0.35));
        }
        // and a pencil-beam sensor (0 degrees) sees only the wall on its axis
        SimSettings pencil = withRangers(noiseless(0), List.of(new SimSettings.Ranger("front", 0, 4.0, 0)));
        try (SimRobot robot = new SimRobot(world, pencil)) {
            robot.advanceSeconds(0.1);
            assertThat(robot.rangeSensors().get(0).latest().rangeMeters()).isCloseTo(2.9, within(1e-9));
        }
    }

    private static SimSettings withRangers(SimSettings d, List<SimSettings.Ranger> rangers) {
        return new SimSettings(d.wheelBaseMeters(), d.wheelRadiusMeters(), d.maxWheelSpeedMps(),
                d.motorTimeConstantSeconds(), d.encoderTicksPerRev(), d.robotRadiusMeters(), rangers,
                d.rangeNoiseMeters(), d.odometryNoise(), d.gyroNoiseRadPerS(), d.seed(), d.startX(), d.startY(),
                d.startHeadingRadians(), d.stepSeconds(), d.rangerPeriodSeconds());
    }

    @Test
    void shouldTurnLeftWithImuYawRateWhenRightWheelFaster() {
        try (SimRobot robot = new SimRobot(new SimWorld(SimWorldTest.room()), noiseless(0))) {
            robot.motors().setDuty(-0.25, 0.25);
            robot.advanceSeconds(1);

            assertThat(robot.imu().latest().yawRateRadPerS()).isCloseTo(0.2 / 0.15, within(1e-9));
            assertThat(robot.truePose().headingRadians()).isCloseTo(0.2 / 0.15, within(1e-9));
        }
    }

    private static List<Object> trace(long seed) {
        List<Object> out = new ArrayList<>();
        try (SimRobot robot = new SimRobot(new SimWorld(SimWorldTest.room()), noisy(seed))) {
            robot.motors().setDuty(0.6, 0.4);
            for (int i = 0; i < 20; i++) {
                robot.advanceSeconds(0.1);
                out.add(robot.encoders().latest());
                out.add(robot.imu().latest());
                out.add(robot.rangeSensors().get(0).latest());
            }
        }
        return out;
    }

    @Test
    void shouldRepeatExactlyWithSameSeedAndDifferWithAnother() {
        List<Object> a = trace(7);
        List<Object> b = trace(7);
        List<Object> c = trace(8);

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void shouldRunAtRequestedSpeedOnItsThread() throws InterruptedException {
        try (SimRobot robot = new SimRobot(new SimWorld(SimWorldTest.room()), noiseless(0))) {
            long wallStart = System.nanoTime();
            robot.start(20);

            Thread.sleep(200);

            // sim time first, then wall time: read the other way round, a step taken between the two reads
            // would put the sim clock ahead of the wall time it is compared with
            double simSeconds = robot.simClock().seconds();
            double wallSeconds = (System.nanoTime() - wallStart) * 1e-9;
            // never ahead of 20 x wall time by more than the one step it takes before waiting; on a loaded
            // machine it may lag, but it must be well past real time
            assertThat(simSeconds).isLessThanOrEqualTo(20 * wallSeconds + 0.005);
            assertThat(simSeconds).isGreaterThan(2 * wallSeconds);
            assertThat(robot.failure()).isEmpty();
        }
    }

    @Test
    void shouldRefuseStartInsideObstacle() {
        SimSettings s = SimSettings.defaults(-0.95, 0);
        assertThatThrownBy(() -> new SimRobot(new SimWorld(SimWorldTest.room()), s))
                .hasMessage("start pose (-0.95, 0.0) is inside an obstacle for a robot of radius 0.1 m");
    }
}
