package io.wally.runtime.systemd;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Plays systemd in tests: binds an {@code AF_UNIX SOCK_DGRAM} socket (a path, or {@code @name} in the
 * abstract namespace) through {@code java.lang.foreign} and receives what {@link SdNotify} sends. The JDK
 * cannot do this itself: {@code UnixDomainSocketAddress} works with stream channels only.
 */
public final class NotifySocketReceiver implements AutoCloseable {

    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)}. */
    private static final MethodHandle BIND = SdNotify.Libc.LINKER.downcallHandle(
            SdNotify.Libc.LIBC.find("bind").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            SdNotify.Libc.CAPTURE_ERRNO);

    /** {@code ssize_t recv(int fd, void *buf, size_t len, int flags)}. */
    private static final MethodHandle RECV = SdNotify.Libc.LINKER.downcallHandle(
            SdNotify.Libc.LIBC.find("recv").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT),
            SdNotify.Libc.CAPTURE_ERRNO);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = arena.allocate(SdNotify.Libc.CAPTURE_STATE);
    private final MemorySegment buffer = arena.allocate(4096);
    private final int fd;

    /** Binds {@code name}: an absolute path, or {@code @name} in the abstract namespace. */
    public NotifySocketReceiver(String name) throws Throwable {
        fd = (int) SdNotify.Libc.SOCKET.invokeExact(errno, 1, 2, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket failed: errno " + SdNotify.Libc.errno(errno));
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        MemorySegment address = arena.allocate(SdNotify.SOCKADDR_UN);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
        MemorySegment.copy(bytes, 0, address, ValueLayout.JAVA_BYTE, 2, bytes.length);
        int length = 2 + bytes.length + 1;
        if (bytes[0] == '@') {
            address.set(ValueLayout.JAVA_BYTE, 2, (byte) 0);
            length = 2 + bytes.length;
        }
        int rc = (int) BIND.invokeExact(errno, fd, address, length);
        if (rc != 0) {
            throw new IllegalStateException("bind " + name + " failed: errno " + SdNotify.Libc.errno(errno));
        }
    }

    /** The next datagram as text, or null when none arrives within {@code timeout}. */
    public String receive(Duration timeout) throws Throwable {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long n = (long) RECV.invokeExact(errno, fd, buffer, buffer.byteSize(), MSG_DONTWAIT);
            if (n >= 0) {
                return new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            }
            if (SdNotify.Libc.errno(errno) != EAGAIN) {
                throw new IllegalStateException("recv failed: errno " + SdNotify.Libc.errno(errno));
            }
            Thread.sleep(5);
        }
        return null;
    }

    @Override
    public void close() {
        int rc;
        try {
            rc = (int) SdNotify.Libc.CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException("close failed", e);
        } finally {
            arena.close();
        }
        if (rc != 0) {
            throw new IllegalStateException("close failed");
        }
    }
}
