package io.wally.maps.embed;

/**
 * One result of a nearest-neighbour query.
 *
 * @param node the neighbour's node id
 * @param similarity cosine similarity to the query, in {@code [-1, 1]}
 */
public record Neighbour(int node, float similarity) {
}
