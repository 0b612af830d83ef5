package io.wally.runtime.agent;

import static io.wally.runtime.agent.SensorRecordDescriptor.*;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over one RANGE record of the sensor ring ({@link SensorRecordDescriptor}). One instance per
 * thread, reused for every record; allocates nothing.
 */
public final class RangeRecord {

    /** The ring's {@code msgTypeId} of this record. */
    public static final int MSG_TYPE = RANGE_MSG_TYPE;
    /** Bytes of one record. */
    public static final int LENGTH = RANGE_LENGTH;

    private DirectBuffer in;
    private MutableDirectBuffer out;
    private int at;

    /** Points this flyweight at the record at {@code offset} of {@code buffer}, for reading. */
    public RangeRecord wrap(DirectBuffer buffer, int offset) {
        this.in = buffer;
        this.out = null;
        this.at = offset;
        return this;
    }

    /** Points this flyweight at the record at {@code offset} of {@code buffer}, for writing. */
    public RangeRecord wrapForWrite(MutableDirectBuffer buffer, int offset) {
        this.in = buffer;
        this.out = buffer;
        this.at = offset;
        return this;
    }

    /**
     * Writes every field of one sensor's reading.
     *
     * @param arrivedWallNanos when the sensor agent wrote it, on the machine's monotonic clock (for latencies)
     */
    public void write(long sampledNanos, long arrivedWallNanos, double rangeMeters, double maxRangeMeters, int sensorIndex,
            boolean detected) {
        out.putLong(at + RANGE_SAMPLED_NANOS_OFFSET, sampledNanos);
        out.putLong(at + RANGE_ARRIVED_WALL_NANOS_OFFSET, arrivedWallNanos);
        out.putDouble(at + RANGE_METERS_OFFSET, rangeMeters);
        out.putDouble(at + RANGE_MAX_METERS_OFFSET, maxRangeMeters);
        out.putInt(at + RANGE_SENSOR_INDEX_OFFSET, sensorIndex);
        out.putInt(at + RANGE_DETECTED_OFFSET, detected ? 1 : 0);
    }

    /** When the reading was sampled, runtime clock nanoseconds. */
    public long sampledNanos() {
        return in.getLong(at + RANGE_SAMPLED_NANOS_OFFSET);
    }

    /** When the sensor agent wrote the record, the machine's monotonic nanoseconds. */
    public long arrivedWallNanos() {
        return in.getLong(at + RANGE_ARRIVED_WALL_NANOS_OFFSET);
    }

    /** Distance to the echo, metres. */
    public double rangeMeters() {
        return in.getDouble(at + RANGE_METERS_OFFSET);
    }

    /** The sensor's maximum range, metres. */
    public double maxRangeMeters() {
        return in.getDouble(at + RANGE_MAX_METERS_OFFSET);
    }

    /** Index of the sensor among the robot's range sensors. */
    public int sensorIndex() {
        return in.getInt(at + RANGE_SENSOR_INDEX_OFFSET);
    }

    /** Whether something was within range. */
    public boolean detected() {
        return in.getInt(at + RANGE_DETECTED_OFFSET) != 0;
    }
}
