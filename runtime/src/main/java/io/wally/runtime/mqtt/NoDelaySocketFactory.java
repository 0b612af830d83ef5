package io.wally.runtime.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets with {@code TCP_NODELAY}: MQTT messages are small, and with Nagle's algorithm on both ends
 * a request or reply can wait for the peer's delayed ACK (about 40 ms on Linux) before it leaves. Paho
 * never sets the option itself, so every TLS connection we open goes through this factory wrapping the
 * TLS one; plain connections go through {@link PlainSocketFactory}.
 *
 * <p>Thread-safe; stateless apart from the wrapped factory.
 */
public final class NoDelaySocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    /** The delegate's connecting calls with {@code TCP_NODELAY} set on the result. */
    private final Plain connecting;

    /** {@code delegate}'s sockets with {@code TCP_NODELAY}: the TLS factory's connecting calls. */
    private static final class Plain extends SocketFactory {
        private final SocketFactory delegate;

        Plain(SocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    /** TLS sockets from {@code tls} with {@code TCP_NODELAY}. */
    public static SSLSocketFactory tls(SSLSocketFactory tls) {
        return new NoDelaySocketFactory(tls);
    }

    private NoDelaySocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
        this.connecting = new Plain(delegate);
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return connecting.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connecting.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connecting.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connecting.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connecting.createSocket(address, port, localAddress, localPort);
    }

    /** Layers TLS over an already connected socket (how Paho's TLS module uses the factory). */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        socket.setTcpNoDelay(true);
        return delegate.createSocket(socket, host, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
