package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The telemetry event queue keeps the newest events, counts the oldest it dropped, never blocks. */
class TelemetryEventsTest {

    @Test
    void shouldDropTheOldestAndCountThemWhenFull() {
        // given
        TelemetryEvents events = new TelemetryEvents(4);

        // when
        for (int i = 0; i < 10; i++) {
            events.offer("e", Map.of("i", i));
        }
        List<Object> seen = new ArrayList<>();
        int drained = events.drain(e -> seen.add(e.payload().get("i")));

        // then
        assertThat(drained).isEqualTo(4);
        assertThat(seen).containsExactly(6, 7, 8, 9);
        assertThat(events.dropped()).isEqualTo(6);
    }

    @Test
    void shouldDeliverEveryEventOnceInOrderPerProducerOrCountItWhenProducersRaceTheConsumer() throws InterruptedException {
        // given
        TelemetryEvents events = new TelemetryEvents(64);
        int producers = 3;
        int perProducer = 20_000;
        CountDownLatch done = new CountDownLatch(producers);
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    events.offer("p" + id, Map.of("i", i));
                }
                done.countDown();
            });
            t.start();
        }
        // when
        long[] last = {-1, -1, -1};
        long[] received = new long[1];
        while (done.getCount() > 0 || events.offered() > received[0] + events.dropped()) {
            events.drain(e -> {
                int producer = e.name().charAt(1) - '0';
                int i = (int) e.payload().get("i");
                assertThat(i).as("order of producer %d", producer).isGreaterThan((int) last[producer]);
                last[producer] = i;
                received[0]++;
            });
        }

        // then
        assertThat(received[0] + events.dropped()).isEqualTo((long) producers * perProducer);
    }
}
