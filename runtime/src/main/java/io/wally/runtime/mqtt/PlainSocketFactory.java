package io.wally.runtime.mqtt;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets for Paho's {@code tcp://} connections, optionally with {@code TCP_NODELAY} (see
 * {@link NoDelaySocketFactory} for why), whose reads wait for the connection's first write.
 *
 * <p>Holding reads works around a race in Paho 1.2.5 (eclipse/paho.mqtt.java#850) that leaks one thread
 * per connect attempt. Paho's connect thread ({@code MQTT Con: <client id>}) starts the receiver thread
 * and then polls every 100 ms until it sees it running. When the broker closes the connection right
 * after accepting it (a broker at its connection limit, stopping, or restarting), the receiver reads the
 * end of the stream and stops before that poll, and the connect thread polls forever. Against such a
 * broker our reconnect loop would leave a thread behind on every attempt. An MQTT broker sends nothing
 * before the client's CONNECT, and Paho writes CONNECT only once all its threads are up, so a read held
 * until the first write changes nothing for a healthy broker and lets a dropped one be seen only when
 * Paho is ready to shut the connection down cleanly.
 *
 * <p>TLS connections are not covered: there the broker must first complete a handshake, which Paho does
 * before starting any thread, so only a broker dying in the instant after the handshake could hit it.
 *
 * <p>Thread-safe and stateless.
 */
public final class PlainSocketFactory extends SocketFactory {

    /** Longest a read is held without a write: a safety net for close paths that never write. */
    static final long MAX_HOLD_MILLIS = 10_000;

    private final boolean tcpNoDelay;

    private PlainSocketFactory(boolean tcpNoDelay) {
        this.tcpNoDelay = tcpNoDelay;
    }

    /** Sockets with reads held until the first write, and {@code TCP_NODELAY} when {@code tcpNoDelay}. */
    public static SocketFactory create(boolean tcpNoDelay) {
        return new PlainSocketFactory(tcpNoDelay);
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new ReadsAfterFirstWriteSocket();
        socket.setTcpNoDelay(tcpNoDelay);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A socket whose input waits for the first write on its output, or for the socket to close. */
    static final class ReadsAfterFirstWriteSocket extends Socket {
        private final CountDownLatch firstWrite = new CountDownLatch(1);

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    awaitFirstWrite();
                    return super.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    awaitFirstWrite();
                    return in.read(buffer, offset, length);
                }

                @Override
                public long skip(long n) throws IOException {
                    awaitFirstWrite();
                    return super.skip(n);
                }

                @Override
                public int available() throws IOException {
                    // Paho polls this before each read; a reset connection would report itself here
                    return firstWrite.getCount() == 0 ? super.available() : 0;
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(int b) throws IOException {
                    firstWrite.countDown();
                    out.write(b);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    firstWrite.countDown();
                    out.write(buffer, offset, length);
                }
            };
        }

        @Override
        public synchronized void close() throws IOException {
            firstWrite.countDown();
            super.close();
        }

        private void awaitFirstWrite() throws IOException {
            if (firstWrite.getCount() == 0) {
                return;
            }
            try {
                firstWrite.await(MAX_HOLD_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the connection's first write");
            }
        }
    }
}
