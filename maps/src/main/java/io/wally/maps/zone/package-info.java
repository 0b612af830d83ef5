/**
 * Keep-out and speed zones: named polygons in world metres ({@link io.wally.maps.zone.Zone}), stored as one
 * property each in the graph ({@link io.wally.maps.zone.Zones}), laid onto the nodes for the planners
 * ({@link io.wally.maps.zone.ZoneCosts}, {@link io.wally.maps.zone.ZonedGraph}), and the way out for a robot found
 * inside a keep-out zone ({@link io.wally.maps.zone.ZoneExit}). Pure maps code: no runtime or hal types.
 */
package io.wally.maps.zone;
