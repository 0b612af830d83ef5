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
 * Runs the {@link MutableNavGraphContract} on the logged graph of a {@link GraphStore}, and after every
 * test reopens the store and checks that recovery reproduced exactly the state the test left.
 */
final class StoreGraphContractTest extends MutableNavGraphContract {

    @TempDir
    Path dir;

    private GraphStore store;

    @Override
    protected MutableNavGraph newGraph() {
        store = GraphStore.open(dir.resolve("store"), StoreOptions.defaults().withDurability(Durability.NONE));
        return store.graph();
    }

    @AfterEach
    void shouldRecoverTheSameStateWhenReopened() {
        // given the state the test left (unless it closed the store itself)
        if (!store.isOpen()) {
            return;
        }
        store.commit();
        long lsn = store.lastLsn();
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
