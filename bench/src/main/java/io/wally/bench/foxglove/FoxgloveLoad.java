package io.wally.bench.foxglove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Foxglove clients for load: each connects with {@code foxglove.websocket.v1}, subscribes to every advertised
 * channel (subscription id = channel id) and counts the frames and bytes it reads. Reusable by any bench that
 * needs "N Foxglove clients" beside the robot (the dashboard's load bench among them).
 *
 * <p>Threading: the JDK's WebSocket threads call the frame handler; counters are thread-safe. Lifecycle:
 * {@link #connect} opens all clients; {@link #close} aborts them.
 */
public final class FoxgloveLoad implements AutoCloseable {

    private final List<WebSocket> sockets = new ArrayList<>();
    private final LongAdder frames = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    /** What a bench does with each frame a client reads. */
    @FunctionalInterface
    public interface FrameHandler {
        /**
         * Called on a WebSocket thread of client {@code client} (0 to count - 1), one frame at a time per client.
         *
         * @param topic   the channel's topic
         * @param payload the message payload (JSON)
         */
        void frame(int client, String topic, byte[] payload);
    }

    private FoxgloveLoad() {
    }

    /**
     * Connects {@code count} clients to {@code url}, each subscribed to every channel.
     *
     * @param onFrame called for each message-data frame; may be null
     */
    public static FoxgloveLoad connect(String url, int count, FrameHandler onFrame) throws Exception {
        FoxgloveLoad load = new FoxgloveLoad();
        try {
            for (int i = 0; i < count; i++) {
                load.sockets.add(load.open(url, i, onFrame));
            }
        } catch (Exception e) {
            load.close();
            throw e;
        }
        return load;
    }

    /** Message-data frames read by all clients so far. */
    public long frames() {
        return frames.sum();
    }

    /** Bytes of message-data frames read by all clients so far. */
    public long bytes() {
        return bytes.sum();
    }

    private WebSocket open(String url, int client, FrameHandler onFrame) throws Exception {
        ObjectMapper json = new ObjectMapper();
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        String[] topics = new String[64];
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();
            private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode m = json.readTree(text.toString());
                        if (m.path("op").asText().equals("advertise")) {
                            StringBuilder subs = new StringBuilder("{\"op\":\"subscribe\",\"subscriptions\":[");
                            for (JsonNode c : m.path("channels")) {
                                int id = c.path("id").asInt();
                                topics[id] = c.path("topic").asText();
                                subs.append(subs.charAt(subs.length() - 1) == '[' ? "" : ",")
                                        .append("{\"id\":").append(id).append(",\"channelId\":").append(id).append('}');
                            }
                            ws.sendText(subs.append("]}"), true).thenRun(() -> subscribed.complete(null));
                        }
                    } catch (Exception e) {
                        subscribed.completeExceptionally(e);
                    }
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                binary.writeBytes(chunk);
                if (last) {
                    byte[] frame = binary.toByteArray();
                    binary.reset();
                    frames.increment();
                    bytes.add(frame.length);
                    if (onFrame != null && frame.length >= 13) {
                        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
                        int sub = b.getInt(1);
                        byte[] payload = new byte[frame.length - 13];
                        System.arraycopy(frame, 13, payload, 0, payload.length);
                        onFrame.frame(client, sub >= 0 && sub < topics.length ? topics[sub] : null, payload);
                    }
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("foxglove.websocket.v1")
                .buildAsync(URI.create(url), listener).get(10, TimeUnit.SECONDS);
        subscribed.get(10, TimeUnit.SECONDS);
        return ws;
    }

    @Override
    public void close() {
        sockets.forEach(WebSocket::abort);
    }
}
