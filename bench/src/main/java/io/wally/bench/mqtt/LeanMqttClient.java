package io.wally.bench.mqtt;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The smallest MQTT 3.1.1 client the round-trip benchmark needs: connect with a clean session, subscribe to
 * one topic at QoS 1, publish at QoS 1, acknowledge what arrives. It reads each packet with one
 * {@code readFully} into one array, as libmosquitto does, so that a measurement through it holds the broker
 * and the robot but not the client's own parsing.
 *
 * <p>Why it exists: Paho 1.2.5 parses an incoming PUBLISH a byte at a time through a synchronized
 * {@code ByteArrayInputStream}, twice. A 20 KB route reply costs it about half a millisecond of its own
 * (see {@code paho_parse_reply_us} in {@code wally bench mqtt}), which the Paho-client legs count as the
 * robot's overhead. Not for use outside benchmarks: no reconnect, no keep-alive, no QoS 2, no TLS.
 */
final class LeanMqttClient implements AutoCloseable {

    private static final int CONNACK = 2;
    private static final int PUBLISH = 3;
    private static final int PUBACK = 4;
    private static final int SUBACK = 9;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Consumer<byte[]> onMessage;
    private final Thread reader;
    private volatile IOException failure;
    private int nextPacketId = 1;

    private LeanMqttClient(Socket socket, Consumer<byte[]> onMessage) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.onMessage = onMessage;
        this.reader = Thread.ofPlatform().name("lean-mqtt-reader").daemon().unstarted(this::readLoop);
    }

    /**
     * Connects to {@code brokerUrl} ({@code tcp://host:port}) as {@code clientId} with {@code TCP_NODELAY},
     * subscribes to {@code topic} at QoS 1 and hands every payload that arrives on it to {@code onMessage}
     * (on the reader thread).
     */
    static LeanMqttClient connect(String brokerUrl, String clientId, String topic, Consumer<byte[]> onMessage)
            throws IOException {
        URI uri = URI.create(brokerUrl);
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(10_000);
        LeanMqttClient client = new LeanMqttClient(socket, onMessage);
        try {
            ByteArrayOutputStream connect = new ByteArrayOutputStream();
            writeString(connect, "MQTT");
            connect.write(4);    // protocol level 3.1.1
            connect.write(0x02); // clean session
            connect.write(0);    // keep-alive 0: off (the benchmark's connection lives a minute at most)
            connect.write(0);
            writeString(connect, clientId);
            client.send(0x10, connect.toByteArray());
            byte[] connack = client.expect(CONNACK);
            if (connack.length < 2 || connack[1] != 0) {
                throw new IOException("broker refused the connection (CONNACK return code " + (connack.length < 2 ? -1 : connack[1]) + ")");
            }
            ByteArrayOutputStream subscribe = new ByteArrayOutputStream();
            int id = client.nextPacketId++;
            subscribe.write(id >> 8);
            subscribe.write(id);
            writeString(subscribe, topic);
            subscribe.write(1);
            client.send(0x82, subscribe.toByteArray());
            byte[] suback = client.expect(SUBACK);
            if (suback.length < 3 || (suback[2] & 0xFF) == 0x80) {
                throw new IOException("broker refused the subscription to " + topic);
            }
            socket.setSoTimeout(0);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        client.reader.start();
        return client;
    }

    /** Publishes {@code payload} on {@code topic} at QoS 1 (the broker's PUBACK is read and dropped). */
    void publish(String topic, byte[] payload) throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        int id;
        synchronized (this) {
            id = nextPacketId;
            nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
        }
        byte[] body = new byte[2 + name.length + 2 + payload.length];
        body[0] = (byte) (name.length >> 8);
        body[1] = (byte) name.length;
        System.arraycopy(name, 0, body, 2, name.length);
        body[2 + name.length] = (byte) (id >> 8);
        body[3 + name.length] = (byte) id;
        System.arraycopy(payload, 0, body, 4 + name.length, payload.length);
        send(0x32, body);
    }

    private void readLoop() {
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    throw new EOFException("broker closed the connection");
                }
                byte[] body = new byte[remainingLength()];
                in.readFully(body);
                if (first >> 4 == PUBLISH) {
                    int qos = (first >> 1) & 3;
                    int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                    int at = 2 + topicLength;
                    if (qos > 0) {
                        send(PUBACK << 4, new byte[] {body[at], body[at + 1]});
                        at += 2;
                    }
                    byte[] payload = new byte[body.length - at];
                    System.arraycopy(body, at, payload, 0, payload.length);
                    onMessage.accept(payload);
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private byte[] expect(int type) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("broker closed the connection");
        }
        byte[] body = new byte[remainingLength()];
        in.readFully(body);
        if (first >> 4 != type) {
            throw new IOException("expected MQTT packet type " + type + ", got " + (first >> 4));
        }
        return body;
    }

    private int remainingLength() throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed remaining length");
    }

    /** One packet, one write: header and body together. */
    private void send(int header, byte[] body) throws IOException {
        byte[] packet = new byte[1 + 4 + body.length];
        int at = 0;
        packet[at++] = (byte) header;
        int length = body.length;
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            packet[at++] = (byte) (length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        System.arraycopy(body, 0, packet, at, body.length);
        synchronized (out) {
            out.write(packet, 0, at + body.length);
            out.flush();
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    @Override
    public void close() throws IOException {
        try {
            send(0xE0, new byte[0]); // DISCONNECT
        } catch (IOException ignored) {
            // already gone
        } finally {
            socket.close();
        }
    }
}
