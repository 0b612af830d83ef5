package io.wally.runtime.agent;

/**
 * Layouts of the records the {@link SensorAgent} writes into the sensor ring buffer (read by the
 * {@link MapAgent}). Message type ids are the Agrona ring-buffer {@code msgTypeId}; fields are
 * little-endian at the offsets below, relative to the record's payload.
 *
 * <pre>
 * ODOMETRY (msgTypeId 1), 40 bytes
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  sampledNanos (long, runtime clock)           |  0
 *  +---------------------------------------------------------------+
 *  |                  leftTicks (long, cumulative)                 |  8
 *  +---------------------------------------------------------------+
 *  |                  rightTicks (long, cumulative)                | 16
 *  +---------------------------------------------------------------+
 *  |                  yawRateRadPerS (double; NaN: no valid IMU)   | 24
 *  +---------------------------------------------------------------+
 *  |                  encoder health code (int)   | pad (int)      | 32
 *  +---------------------------------------------------------------+
 *
 * RANGE (msgTypeId 2), 40 bytes
 *  +---------------------------------------------------------------+
 *  |                  sampledNanos (long, runtime clock)           |  0
 *  +---------------------------------------------------------------+
 *  |                  rangeMeters (double)                         |  8
 *  +---------------------------------------------------------------+
 *  |                  maxRangeMeters (double)                      | 16
 *  +---------------------------------------------------------------+
 *  |                  sensor index (int)          | detected (int) | 24
 *  +---------------------------------------------------------------+
 *  |                  arrivedWallNanos (long, machine clock)       | 32
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A range record carries two times: {@code sampledNanos} on the runtime clock (simulated time in the
 * simulator), and {@code arrivedWallNanos}, when the sensor agent wrote it, on the machine's monotonic clock,
 * from which the map agent measures the sensor-to-graph latency (simulated time does not move while the
 * pipeline works, so a latency measured on it reads 0).
 *
 * Encoder health codes are written explicitly ({@link #HEALTH_OK}, {@link #HEALTH_STALE}, {@link
 * #HEALTH_FAULT}), never as an enum's ordinal, so reordering the enum cannot change the layout. Only the
 * flyweights ({@link OdometryRecord}, {@link RangeRecord}) use these offsets.
 */
final class SensorRecordDescriptor {

    /** Encoder counts and yaw rate of one control cycle. */
    static final int ODOMETRY_MSG_TYPE = 1;
    /** One range sensor's reading. */
    static final int RANGE_MSG_TYPE = 2;

    static final int ODO_SAMPLED_NANOS_OFFSET = 0;
    static final int ODO_LEFT_TICKS_OFFSET = 8;
    static final int ODO_RIGHT_TICKS_OFFSET = 16;
    static final int ODO_YAW_RATE_OFFSET = 24;
    static final int ODO_HEALTH_OFFSET = 32;
    static final int ODOMETRY_LENGTH = 40;

    static final int RANGE_SAMPLED_NANOS_OFFSET = 0;
    static final int RANGE_METERS_OFFSET = 8;
    static final int RANGE_MAX_METERS_OFFSET = 16;
    static final int RANGE_SENSOR_INDEX_OFFSET = 24;
    static final int RANGE_DETECTED_OFFSET = 28;
    static final int RANGE_ARRIVED_WALL_NANOS_OFFSET = 32;
    static final int RANGE_LENGTH = 40;

    static final int HEALTH_OK = 0;
    static final int HEALTH_STALE = 1;
    static final int HEALTH_FAULT = 2;

    private SensorRecordDescriptor() {
    }
}
