package io.wally.runtime.sim;

import io.wally.hal.sim.SimRobot;
import io.wally.runtime.WallyRuntime;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the simulated robot and the runtime's agents in lock step on one thread ({@code wally-sim}):
 * one physics step of the robot, then one pass over every agent ({@link WallyRuntime#step()}), paced
 * so that simulated time runs at {@code speed} times real time.
 *
 * <p>Why lock step rather than the runtime's own agent threads: simulated time then only advances when
 * the pipeline has had its turn, so a sped-up run sees exactly what a real-time run sees — the control
 * loop never appears to miss its deadline because the host was busy, planning takes no simulated time,
 * and a run is repeatable. When the host is too slow for the requested speed, the run simply goes
 * slower than asked.
 *
 * <p>Threading: {@link #start()} and {@link #close()} from the owner; the loop runs on its own daemon
 * thread. Requests reach the runtime from other threads through its command queues as usual.
 */
public final class LockstepLoop implements AutoCloseable {

    private final SimRobot robot;
    private final WallyRuntime runtime;
    private final double speed;
    private volatile boolean running;
    private volatile Throwable failure;
    private Thread thread;

    /**
     * @param robot the simulated robot, not started
     * @param runtime a runtime built with manual stepping on the robot's clock
     * @param speed time scale, {@code > 0}
     */
    public LockstepLoop(SimRobot robot, WallyRuntime runtime, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be > 0 and finite; was " + speed);
        }
        this.robot = Objects.requireNonNull(robot, "robot");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.speed = speed;
    }

    /** Starts the loop thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = Thread.ofPlatform().name("wally-sim").daemon(true).start(this::run);
    }

    private void run() {
        long wallStart = System.nanoTime();
        long simStart = robot.simClock().nanoTime();
        try {
            runtime.step(); // the agents see the readings of time 0 before anything moves
            while (running) {
                robot.step();
                runtime.step();
                long due = wallStart + (long) ((robot.simClock().nanoTime() - simStart) / speed);
                long wait;
                while (running && (wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            running = false;
            robot.motors().stop();
        }
    }

    /** Why the loop stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops the loop and waits for it (at most a second); idempotent. */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
