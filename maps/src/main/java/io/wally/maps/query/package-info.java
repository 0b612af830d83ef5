/**
 * Graph queries: a read-only subset of openCypher over any {@link io.wally.maps.NavGraph}, parsed by a
 * hand-written recursive-descent parser, planned (label scans, expands, pushed-down filters, projection
 * or aggregation, sort, skip, limit) and run by an interpreter or by a class compiled for the query with
 * {@code java.lang.classfile}. The language and its limits: {@code docs/queries.md}.
 *
 * <p>Entry point: {@link io.wally.maps.query.QueryEngine}. Queries read the graph on the caller's thread
 * and never write it; to query a live map without blocking its writer, give the engine the view of a
 * {@link io.wally.maps.concurrent.ReplicatedNavGraph.Reader} ({@code acquire()}, run, {@code close()}):
 * the engine keeps that view and rebuilds its derived data when the view's version changes.
 */
package io.wally.maps.query;
