package io.wally.runtime.agent;

import static io.wally.runtime.agent.SensorRecordDescriptor.*;

import io.wally.hal.Health;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over one ODOMETRY record of the sensor ring ({@link SensorRecordDescriptor}): wrap it at a
 * record's offset, then read or write fields by name. One instance per thread, reused for every record;
 * allocates nothing.
 */
public final class OdometryRecord {

    /** The ring's {@code msgTypeId} of this record. */
    public static final int MSG_TYPE = ODOMETRY_MSG_TYPE;
    /** Bytes of one record. */
    public static final int LENGTH = ODOMETRY_LENGTH;

    private DirectBuffer in;
    private MutableDirectBuffer out;
    private int at;

    /** Points this flyweight at the record at {@code offset} of {@code buffer}, for reading. */
    public OdometryRecord wrap(DirectBuffer buffer, int offset) {
        this.in = buffer;
        this.out = null;
        this.at = offset;
        return this;
    }

    /** Points this flyweight at the record at {@code offset} of {@code buffer}, for writing. */
    public OdometryRecord wrapForWrite(MutableDirectBuffer buffer, int offset) {
        this.in = buffer;
        this.out = buffer;
        this.at = offset;
        return this;
    }

    /** Writes every field; {@code yawRateRadPerS} NaN when the IMU gave no valid reading. */
    public void write(long sampledNanos, long leftTicks, long rightTicks, double yawRateRadPerS, Health encoderHealth) {
        out.putLong(at + ODO_SAMPLED_NANOS_OFFSET, sampledNanos);
        out.putLong(at + ODO_LEFT_TICKS_OFFSET, leftTicks);
        out.putLong(at + ODO_RIGHT_TICKS_OFFSET, rightTicks);
        out.putDouble(at + ODO_YAW_RATE_OFFSET, yawRateRadPerS);
        out.putInt(at + ODO_HEALTH_OFFSET, switch (encoderHealth) {
            case OK -> HEALTH_OK;
            case STALE -> HEALTH_STALE;
            case FAULT -> HEALTH_FAULT;
        });
    }

    /** When the encoders were sampled, runtime clock nanoseconds. */
    public long sampledNanos() {
        return in.getLong(at + ODO_SAMPLED_NANOS_OFFSET);
    }

    /** Cumulative left wheel ticks. */
    public long leftTicks() {
        return in.getLong(at + ODO_LEFT_TICKS_OFFSET);
    }

    /** Cumulative right wheel ticks. */
    public long rightTicks() {
        return in.getLong(at + ODO_RIGHT_TICKS_OFFSET);
    }

    /** Yaw rate from the IMU, radians per second; NaN without a valid reading. */
    public double yawRateRadPerS() {
        return in.getDouble(at + ODO_YAW_RATE_OFFSET);
    }

    /** Whether the encoders were fresh and healthy. */
    public boolean encodersOk() {
        return in.getInt(at + ODO_HEALTH_OFFSET) == HEALTH_OK;
    }
}
