/**
 * The log served as C2SP tlog-tiles (https://c2sp.org/tlog-tiles): tile paths
 * ({@link org.baytrace.ledger.tiles.TilePath}, {@code tile/<L>/<N>[.p/<W>]} and
 * {@code tile/entries/<N>[.p/<W>]}) and the bytes of hash tiles and entry bundles
 * ({@link org.baytrace.ledger.tiles.Tiles}), read from the subtree hashes and entries the store
 * already keeps: a tile hash at level {@code l} is the stored perfect subtree of height
 * {@code 8·l}. Nothing is written for tiles. Stateless; thread-safe.
 */
package org.baytrace.ledger.tiles;
