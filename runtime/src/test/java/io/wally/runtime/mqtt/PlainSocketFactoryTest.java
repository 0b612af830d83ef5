package io.wally.runtime.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real loopback sockets: reads held until the first write (see PahoMqttTransportTest for why). */
@Timeout(60)
class PlainSocketFactoryTest {

    @Test
    void shouldHoldReadsUntilFirstWriteThenDeliverWhatArrived() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = PlainSocketFactory.create(true).createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            // given the peer speaks first
            peer.getOutputStream().write('x');
            peer.getOutputStream().flush();
            InputStream in = client.getInputStream();
            CompletableFuture<Integer> read = readOneByteAsync(in);
            // then nothing is read, or reported available, before our first write
            Thread.sleep(300);
            assertThat(read).isNotDone();
            assertThat(in.available()).isZero();
            // when we write, the held read delivers the peer's byte
            client.getOutputStream().write(new byte[] {'h', 'i'}, 0, 2);
            assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo((int) 'x');
            byte[] hi = peer.getInputStream().readNBytes(2);
            assertThat(new String(hi)).isEqualTo("hi");
        }
    }

    @Test
    void shouldReleaseHeldReadWhenSocketCloses() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = PlainSocketFactory.create(false).createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket ignored = server.accept()) {
            InputStream in = client.getInputStream();
            CompletableFuture<Integer> read = readOneByteAsync(in);
            Thread.sleep(100);
            // when the socket is closed without a write (Paho's forced shutdown), the read ends with the
            // closed socket's error, well before the hold's safety limit
            client.close();
            assertThat(PlainSocketFactory.MAX_HOLD_MILLIS).isGreaterThan(5_000);
            assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(SocketException.class);
        }
    }

    @Test
    void shouldSetNoDelayOnlyWhenAsked() throws Exception {
        try (Socket on = PlainSocketFactory.create(true).createSocket();
                Socket off = PlainSocketFactory.create(false).createSocket()) {
            assertThat(on.getTcpNoDelay()).isTrue();
            assertThat(off.getTcpNoDelay()).isFalse();
        }
    }

    private static CompletableFuture<Integer> readOneByteAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return in.read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
