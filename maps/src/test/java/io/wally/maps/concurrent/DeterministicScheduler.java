package io.wally.maps.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a few actors (writer, readers) one at a time on real threads, switching only at
 * {@link ProtocolProbe} points, and enumerates every schedule (depth-first over the choice of which
 * actor runs its next segment), optionally bounded by the number of preemptions (CHESS style).
 *
 * <p>A segment is what an actor does between two probe points; only one actor runs at a time, so a
 * schedule is fully described by the sequence of actor choices, and replaying a prefix reproduces the
 * same run. Each schedule builds a fresh scenario from {@code scenario}.
 */
final class DeterministicScheduler {

    /** One run: the actors and a final check after all of them finished. */
    interface Scenario {
        List<Runnable> actors();

        ProtocolProbe probe();

        void afterAll();

        void close();
    }

    private final int maxPreemptions;
    private long schedules;

    DeterministicScheduler(int maxPreemptions) {
        this.maxPreemptions = maxPreemptions;
    }

    long schedules() {
        return schedules;
    }

    /** The probe a scenario hands to the graph: parks the calling actor until it is scheduled again. */
    static ProtocolProbe probeFor(DeterministicScheduler.Run[] run) {
        return point -> run[0].yieldPoint();
    }

    /** Explores every schedule (within the preemption bound); throws the first failure with its schedule. */
    void exploreAll(Supplier<Scenario> scenarios, Run[] holder) {
        List<Integer> prefix = new ArrayList<>();
        while (true) {
            Scenario scenario = scenarios.get();
            Run run = new Run(scenario.actors(), prefix);
            holder[0] = run;
            try {
                run.execute();
                scenario.afterAll();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed under schedule " + run.choices + ": " + e.getMessage(), e);
            } finally {
                scenario.close();
            }
            schedules++;
            List<Integer> next = run.nextPrefix();
            if (next == null) {
                return;
            }
            prefix = next;
        }
    }

    /** One execution under one schedule. */
    final class Run {
        private final List<Runnable> bodies;
        private final List<Integer> prefix;
        private final List<Integer> choices = new ArrayList<>();
        private final List<Integer> options = new ArrayList<>();
        private final List<Integer> preemptionsBefore = new ArrayList<>();
        private final List<Integer> previousActor = new ArrayList<>();
        private final Semaphore[] go;
        private final Semaphore back = new Semaphore(0);
        private final boolean[] finished;
        private final Throwable[] failures;
        private final ThreadLocal<Integer> self = new ThreadLocal<>();

        Run(List<Runnable> bodies, List<Integer> prefix) {
            this.bodies = bodies;
            this.prefix = prefix;
            this.go = new Semaphore[bodies.size()];
            this.finished = new boolean[bodies.size()];
            this.failures = new Throwable[bodies.size()];
        }

        void yieldPoint() {
            Integer me = self.get();
            if (me == null) {
                return; // setup code outside the actors
            }
            back.release();
            acquire(go[me]);
        }

        void execute() {
            int n = bodies.size();
            Thread[] threads = new Thread[n];
            for (int i = 0; i < n; i++) {
                int id = i;
                go[i] = new Semaphore(0);
                threads[i] = new Thread(() -> {
                    self.set(id);
                    acquire(go[id]);
                    try {
                        bodies.get(id).run();
                    } catch (Throwable t) {
                        failures[id] = t;
                    } finally {
                        finished[id] = true;
                        back.release();
                    }
                }, "actor-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
            int current = -1;
            int preemptions = 0;
            int step = 0;
            while (true) {
                List<Integer> enabled = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!finished[i]) {
                        enabled.add(i);
                    }
                }
                if (enabled.isEmpty()) {
                    break;
                }
                // Keep running the current actor first, so choice 0 is "no preemption".
                if (current >= 0 && enabled.remove((Integer) current)) {
                    enabled.addFirst(current);
                }
                boolean currentEnabled = current >= 0 && !finished[current];
                int allowed = enabled.size();
                if (currentEnabled && preemptions >= maxPreemptions) {
                    allowed = 1;
                }
                int choice = step < prefix.size() ? prefix.get(step) : 0;
                choices.add(choice);
                options.add(allowed);
                int actor = enabled.get(choice);
                if (currentEnabled && actor != current) {
                    preemptions++;
                }
                current = actor;
                step++;
                go[actor].release();
                acquire(back);
                if (failures[actor] != null) {
                    Throwable t = failures[actor];
                    for (int i = 0; i < n; i++) {
                        threads[i].interrupt();
                    }
                    if (t instanceof AssertionError a) {
                        throw a;
                    }
                    throw new AssertionError("actor " + actor + " failed: " + t, t);
                }
            }
            for (Thread t : threads) {
                try {
                    t.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        List<Integer> nextPrefix() {
            for (int i = choices.size() - 1; i >= 0; i--) {
                if (choices.get(i) + 1 < options.get(i)) {
                    List<Integer> next = new ArrayList<>(choices.subList(0, i));
                    next.add(choices.get(i) + 1);
                    return next;
                }
            }
            return null;
        }

        private void acquire(Semaphore s) {
            try {
                if (!s.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("scheduler handoff timed out (an actor blocked outside a probe point)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
