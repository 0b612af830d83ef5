package io.wally.runtime.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The gateway alone: queues with no agent draining them, so what is answered at once shows. */
class CommandGatewayTest {

    private final CommandQueue planner = new CommandQueue(2);
    private final CommandQueue mapWriter = new CommandQueue(2);
    private final AtomicLong busy = new AtomicLong();
    private final List<String> stops = new ArrayList<>();
    private final List<Request.Drive> drives = new ArrayList<>();
    private final CommandQueue analysis = new CommandQueue(2);
    private final CommandGateway gateway = new CommandGateway(planner, mapWriter, analysis, (reason, reply) -> {
        stops.add(Thread.currentThread().getName() + ": " + reason);
        reply.ok(Map.of("stopped", true));
    }, (drive, reply) -> {
        drives.add(drive);
        reply.ok(Map.of("driving", true));
    }, () -> Map.of("state", "idle", "thread", Thread.currentThread().getName()), busy);

    /** Records the one answer and the thread it came from. */
    private static final class Answer implements CommandReply {
        final AtomicReference<Object> result = new AtomicReference<>();
        volatile ErrorCode code;
        volatile String thread;

        @Override
        public void ok(Object value) {
            thread = Thread.currentThread().getName();
            result.set(value);
        }

        @Override
        public void error(ErrorCode c, String message) {
            thread = Thread.currentThread().getName();
            code = c;
            result.set(message);
        }
    }

    @Test
    void shouldAnswerStatusAndStopOnTheCallersThreadWithoutQueueing() {
        Answer status = new Answer();
        Answer stop = new Answer();
        String me = Thread.currentThread().getName();

        gateway.submit(new Request.Status(), status);
        gateway.submit(new Request.Stop("test"), stop);

        assertThat(status.thread).isEqualTo(me);
        assertThat(status.result.get()).isEqualTo(Map.of("state", "idle", "thread", me));
        assertThat(stop.thread).isEqualTo(me);
        assertThat(stops).containsExactly(me + ": test");
        assertThat(planner.size()).isZero();
        assertThat(mapWriter.size()).isZero();
    }

    @Test
    void shouldQueuePlansForThePlannerAndEditsForTheMapWriterAndAnswerBusyWhenFull() throws Exception {
        Place dock = Place.parse("from", "dock");
        Place kitchen = Place.parse("to", "kitchen");
        Answer[] plans = {new Answer(), new Answer(), new Answer()};
        Answer edit = new Answer();

        for (Answer a : plans) {
            gateway.submit(new Request.Plan(dock, kitchen, Algorithm.ASTAR), a);
        }
        gateway.submit(new Request.EditMap(new MapEdit.SetBlocked(kitchen, true)), edit);

        assertThat(planner.size()).isEqualTo(2);
        assertThat(mapWriter.size()).isEqualTo(1);
        assertThat(plans[0].result.get()).isNull();
        assertThat(plans[2].code).isEqualTo(ErrorCode.BUSY);
        assertThat(busy.get()).isEqualTo(1);
        List<Request> drained = new ArrayList<>();
        planner.drain((request, reply) -> drained.add(request), 10);
        assertThat(drained).containsExactly(new Request.Plan(dock, kitchen, Algorithm.ASTAR),
                new Request.Plan(dock, kitchen, Algorithm.ASTAR));
    }

    @Test
    void shouldRefuseRequestsBuiltByHandThatBreakTheRulesBeforeAnyAgentSeesThem() {
        Answer selfLoop = new Answer();
        Answer ambiguousName = new Answer();
        Answer farPoint = new Answer();
        Answer longReason = new Answer();

        gateway.submit(new Request.EditMap(new MapEdit.AddEdge(Place.of("dock"), Place.of("dock"), 1, false)), selfLoop);
        gateway.submit(new Request.EditMap(new MapEdit.AddNode("3,4", 1, 1)), ambiguousName);
        gateway.submit(new Request.GoTo(new Place.Point(Double.NaN, 0)), farPoint);
        gateway.submit(new Request.Stop("r".repeat(300)), longReason);

        assertThat(selfLoop.code).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat((String) selfLoop.result.get()).contains("self-loop");
        assertThat(ambiguousName.code).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(farPoint.code).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(longReason.code).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(stops).as("a stop whose reason is refused still stops").hasSize(1);
        assertThat(planner.size() + mapWriter.size()).isZero();
    }
}
