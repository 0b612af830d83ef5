package io.wally.maps;

/**
 * Whether the Vector API ({@code jdk.incubator.vector}) is loaded in this JVM, so that the batch kernels
 * (name hashing, name probes, embedding dot products) may take their vector paths.
 *
 * <p>The module is incubating in JDK 25, and a JVM started with {@code --add-modules jdk.incubator.vector}
 * prints a warning on every start; the {@code wally} launcher therefore leaves it out unless asked
 * ({@code WALLY_VECTOR=on}). Without it every kernel takes its scalar path, which gives the same results.
 * The classes that use the Vector API are nested classes loaded only when {@link #available()} is true, so a
 * JVM without the module never touches them.
 *
 * <p>Threading: immutable; safe from any thread.
 */
public final class VectorSupport {

    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }

    /** Whether {@code jdk.incubator.vector} is in the boot layer (the JVM was started with {@code --add-modules}). */
    public static boolean available() {
        return AVAILABLE;
    }

    /** What a report says when the vector paths are off, e.g. in place of a species name. */
    public static String scalarOnly() {
        return "scalar (jdk.incubator.vector not loaded)";
    }
}
