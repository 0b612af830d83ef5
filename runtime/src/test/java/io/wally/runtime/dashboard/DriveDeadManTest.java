package io.wally.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.hal.sim.SimRobot;
import io.wally.runtime.agent.ManualDrive;
import io.wally.runtime.agent.Mission;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cmd/drive on the simulated robot: the control loop drives, holds 300 ms, then stops by itself. */
class DriveDeadManTest {

    private final SimFixture sim = new SimFixture();

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void shouldDriveWhileFreshAndStopTheMotorsWhenNoDriveCameFor300Ms() {
        sim.step(0.2);
        SimRobot.Pose start = sim.robot.truePose();
        Answer answer = new Answer();

        sim.runtime.submit(new Request.Drive(0.2, 0), answer);
        sim.step(0.25); // inside the dead-man time
        SimRobot.Pose moving = sim.robot.truePose();
        sim.step(0.3); // past it: the motors stop, the robot coasts to a halt
        SimRobot.Pose afterDeadMan = sim.robot.truePose();
        sim.step(1.0);
        SimRobot.Pose later = sim.robot.truePose();

        assertThat(answer.code).as(answer.message).isNull();
        assertThat(distance(start, moving)).as("moved while the drive was fresh").isGreaterThan(0.02);
        assertThat(distance(afterDeadMan, later)).as("no movement in the second after the dead-man time").isLessThan(0.005);
        assertThat(distance(start, later)).as("never drove more than 0.55 s at 0.2 m/s").isLessThan(0.2 * 0.55 + 0.03);
    }

    @Test
    void shouldClampDriveSpeedToTheDriveLimit() {
        sim.step(0.2);
        double limit = sim.config.drive().maxSpeedMps();
        SimRobot.Pose start = sim.robot.truePose();
        for (int i = 0; i < 10; i++) { // 1 s of drives every 100 ms, far above the limit
            sim.runtime.submit(new Request.Drive(100, 0), new Answer());
            sim.step(0.1);
        }
        assertThat(distance(start, sim.robot.truePose())).isLessThan(limit * 1.0 * 1.15).isGreaterThan(limit * 0.3);
    }

    @Test
    void shouldEndAnActiveGoalWhenDrivenByHand() {
        Answer goTo = new Answer();
        sim.runtime.goTo("kitchen", goTo);
        for (int i = 0; i < 100 && sim.runtime.mission().state() != Mission.State.DRIVING; i++) {
            sim.step(0.05);
        }
        assertThat(sim.runtime.mission().state()).isEqualTo(Mission.State.DRIVING);

        Answer drive = new Answer();
        sim.runtime.submit(new Request.Drive(0, 0.5), drive);
        sim.step(0.1);

        assertThat(drive.code).as(drive.message).isNull();
        assertThat(sim.runtime.mission().state()).isEqualTo(Mission.State.STOPPED);
        assertThat(sim.runtime.mission().reason()).contains("by hand");
    }

    @Test
    void shouldRefuseDrivingDuringASafetyFaultAndNotMove() {
        sim.step(0.2);
        sim.runtime.safety().raise("bumper pressed (test)", sim.robot.simClock().nanoTime());
        SimRobot.Pose start = sim.robot.truePose();
        Answer answer = new Answer();

        sim.runtime.submit(new Request.Drive(0.2, 0), answer);
        sim.step(0.25);

        assertThat(answer.code).isEqualTo(ErrorCode.FAULT);
        assertThat(answer.message).contains("bumper pressed");
        assertThat(distance(start, sim.robot.truePose())).isLessThan(0.005);
    }

    @Test
    void shouldRefuseNonFiniteSpeeds() {
        Answer answer = new Answer();
        sim.runtime.submit(new Request.Drive(Double.NaN, 0), answer);
        assertThat(answer.code).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(answer.message).contains("linearMps");
    }

    @Test
    void shouldForgetACommandOlderThanTheDeadManTime() {
        ManualDrive manual = new ManualDrive(300_000_000L);
        manual.offer(0.1, 0.2, 1_000);
        assertThat(manual.active(1_000 + 300_000_000L)).isEqualTo(new ManualDrive.Command(0.1, 0.2, 1_000));
        assertThat(manual.active(1_001 + 300_000_000L)).isNull();
        manual.offer(0.1, 0.2, 5_000);
        manual.clear();
        assertThat(manual.active(5_000)).isNull();
        assertThat(manual.deadManNanos()).isEqualTo(300_000_000L);
    }

    private static double distance(SimRobot.Pose a, SimRobot.Pose b) {
        return Math.hypot(a.xMeters() - b.xMeters(), a.yMeters() - b.yMeters());
    }
}
