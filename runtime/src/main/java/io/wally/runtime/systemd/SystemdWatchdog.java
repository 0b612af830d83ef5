package io.wally.runtime.systemd;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Feeds systemd's watchdog ({@code WatchdogSec=}) from the control loop's heartbeat: every half
 * watchdog period it sends {@code WATCHDOG=1} only if the heartbeat counter moved since the last look.
 * A stalled loop therefore stops the pings, and systemd kills and restarts the service.
 *
 * <p>The period comes from {@code $WATCHDOG_USEC} (ignored when {@code $WATCHDOG_PID} names another
 * process); without it, or without {@code $NOTIFY_SOCKET}, nothing is started.
 *
 * <p>Threading: one daemon thread ({@code wally-systemd-watchdog}) reads the heartbeat (which must be
 * safe to read from any thread, e.g. a volatile or atomic counter). Lifecycle: {@link #start}, {@link #close}.
 */
public final class SystemdWatchdog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SystemdWatchdog.class.getName());

    private final SdNotify notify;
    private final LongSupplier heartbeat;
    private final Duration period;
    private final ScheduledExecutorService timer;
    private long lastBeat = Long.MIN_VALUE;
    private long pings;
    private long missed;

    private SystemdWatchdog(SdNotify notify, LongSupplier heartbeat, Duration period) {
        this.notify = notify;
        this.heartbeat = heartbeat;
        this.period = period;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("wally-systemd-watchdog").daemon().unstarted(r));
    }

    /**
     * Starts pinging every {@code watchdogPeriod / 2} while {@code heartbeat} advances.
     *
     * @param watchdogPeriod systemd's {@code WatchdogSec}; null or zero: nothing is started
     */
    public static SystemdWatchdog start(SdNotify notify, LongSupplier heartbeat, Duration watchdogPeriod) {
        SystemdWatchdog dog = new SystemdWatchdog(notify, heartbeat, watchdogPeriod);
        if (notify.enabled() && watchdogPeriod != null && !watchdogPeriod.isZero()) {
            long everyMicros = Math.max(1_000, watchdogPeriod.toNanos() / 2_000);
            dog.timer.scheduleAtFixedRate(dog::check, 0, everyMicros, TimeUnit.MICROSECONDS);
        }
        return dog;
    }

    /** systemd's watchdog period from {@code $WATCHDOG_USEC} / {@code $WATCHDOG_PID}; null when not asked for. */
    public static Duration periodFromEnvironment() {
        String usec = System.getenv("WATCHDOG_USEC");
        String pid = System.getenv("WATCHDOG_PID");
        if (usec == null || usec.isBlank()) {
            return null;
        }
        if (pid != null && !pid.isBlank() && !pid.trim().equals(Long.toString(ProcessHandle.current().pid()))) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Duration.ofNanos(micros * 1_000) : null;
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring WATCHDOG_USEC=" + usec + ": not a number");
            return null;
        }
    }

    /** Runs on the watchdog thread only. */
    private synchronized void check() {
        long beat = heartbeat.getAsLong();
        if (beat != lastBeat) {
            lastBeat = beat;
            try {
                notify.watchdog();
                pings++;
            } catch (SdNotifyException e) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage());
            }
        } else {
            missed++;
            LOG.log(System.Logger.Level.WARNING, "control loop heartbeat has not moved for " + period.dividedBy(2)
                    + "; not feeding the systemd watchdog");
        }
    }

    /** The period this watchdog was started with (null when inactive). */
    public Duration period() {
        return period;
    }

    /** Stops pinging. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pings sent so far (read after {@link #close} for an exact value). */
    public long pings() {
        synchronized (this) {
            return pings;
        }
    }

    /** Checks that found the heartbeat stuck (read after {@link #close} for an exact value). */
    public long missed() {
        synchronized (this) {
            return missed;
        }
    }
}
