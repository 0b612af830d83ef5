/**
 * The off-heap navigation graph: {@link io.wally.maps.graph.OffHeapGraph}, a façade that checks
 * arguments and counts versions, over package-private parts that each own one structure: the node
 * table ({@code NodeTable}, layout in {@code NodeDescriptor}), the adjacency store ({@code AdjacencyStore}
 * with its {@code EdgePools}, compact area and {@code EdgePalette}; read by {@code AdjacencyCursor};
 * layout in {@code AdjacencyDescriptor}), the property store and the image reader and writer
 * ({@code GraphImage}, {@code ImageDescriptor}). The name index and its hashing
 * ({@link io.wally.maps.graph.NameIndex}, {@link io.wally.maps.graph.NameHash},
 * {@link io.wally.maps.graph.BloomFilter}, {@link io.wally.maps.graph.BatchHasher}) are public for the
 * benchmarks. Imports neither {@code io.wally.hal} nor {@code io.wally.runtime}.
 */
package io.wally.maps.graph;
