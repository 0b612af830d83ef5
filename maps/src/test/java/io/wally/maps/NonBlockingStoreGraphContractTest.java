package io.wally.maps;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.store.Durability;
import io.wally.maps.store.GraphStore;
import io.wally.maps.store.StateChecksum;
import io.wally.maps.store.StoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link MutableNavGraphContract} on the logged graph of a {@link GraphStore} with a
 * non-blocking SYNC writer (the runtime's map agent: mutations are admitted against the log backlog,
 * then applied, then handed to the flusher), and after every test checks that the acknowledged log
 * reopens to exactly the state the test left.
 */
final class NonBlockingStoreGraphContractTest extends MutableNavGraphContract {

    @TempDir
    Path dir;

    private GraphStore store;

    @Override
    protected MutableNavGraph newGraph() {
        store = GraphStore.open(dir.resolve("store"), StoreOptions.defaults().withDurability(Durability.SYNC).withNonBlockingWriter(true));
        return store.graph();
    }

    @AfterEach
    void shouldRecoverTheSameStateWhenReopened() {
        // given the state the test left (unless it closed the store itself), acknowledged
        if (!store.isOpen()) {
            return;
        }
        long lsn = store.lastLsn();
        store.awaitDurable(lsn);
        long checksum = StateChecksum.of(store.graph());
        int limit = store.graph().nodeIdLimit();
        store.close();
        // when
        try (GraphStore reopened = GraphStore.open(dir.resolve("store"), StoreOptions.defaults())) {
            // then
            assertThat(reopened.lastLsn()).isEqualTo(lsn);
            assertThat(reopened.graph().nodeIdLimit()).isEqualTo(limit);
            assertThat(StateChecksum.of(reopened.graph())).isEqualTo(checksum);
        }
    }
}
