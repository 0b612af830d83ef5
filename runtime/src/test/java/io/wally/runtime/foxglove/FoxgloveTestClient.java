package io.wally.runtime.foxglove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Foxglove WebSocket client written from the protocol spec (foxglove/ws-protocol docs/spec.md), on the
 * JDK's WebSocket: the {@code foxglove.websocket.v1} subprotocol, JSON text messages with {@code op}, and
 * binary message-data frames (opcode 0x01, uint32 subscription id, uint64 log time, payload, little-endian).
 * Everything received is queued for the test to take. Not thread-safe beyond that.
 */
final class FoxgloveTestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** A message-data frame as received. */
    record Frame(int opcode, long subscriptionId, long logTimeNanos, byte[] payload) {
        /** The payload as JSON (a frame that is not JSON fails the test). */
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(payload);
            } catch (java.io.IOException e) {
                throw new AssertionError("payload is not JSON", e);
            }
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    final BlockingQueue<JsonNode> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final WebSocket socket;

    /** Connects to {@code url}; {@code reading} false: never asks for a message (a client that does not read). */
    FoxgloveTestClient(String url, boolean reading) throws Exception {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                if (reading) {
                    ws.request(1);
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        texts.add(json.readTree(text.toString()));
                    } catch (Exception e) {
                        throw new AssertionError("server sent text that is not JSON: " + text, e);
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
                    ByteBuffer b = ByteBuffer.wrap(binary.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                    binary.reset();
                    int opcode = b.get() & 0xFF;
                    long sub = Integer.toUnsignedLong(b.getInt());
                    long time = b.getLong();
                    byte[] payload = new byte[b.remaining()];
                    b.get(payload);
                    frames.add(new Frame(opcode, sub, time, payload));
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closeCode.complete(-1);
            }
        };
        socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(FoxgloveServer.SUBPROTOCOL)
                .connectTimeout(WAIT).buildAsync(URI.create(url), listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends a client message-data frame: opcode 0x01, uint32 channel id, payload. */
    void publish(long channelId, String payload) throws Exception {
        byte[] p = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(5 + p.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putInt((int) channelId).put(p).flip();
        socket.sendBinary(b, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next text message with {@code op}, skipping others. */
    JsonNode awaitOp(String op) throws InterruptedException {
        return awaitText(m -> op.equals(m.path("op").asText()));
    }

    JsonNode awaitText(Predicate<JsonNode> wanted) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            JsonNode m = texts.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && wanted.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no such text message within " + WAIT);
    }

    /** The next frame on subscription {@code id} that {@code wanted} accepts, skipping others. */
    Frame awaitFrame(long id, Predicate<Frame> wanted) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Frame f = frames.poll(100, TimeUnit.MILLISECONDS);
            if (f != null && f.subscriptionId() == id && wanted.test(f)) {
                return f;
            }
        }
        throw new AssertionError("no accepted frame on subscription " + id + " within " + WAIT);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
