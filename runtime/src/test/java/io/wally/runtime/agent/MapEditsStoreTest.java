package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.NavGraph;
import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StoreOptions;
import io.wally.runtime.WallyRuntime;
import io.wally.runtime.command.Algorithm;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.Request;
import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code name_here}, {@code paint} and an area {@code block} go through the store's write-ahead log like every
 * edit: a runtime closed without a checkpoint comes back with them (replayed from the log), and an unblock after
 * the restart frees exactly the cells the block took.
 */
@Tag("slow")
class MapEditsStoreTest {

    @TempDir
    Path tmp;

    private final WallyConfig config = new ConfigLoader().load(SimHarness.SIM_CONFIG);

    private Map<String, Object> ask(WallyRuntime runtime, Request request) throws InterruptedException {
        SimHarness.Reply reply = new SimHarness.Reply();
        runtime.submit(request, reply);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!reply.done() && System.nanoTime() < deadline) {
            runtime.step();
            Thread.sleep(1);
        }
        assertThat(reply.errorCode).as("%s", reply.result.getNow("no reply")).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) reply.result.join();
        return result;
    }

    private static int blocked(NavGraph g) {
        int n = 0;
        for (int i = 0; i < g.nodeIdLimit(); i++) {
            if (g.containsNode(i) && g.isBlocked(i)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void shouldReplayNamedPaintedAndBlockedAreasFromTheLogAfterARestart() throws Exception {
        Path dir = tmp.resolve("store");
        StoreOptions options = StoreOptions.defaults().withDurability(Durability.GROUP).withCheckpointOnClose(false);
        int blockedAtImport;
        int areaCells;
        try (FakeRobot robot = new FakeRobot(System::nanoTime)) {
            try (WallyRuntime runtime = WallyRuntime.builder(config, robot).store(dir, options).manualStepping().start()) {
                blockedAtImport = blocked(runtime.store().orElseThrow().graph());
                ask(runtime, new Request.EditMap(new MapEdit.NameHere("nook")));
                Map<String, Object> painted = ask(runtime, new Request.EditMap(new MapEdit.Paint(new double[] {2, 1.5, 2.5, 1.5, 2.5, 2, 2, 2}, true)));
                assertThat((int) painted.get("cells")).isEqualTo(100); // 10 x 10 cells of 5 cm
                areaCells = (int) ask(runtime, new Request.EditMap(new MapEdit.SetBlocked(Place.of("hallway"), true))).get("cells");
                assertThat(areaCells).isGreaterThan(100);
            }
            try (GraphStore reopened = GraphStore.open(dir, StoreOptions.defaults())) {
                assertThat(reopened.recovery().replayedRecords()).as("from the log, not a snapshot").isPositive();
                NavGraph g = reopened.graph();
                assertThat(g.nodeId("nook")).isNotEqualTo(NavGraph.NO_NODE);
                assertThat(blocked(g)).isEqualTo(blockedAtImport + 100 + areaCells + 1); // the cells, and the hallway's node
            }
            try (WallyRuntime again = WallyRuntime.builder(config, robot).store(dir, options).manualStepping().start()) {
                Map<String, Object> unblocked = ask(again, new Request.EditMap(new MapEdit.SetBlocked(Place.of("hallway"), false)));
                assertThat((int) unblocked.get("cells")).isEqualTo(areaCells);
                ask(again, new Request.EditMap(new MapEdit.Paint(new double[] {2, 1.5, 2.5, 1.5, 2.5, 2, 2, 2}, false)));
                ask(again, new Request.Plan(Place.of("kitchen"), Place.of("nook"), Algorithm.ASTAR));
                assertThat(blocked(again.store().orElseThrow().graph())).isEqualTo(blockedAtImport);
            }
        }
    }
}
