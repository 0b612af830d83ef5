package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WallyRuntime} with a persistent store in a real directory: the first start imports the map
 * file, map edits go through the map agent into the write-ahead log, close checkpoints, and the next
 * start uses the stored graph rather than the file. Inflation lives in the replicas only.
 */
@Tag("slow")
class WallyRuntimeStoreTest {

    private static final Path SIM_CONFIG = Path.of("../robot-config/sim.yaml");

    @TempDir
    Path tmp;

    private final WallyConfig config = new ConfigLoader().load(SIM_CONFIG);

    private WallyRuntime start(FakeRobot robot, Path dir, StoreOptions options) {
        return WallyRuntime.builder(config, robot).store(dir, options).manualStepping().start();
    }

    /** Steps the runtime until the reply came (a group fsync on a loaded machine may take a while), at most 20 s. */
    private static void stepUntil(WallyRuntime runtime, SimHarness.Reply reply) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!reply.done() && System.nanoTime() < deadline) {
            runtime.step();
            if (!reply.done()) {
                Thread.sleep(1);
            }
        }
        assertThat(reply.done()).as("reply within 20 s").isTrue();
    }

    @Test
    void shouldKeepAMapEditAcrossRestartsWhenTheRuntimeHasAStore() throws Exception {
        Path dir = tmp.resolve("store");
        StoreOptions options = StoreOptions.defaults().withDurability(Durability.GROUP).withCheckpointOnClose(true);
        long lastLsn;
        int hallway;
        try (FakeRobot robot = new FakeRobot(System::nanoTime)) {
            // given a first start on an empty store directory
            try (WallyRuntime runtime = start(robot, dir, options)) {
                assertThat(runtime.mapOrigin()).contains("imported into store");
                GraphStore store = runtime.store().orElseThrow();
                assertThat(store.snapshotLsn()).as("the import is one snapshot").isEqualTo(store.lastLsn()).isPositive();
                hallway = store.graph().nodeId("hallway");
                assertThat(hallway).isNotEqualTo(NavGraph.NO_NODE);
                // inflation is in the replicas, not in the store
                try (ReplicatedNavGraph.ReadView view = runtime.graph().newReader().acquire()) {
                    assertThat(blocked(view)).isGreaterThan(blocked(store.graph()));
                }

                // when an operator blocks the hallway (group commit: the reply waits for the fsync)
                SimHarness.Reply edit = new SimHarness.Reply();
                runtime.editMap(new MapEdit.SetBlocked(Place.of("hallway"), true), edit);
                stepUntil(runtime, edit);

                // then it is acknowledged with its LSN, durable, and visible to readers
                assertThat(edit.errorCode).as("%s", edit.result.join()).isNull();
                @SuppressWarnings("unchecked")
                Map<String, Object> result = (Map<String, Object>) edit.result.join();
                long editLsn = (long) result.get("lsn");
                assertThat(editLsn).isGreaterThan(store.snapshotLsn());
                assertThat(store.durableLsn()).isGreaterThanOrEqualTo(editLsn);
                try (ReplicatedNavGraph.ReadView view = runtime.graph().newReader().acquire()) {
                    assertThat(view.isBlocked(hallway)).isTrue();
                }
                lastLsn = store.lastLsn();
            }

            // and after close the directory holds a snapshot at the last LSN with the edit in it
            try (GraphStore reopened = GraphStore.open(dir, StoreOptions.defaults())) {
                assertThat(reopened.lastLsn()).isEqualTo(lastLsn);
                assertThat(reopened.snapshotLsn()).as("checkpointed on close").isEqualTo(lastLsn);
                assertThat(reopened.recovery().replayedRecords()).isZero();
                assertThat(reopened.graph().isBlocked(hallway)).isTrue();
            }

            // when the runtime starts again on the same directory
            try (WallyRuntime again = start(robot, dir, options)) {
                // then it uses the stored graph (the file has the hallway free), not the file
                assertThat(again.mapOrigin()).startsWith("store ").contains("LSN " + lastLsn);
                try (ReplicatedNavGraph.ReadView view = again.graph().newReader().acquire()) {
                    assertThat(view.isBlocked(hallway)).isTrue();
                }
                // and a plan to the hallway is refused: the stored edit is in force
                SimHarness.Reply plan = new SimHarness.Reply();
                again.plan("dock", "hallway", "astar", plan);
                stepUntil(again, plan);
                assertThat(plan.errorCode).as("%s", plan.result.join()).isNotNull();
            }
        }
    }

    @Test
    void shouldAssignTheSameIdsInStoreAndReplicasWhenNodesAndEdgesAreEdited() throws Exception {
        Path dir = tmp.resolve("store");
        StoreOptions options = StoreOptions.defaults().withDurability(Durability.SYNC);
        int added;
        try (FakeRobot robot = new FakeRobot(System::nanoTime)) {
            // given
            try (WallyRuntime runtime = start(robot, dir, options)) {
                // when a node is added, linked to the dock, then the link removed again
                SimHarness.Reply add = new SimHarness.Reply();
                runtime.editMap(new MapEdit.AddNode("charger", 1.2f, 1.0f), add);
                stepUntil(runtime, add);
                @SuppressWarnings("unchecked")
                Map<String, Object> addResult = (Map<String, Object>) add.result.join();
                assertThat(add.errorCode).as("%s", addResult).isNull();
                added = (int) addResult.get("node");
                SimHarness.Reply link = new SimHarness.Reply();
                runtime.editMap(new MapEdit.AddEdge(Place.of("charger"), Place.of("dock"), 0.2f, true), link);
                stepUntil(runtime, link);
                SimHarness.Reply unlink = new SimHarness.Reply();
                runtime.editMap(new MapEdit.RemoveEdge(Place.of("charger"), Place.of("dock"), false), unlink);
                stepUntil(runtime, unlink);
                SimHarness.Reply missing = new SimHarness.Reply();
                runtime.editMap(new MapEdit.RemoveEdge(Place.of("charger"), Place.of("dock"), false), missing);
                stepUntil(runtime, missing);

                // then store and replicas agree
                assertThat(link.errorCode).isNull();
                assertThat(unlink.errorCode).isNull();
                assertThat(missing.errorCode).isEqualTo("unknown_edge");
                MutableNavGraph stored = runtime.store().orElseThrow().graph();
                int dock = stored.nodeId("dock");
                try (ReplicatedNavGraph.ReadView view = runtime.graph().newReader().acquire()) {
                    assertThat(view.nodeId("charger")).isEqualTo(added).isEqualTo(stored.nodeId("charger"));
                    assertThat(view.hasEdge(added, dock)).isFalse();
                    assertThat(view.hasEdge(dock, added)).isTrue();
                    assertThat(stored.hasEdge(added, dock)).isFalse();
                    assertThat(stored.hasEdge(dock, added)).isTrue();
                    assertThat(view.nodeIdLimit()).isEqualTo(stored.nodeIdLimit());
                }
            }
        }
        // and the store (SYNC, no checkpoint on close) replays the edits from its log
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("wal-")).count()).isPositive();
        }
        try (GraphStore reopened = GraphStore.open(dir, StoreOptions.defaults())) {
            assertThat(reopened.recovery().replayedRecords()).isGreaterThanOrEqualTo(3);
            assertThat(reopened.graph().nodeId("charger")).isEqualTo(added);
            assertThat(reopened.graph().hasEdge(reopened.graph().nodeId("dock"), added)).isTrue();
        }
    }

    private static int blocked(NavGraph g) {
        int n = 0;
        for (int id = 0; id < g.nodeIdLimit(); id++) {
            if (g.containsNode(id) && g.isBlocked(id)) {
                n++;
            }
        }
        return n;
    }
}
