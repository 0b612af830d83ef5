package io.wally.runtime.systemd;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * Tells systemd about the service's state ({@code READY=1}, {@code WATCHDOG=1}, {@code STOPPING=1},
 * {@code STATUS=…}) over the datagram socket named by {@code $NOTIFY_SOCKET}, as {@code sd_notify(3)}
 * does, without libsystemd: libc {@code socket(AF_UNIX, SOCK_DGRAM)} and {@code sendto} through
 * {@code java.lang.foreign} (the JDK has no datagram Unix sockets). A leading {@code @} in the socket
 * name means Linux's abstract namespace.
 *
 * <p>Without {@code NOTIFY_SOCKET} (not started by systemd, or {@code Type=simple}) every call is a
 * no-op returning false. Needs {@code --enable-native-access=ALL-UNNAMED}; only Linux has the socket.
 *
 * <p>Threading: any thread; each call opens, sends on and closes its own socket. Stateless.
 */
public final class SdNotify {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_BYTES = 108;

    /** {@code struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }} (Linux). */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(SUN_PATH_BYTES, ValueLayout.JAVA_BYTE).withName("sun_path"));
    private static final VarHandle SUN_FAMILY = SOCKADDR_UN.varHandle(MemoryLayout.PathElement.groupElement("sun_family"));
    private static final long SUN_PATH_OFFSET = SOCKADDR_UN.byteOffset(MemoryLayout.PathElement.groupElement("sun_path"));

    private final String socketName;

    private SdNotify(String socketName) {
        this.socketName = socketName == null || socketName.isEmpty() ? null : socketName;
    }

    /** Notifies the socket of this process's {@code NOTIFY_SOCKET}, if any. */
    public static SdNotify fromEnvironment() {
        return new SdNotify(System.getenv("NOTIFY_SOCKET"));
    }

    /** Notifies {@code socketName} (a path, or {@code @name} for the abstract namespace); null: no-op. */
    public static SdNotify to(String socketName) {
        return new SdNotify(socketName);
    }

    /** Whether there is a socket to notify. */
    public boolean enabled() {
        return socketName != null;
    }

    /** {@code READY=1}: start-up finished (the pipeline runs). */
    public boolean ready() {
        return send("READY=1");
    }

    /** {@code WATCHDOG=1}: the control loop is alive; must come more often than {@code WatchdogSec}. */
    public boolean watchdog() {
        return send("WATCHDOG=1");
    }

    /** {@code STOPPING=1}: shutdown has begun. */
    public boolean stopping() {
        return send("STOPPING=1");
    }

    /** {@code STATUS=<text>}: one line shown by {@code systemctl status}. */
    public boolean status(String text) {
        return send("STATUS=" + text.replace('\n', ' '));
    }

    /**
     * Sends {@code state} (newline-separated {@code KEY=VALUE} lines) as one datagram.
     *
     * @return true when sent; false when there is no socket to notify
     * @throws SdNotifyException when the socket name is unusable or the send fails (errno in the message)
     */
    public boolean send(String state) {
        if (socketName == null) {
            return false;
        }
        byte[] name = socketName.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name[0] == '@';
        if (name.length >= SUN_PATH_BYTES || (!abstractName && name[0] != '/')) {
            throw new SdNotifyException("NOTIFY_SOCKET must be an absolute path or @name shorter than "
                    + SUN_PATH_BYTES + " bytes; was " + socketName);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(SOCKADDR_UN);
            SUN_FAMILY.set(address, 0L, (short) AF_UNIX);
            MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, name.length);
            long addressLength;
            if (abstractName) {
                address.set(ValueLayout.JAVA_BYTE, SUN_PATH_OFFSET, (byte) 0); // '@' -> NUL: abstract namespace
                addressLength = SUN_PATH_OFFSET + name.length;              // no trailing NUL for abstract names
            } else {
                addressLength = SUN_PATH_OFFSET + name.length + 1;          // the NUL is already zeroed
            }
            byte[] message = state.getBytes(StandardCharsets.UTF_8);
            MemorySegment payload = arena.allocateFrom(ValueLayout.JAVA_BYTE, message);
            MemorySegment errno = arena.allocate(Libc.CAPTURE_STATE);
            int fd = (int) Libc.SOCKET.invokeExact(errno, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new SdNotifyException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + Libc.errno(errno));
            }
            try {
                long sent = (long) Libc.SENDTO.invokeExact(errno, fd, payload, (long) message.length, MSG_NOSIGNAL,
                        address, (int) addressLength);
                if (sent < 0) {
                    throw new SdNotifyException("sendto " + socketName + " failed: errno " + Libc.errno(errno));
                }
            } finally {
                int closed = (int) Libc.CLOSE.invokeExact(fd);
                assert closed == 0 || closed == -1;
            }
            return true;
        } catch (SdNotifyException e) {
            throw e;
        } catch (Throwable e) {
            throw new SdNotifyException("sd_notify to " + socketName + " failed: " + e, e);
        }
    }

    /** The libc functions used, bound once. */
    static final class Libc {
        static final Linker LINKER = Linker.nativeLinker();
        static final SymbolLookup LIBC = LINKER.defaultLookup();
        static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
        static final StructLayout CAPTURE_STATE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CAPTURE_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        /** {@code int socket(int domain, int type, int protocol)}. */
        static final MethodHandle SOCKET = LINKER.downcallHandle(LIBC.find("socket").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                CAPTURE_ERRNO);

        /** {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr, socklen_t addrlen)}. */
        static final MethodHandle SENDTO = LINKER.downcallHandle(LIBC.find("sendto").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                CAPTURE_ERRNO);

        /** {@code int close(int fd)}. */
        static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

        static int errno(MemorySegment state) {
            return (int) ERRNO.get(state, 0L);
        }

        private Libc() {
        }
    }
}
