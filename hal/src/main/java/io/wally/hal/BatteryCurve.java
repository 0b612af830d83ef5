package io.wally.hal;

/**
 * State of charge of a lithium-ion pack from its voltage: a typical Li-ion open-circuit discharge curve
 * (steep near empty and full, flat in the middle), stretched between the pack's empty and full voltages.
 *
 * <p>The shape is one cell's curve from 3.20 V (empty) to 4.20 V (full), sampled every 10 % (5 % near empty,
 * where it falls fastest), as fractions of that span; {@link #percent} interpolates linearly between the
 * points. A voltage measured under load reads low by the current times the pack's internal resistance (in
 * the flat middle of the curve, 0.3 V is 40 % on a 2S pack), so the resting voltage is estimated as
 * {@code volts + amps * internalOhms} first; what remains of the sag is noise that callers ride out with
 * some hysteresis.
 *
 * <p>Immutable; any thread.
 *
 * @param fullVolts  pack voltage at 100 %, volts (8.4 for two cells)
 * @param emptyVolts pack voltage at 0 %, volts (6.4 for two cells), {@code < fullVolts}
 * @param internalOhms the pack's internal resistance plus its wiring, ohms, {@code >= 0} (0: no load correction)
 */
public record BatteryCurve(double fullVolts, double emptyVolts, double internalOhms) {

    /** A 2S Li-ion pack: 8.4 V full, 6.4 V empty, 0.15 Ω (two 18650 cells, holder and leads). */
    public static final BatteryCurve TWO_CELL_LI_ION = new BatteryCurve(8.4, 6.4, 0.15);

    /** Percent at each point of the curve. */
    private static final double[] PERCENT = {0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    /** Voltage of each point as a fraction of the span from empty to full (one cell: (volts - 3.20) / 1.00). */
    private static final double[] SPAN_FRACTION = {0, 0.41, 0.49, 0.53, 0.57, 0.60, 0.64, 0.67, 0.75, 0.82, 0.91, 1};

    /** Checks that both voltages are finite and positive, that full lies above empty, and the resistance. */
    public BatteryCurve {
        if (!(emptyVolts > 0) || !(fullVolts > emptyVolts) || Double.isInfinite(fullVolts)) {
            throw new IllegalArgumentException("battery curve needs 0 < emptyVolts < fullVolts (finite); was empty "
                    + emptyVolts + " V, full " + fullVolts + " V");
        }
        if (!(internalOhms >= 0) || Double.isInfinite(internalOhms)) {
            throw new IllegalArgumentException("battery internalOhms must be >= 0 and finite; was " + internalOhms);
        }
    }

    /** A curve without load correction. */
    public BatteryCurve(double fullVolts, double emptyVolts) {
        this(fullVolts, emptyVolts, 0);
    }

    /** State of charge from a voltage measured while {@code amps} flow out of the pack (load-corrected), percent. */
    public double percent(double volts, double amps) {
        return percent(volts + (Double.isFinite(amps) ? amps * internalOhms : 0));
    }

    /** State of charge at {@code volts}, percent in [0, 100] (clamped outside the curve); NaN for NaN. */
    public double percent(double volts) {
        if (Double.isNaN(volts)) {
            return Double.NaN;
        }
        double f = (volts - emptyVolts) / (fullVolts - emptyVolts);
        if (f <= 0) {
            return 0;
        }
        if (f >= 1) {
            return 100;
        }
        int i = 1;
        while (SPAN_FRACTION[i] < f) {
            i++;
        }
        double t = (f - SPAN_FRACTION[i - 1]) / (SPAN_FRACTION[i] - SPAN_FRACTION[i - 1]);
        return PERCENT[i - 1] + t * (PERCENT[i] - PERCENT[i - 1]);
    }

    /** The resting voltage at {@code percent} (clamped to [0, 100]): the inverse of {@link #percent}. */
    public double volts(double percent) {
        double p = Math.max(0, Math.min(100, percent));
        int i = 1;
        while (i < PERCENT.length - 1 && PERCENT[i] < p) {
            i++;
        }
        double t = (p - PERCENT[i - 1]) / (PERCENT[i] - PERCENT[i - 1]);
        double f = SPAN_FRACTION[i - 1] + t * (SPAN_FRACTION[i] - SPAN_FRACTION[i - 1]);
        return emptyVolts + f * (fullVolts - emptyVolts);
    }

    /** {@code reading} with its percent from this curve; a reading that is not OK keeps an unknown percent. */
    public BatteryReading apply(BatteryReading reading) {
        return reading.withPercent(reading.valid() ? percent(reading.busVolts(), reading.currentAmps()) : Double.NaN);
    }

    /** {@code monitor} with the percent of its readings from this curve (closing it closes {@code monitor}). */
    public BatteryMonitor applied(BatteryMonitor monitor) {
        return new BatteryMonitor() {
            @Override
            public BatteryReading latest() {
                return apply(monitor.latest());
            }

            @Override
            public void close() {
                monitor.close();
            }
        };
    }
}
