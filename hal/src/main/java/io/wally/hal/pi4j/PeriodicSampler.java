package io.wally.hal.pi4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that runs blocking device measurements on their own schedules, so that the control
 * loop only ever reads the latest reading. Each task runs at most every {@code periodNanos}; tasks run one
 * after another (never concurrently), which also keeps ultrasonic rangers from hearing each other.
 *
 * <p>Tasks are expected to turn their own failures into FAULT readings; an exception escaping a task is
 * logged (once per distinct message) and the task stays scheduled.
 *
 * <p>Threading: {@link #add} before {@link #start()}, from the building thread. Lifecycle: {@link #start()}
 * once; {@link #close()} stops the thread and waits for the task in progress (bounded by that task's own
 * timeout).
 */
final class PeriodicSampler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PeriodicSampler.class.getName());

    private record Task(String name, long periodNanos, Runnable body, long[] nextDueNanos, String[] lastError) {
    }

    private final String threadName;
    private final List<Task> tasks = new ArrayList<>();
    private volatile boolean running;
    private Thread thread;

    PeriodicSampler(String threadName) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
    }

    void add(String name, long periodNanos, Runnable body) {
        if (thread != null) {
            throw new IllegalStateException("sampler " + threadName + " already started");
        }
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period of " + name + " must be > 0 ns; was " + periodNanos);
        }
        tasks.add(new Task(name, periodNanos, body, new long[1], new String[1]));
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    void start() {
        if (thread != null) {
            throw new IllegalStateException("sampler " + threadName + " already started");
        }
        running = true;
        thread = Thread.ofPlatform().name(threadName).daemon(true).start(this::run);
    }

    private void run() {
        long now = System.nanoTime();
        for (Task t : tasks) {
            t.nextDueNanos[0] = now;
        }
        while (running) {
            Task next = null;
            for (Task t : tasks) {
                if (next == null || t.nextDueNanos[0] - next.nextDueNanos[0] < 0) {
                    next = t;
                }
            }
            if (next == null) {
                return;
            }
            long wait = next.nextDueNanos[0] - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue; // re-check running and the schedule after any wake-up
            }
            try {
                next.body.run();
                next.lastError[0] = null;
            } catch (RuntimeException e) {
                if (!e.toString().equals(next.lastError[0])) {
                    LOG.log(System.Logger.Level.WARNING, "sampler {0}: task {1} failed: {2}", threadName, next.name,
                            e.toString());
                    next.lastError[0] = e.toString();
                }
            }
            next.nextDueNanos[0] = Math.max(next.nextDueNanos[0] + next.periodNanos, System.nanoTime());
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
