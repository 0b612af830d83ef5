/**
 * The navigation graph's public API: {@link io.wally.maps.NavGraph}, {@link io.wally.maps.MutableNavGraph},
 * {@link io.wally.maps.EdgeCursor}, the oracle {@link io.wally.maps.ReferenceGraph}, the limits, the
 * exceptions and the statistics records. The production implementation, {@code OffHeapGraph}, lives in
 * {@code io.wally.maps.graph} over package-private off-heap storage. Imports neither
 * {@code io.wally.hal} nor {@code io.wally.runtime}.
 */
package io.wally.maps;
