/**
 * Persistence of the navigation graph: a store directory with a memory-mapped snapshot and a
 * write-ahead log ({@link io.wally.maps.store.GraphStore}), the log record codec
 * ({@link io.wally.maps.store.GraphMutation}), durability policies ({@link io.wally.maps.store.Durability}),
 * crash recovery that tells a torn tail from corruption, atomic checkpoints, and the tools behind
 * {@code wally store} ({@link io.wally.maps.store.Torture}, {@link io.wally.maps.store.StoreVerifier} and
 * {@link io.wally.maps.store.StoreInspection} (read-only), {@link io.wally.maps.store.StoreRepair},
 * {@link io.wally.maps.store.StateChecksum}). File formats and guarantees: docs/persistence.md.
 * Imports neither {@code io.wally.hal} nor {@code io.wally.runtime}.
 */
package io.wally.maps.store;
