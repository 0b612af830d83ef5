package io.wally.hal.sim;

import io.wally.hal.DriveMotors;

/**
 * The simulated motors: they only hold the commanded duty, which the simulation step hands to the
 * {@link DifferentialDriveModel}. Threading: as {@link DriveMotors}; the duty pair is published as one
 * volatile value, so the step never sees a left duty from one command and a right from another.
 */
final class SimDriveMotors implements DriveMotors {

    private record Duty(double left, double right) {
    }

    private static final Duty STOPPED = new Duty(0, 0);

    private volatile Duty duty = STOPPED;
    private volatile boolean closed;

    @Override
    public void setDuty(double leftDuty, double rightDuty) {
        DriveMotors.checkDuty("left", leftDuty);
        DriveMotors.checkDuty("right", rightDuty);
        if (closed) {
            throw new IllegalStateException("motors are closed");
        }
        duty = leftDuty == 0 && rightDuty == 0 ? STOPPED : new Duty(leftDuty, rightDuty);
    }

    @Override
    public void stop() {
        duty = STOPPED;
    }

    @Override
    public double leftDuty() {
        return duty.left();
    }

    @Override
    public double rightDuty() {
        return duty.right();
    }

    /** Both duties of one command, read by the step. */
    double[] dutyPair(double[] into) {
        Duty d = duty;
        into[0] = d.left();
        into[1] = d.right();
        return into;
    }

    @Override
    public void close() {
        closed = true;
        duty = STOPPED;
    }
}
