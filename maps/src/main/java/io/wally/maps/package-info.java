/**
 * The navigation graph: the public API ({@link io.wally.maps.NavGraph}, {@link io.wally.maps.MutableNavGraph},
 * {@link io.wally.maps.EdgeCursor}) over package-private off-heap storage. Imports neither
 * {@code io.wally.hal} nor {@code io.wally.runtime}.
 */
package io.wally.maps;
