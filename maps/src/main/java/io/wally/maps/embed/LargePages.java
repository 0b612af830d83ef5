package io.wally.maps.embed;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Zeroed off-heap memory for large matrices, backed by transparent huge pages where the OS allows it.
 *
 * <p>Why: on a machine whose THP setting is {@code madvise} (the Debian default), a 256 MB
 * {@code Arena.allocate} pays one page fault per 4 KiB page, measured at about 1 s in a VM, which was most of a
 * FastRP run on a million nodes; the same memory mapped anonymously and advised {@code MADV_HUGEPAGE} faults in
 * 2 MiB at a time (about 30 ms). On Linux: {@code mmap} + {@code madvise} through {@code java.lang.foreign},
 * freed by {@code munmap} when the arena closes; elsewhere, or when a call fails, plain {@code arena.allocate}.
 *
 * <p>Stateless; thread-safe.
 */
final class LargePages {

    /** Below this, plain allocation: huge pages only pay for large matrices. */
    static final long THRESHOLD_BYTES = 8L << 20;
    private static final long HUGE = 2L << 20;
    private static final int PROT_READ_WRITE = 3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x22;
    private static final int MADV_HUGEPAGE = 14;
    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle mmap = null;
        MethodHandle madvise = null;
        MethodHandle munmap = null;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            } catch (RuntimeException | Error e) {
                mmap = null;
            }
        }
        MMAP = mmap;
        MADVISE = madvise;
        MUNMAP = munmap;
    }

    private LargePages() {
    }

    /** {@code bytes} of zeroed memory, 64-byte aligned, freed when {@code arena} closes. */
    static MemorySegment allocate(Arena arena, long bytes) {
        if (MMAP == null || bytes < THRESHOLD_BYTES) {
            return arena.allocate(bytes, 64);
        }
        long mapped = bytes + HUGE;
        try {
            MemorySegment base = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, mapped, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (base.address() == -1L || base.address() == 0L) {
                return arena.allocate(bytes, 64);
            }
            long aligned = (base.address() + HUGE - 1) & -HUGE;
            MemorySegment segment = MemorySegment.ofAddress(aligned).reinterpret(bytes, arena, s -> unmap(base, mapped));
            // Advice only: when the kernel declines, the memory is still there, in small pages.
            int ignored = (int) MADVISE.invokeExact(segment, bytes, MADV_HUGEPAGE);
            return segment;
        } catch (Throwable e) {
            return arena.allocate(bytes, 64);
        }
    }

    private static void unmap(MemorySegment base, long mapped) {
        try {
            int ignored = (int) MUNMAP.invokeExact(base, mapped);
        } catch (Throwable e) {
            throw new IllegalStateException("munmap of " + mapped + " bytes failed", e);
        }
    }
}
