package io.wally.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link DriveMotors} promises; subclassed once per implementation (Pi4J bridges, simulation). */
public abstract class DriveMotorsContract {

    /** A fresh, open instance (closed by the test). */
    protected abstract DriveMotors create();

    @Test
    void shouldStartStoppedAndReportDutiesAsCommanded() {
        try (DriveMotors motors = create()) {
            assertThat(motors.leftDuty()).isZero();
            assertThat(motors.rightDuty()).isZero();

            motors.setDuty(0.5, -0.25);

            assertThat(motors.leftDuty()).isEqualTo(0.5);
            assertThat(motors.rightDuty()).isEqualTo(-0.25);
        }
    }

    @Test
    void shouldRejectDutyOutsideRangeNamingWheelAndValueAndKeepPreviousDuty() {
        try (DriveMotors motors = create()) {
            motors.setDuty(0.2, 0.2);

            assertThatThrownBy(() -> motors.setDuty(1.0001, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("left duty must be in [-1, 1]; was 1.0001");
            assertThatThrownBy(() -> motors.setDuty(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("right duty must be in [-1, 1]; was NaN");

            assertThat(motors.leftDuty()).isEqualTo(0.2);
            assertThat(motors.rightDuty()).isEqualTo(0.2);
        }
    }

    @Test
    void shouldStopFromAnotherThread() throws InterruptedException {
        try (DriveMotors motors = create()) {
            motors.setDuty(1, 1);
            CountDownLatch done = new CountDownLatch(1);
            Thread.ofPlatform().start(() -> {
                motors.stop();
                done.countDown();
            });

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(motors.leftDuty()).isZero();
            assertThat(motors.rightDuty()).isZero();
        }
    }

    @Test
    void shouldStopAndRefuseDutyWhenClosedAndCloseTwice() {
        DriveMotors motors = create();
        motors.setDuty(0.7, 0.7);

        motors.close();
        motors.close();

        assertThat(motors.leftDuty()).isZero();
        assertThat(motors.rightDuty()).isZero();
        assertThatThrownBy(() -> motors.setDuty(0.1, 0.1)).isInstanceOf(IllegalStateException.class);
        motors.stop(); // still safe
    }
}
