/**
 * Place embeddings: FastRP vectors for the nodes of any {@link io.wally.maps.NavGraph}, exact top-k
 * nearest neighbours by cosine similarity, a file format to keep them next to a map or store, and room
 * segmentation of occupancy grids built on them.
 *
 * <p>Entry points: {@link io.wally.maps.embed.FastRp#compute}, {@link io.wally.maps.embed.NearestNeighbours},
 * {@link io.wally.maps.embed.EmbeddingFile}, {@link io.wally.maps.embed.RoomSegmenter}. Everything reads a
 * graph on the caller's thread (the graph's owner or a published view) and never writes it.
 */
package io.wally.maps.embed;
