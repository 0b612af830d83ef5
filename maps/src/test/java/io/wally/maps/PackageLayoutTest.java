package io.wally.maps;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.graph.OffHeapGraph;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rule of issue 13: {@code io.wally.maps} holds the public API only, and the storage
 * parts of {@link OffHeapGraph} stay package-private in {@code io.wally.maps.graph}.
 */
class PackageLayoutTest {

    @Test
    void shouldHoldOnlyPublicTopLevelTypesInTheRootPackage() throws Exception {
        // given the compiled top-level classes of io.wally.maps (not its subpackages)
        List<Class<?>> types = topLevelClasses(NavGraph.class);

        // then every one is public
        assertThat(types).hasSizeGreaterThan(10);
        assertThat(types).filteredOn(t -> !Modifier.isPublic(t.getModifiers())).isEmpty();
    }

    @Test
    void shouldKeepTheOffHeapStorageInternalsPackagePrivate() throws Exception {
        // given the compiled top-level classes of io.wally.maps.graph
        List<String> publicTypes = topLevelClasses(OffHeapGraph.class).stream()
                .filter(t -> Modifier.isPublic(t.getModifiers()))
                .map(Class::getSimpleName)
                .toList();

        // then only the façade and the name index the benchmarks use are public
        assertThat(publicTypes).containsExactlyInAnyOrder("OffHeapGraph", "NameIndex", "NameHash", "BloomFilter",
                "BatchHasher");
    }

    /** The top-level classes compiled into {@code anchor}'s package directory (package-info excluded). */
    private static List<Class<?>> topLevelClasses(Class<?> anchor) throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pkg = anchor.getPackageName();
        Path dir = root.resolve(pkg.replace('.', '/'));
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
                    types.add(Class.forName(pkg + "." + file.substring(0, file.length() - ".class".length())));
                }
            }
        }
        return types;
    }
}
