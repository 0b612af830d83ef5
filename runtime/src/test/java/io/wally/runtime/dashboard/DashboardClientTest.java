package io.wally.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

/** A client that never reads: its queue stays bounded; droppable frames are dropped, others close it. */
class DashboardClientTest {

    /** A session whose writes complete only when the test says so (a peer that never reads: never). */
    private static final class FakeSession {
        final List<Callback> pending = new ArrayList<>();
        final List<String> closes = new ArrayList<>();
        boolean open = true;
        boolean completeAtOnce;
        final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> open;
                    case "sendText" -> {
                        Callback cb = (Callback) args[1];
                        if (completeAtOnce) {
                            cb.succeed();
                        } else {
                            pending.add(cb);
                        }
                        yield null;
                    }
                    case "close" -> {
                        closes.add(args[0] + " " + args[1]);
                        open = false;
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final FakeSession fake = new FakeSession();
    private final AtomicLong dropped = new AtomicLong();
    private final DashboardClient client = new DashboardClient(fake.session, 3, dropped);

    @Test
    void shouldDropDroppableFramesBeyondTheQueueBound() {
        for (int i = 0; i < 10; i++) {
            client.send("{\"type\":\"pose\"}", true);
        }
        assertThat(fake.pending).hasSize(3);
        assertThat(fake.closes).isEmpty();
        assertThat(client.queued()).isEqualTo(3);
        assertThat(dropped.get()).isEqualTo(7);
    }

    @Test
    void shouldCloseWhenAFrameThatMustArriveFindsTheQueueFull() {
        for (int i = 0; i < 3; i++) {
            assertThat(client.send("{}", false)).isTrue();
        }
        assertThat(client.send("{\"type\":\"reply\"}", false)).isFalse();
        assertThat(fake.closes).singleElement().asString().startsWith(DashboardClient.OVERLOADED + " ").contains("does not read");
        assertThat(client.send("{}", true)).as("closed: nothing more is queued").isFalse();
    }

    @Test
    void shouldFreeTheQueueAsFramesAreWrittenOrFail() {
        for (int i = 0; i < 3; i++) {
            client.send("{}", false);
        }
        fake.pending.get(0).succeed();
        fake.pending.get(1).fail(new IllegalStateException("peer gone"));
        assertThat(client.queued()).isEqualTo(1);
        fake.completeAtOnce = true;
        for (int i = 0; i < 10; i++) {
            assertThat(client.send("{}", false)).isTrue();
        }
        assertThat(client.queued()).isEqualTo(1);
    }
}
