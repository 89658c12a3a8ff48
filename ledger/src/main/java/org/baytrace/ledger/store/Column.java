package org.baytrace.ledger.store;

/** RocksDB column families of the ledger (DESIGN §4) and what their keys and values are. */
enum Column {
  /** index (8 bytes, big-endian) → exact LogEntry bytes. */
  ENTRIES("entries"),
  /**
   * index of the last leaf it covers (8 bytes BE) ‖ level (1 byte) → 32-byte hash of that perfect
   * subtree (level 0: the leaf hash). Keys grow as the log does.
   */
  TREE("tree"),
  /** subject (UTF-8) ‖ 0x00 ‖ index (8 bytes BE) → leaf hash; a subject's chain in order. */
  SUBJECTS("subjects"),
  /** SHA-256 of the record body → index (8 bytes BE); idempotent re-submission. */
  DEDUP("dedup"),
  /** tree size (8 bytes BE) → root (32 bytes) ‖ signed note (UTF-8). */
  CHECKPOINTS("checkpoints"),
  /** named values: tree head (size and root), format version. */
  META("meta"),
  /**
   * subject (UTF-8) → index (8 bytes BE) ‖ leaf hash of the subject's latest entry: the chain
   * head as a point row, written in the same batch as that entry's {@link #SUBJECTS} row, so that
   * appending needs a (bloom-filtered) get instead of an iterator seek. Always equal to the last
   * {@code SUBJECTS} row of the subject; full verification checks that.
   */
  HEADS("heads");

  final String familyName;

  Column(String familyName) {
    this.familyName = familyName;
  }
}
