package org.baytrace.ledger.store;

/** RocksDB column families of the ledger (DESIGN §4) and what their keys and values are. */
enum Column {
  /** index (8 bytes, big-endian) → exact LogEntry bytes. */
  ENTRIES("entries", 0, true),
  /**
   * index of the last leaf it covers (8 bytes BE) ‖ level (1 byte) → 32-byte hash of that perfect
   * subtree (level 0: the leaf hash). Keys grow as the log does.
   */
  TREE("tree", 0, true),
  /**
   * subject prefix (the first 16 bytes of SHA-256 of the subject's UTF-8) ‖ index (8 bytes BE)
   * → leaf hash: a subject's chain in order, and its last row is the chain head. Fixed-length prefixes let RocksDB filter by prefix, so an append finds the head
   * of a subject (or that it has none) with one bloom-filtered seek and no separate head row.
   */
  SUBJECTS("subjects", 16, false),
  /** SHA-256 of the record body → index (8 bytes BE); idempotent re-submission. */
  DEDUP("dedup"),
  /** tree size (8 bytes BE) → root (32 bytes) ‖ signed note (UTF-8). */
  CHECKPOINTS("checkpoints", 0, true),
  /** named values: tree head (size and root), format version. */
  META("meta"),
  /**
   * apply rule's snapshot name (UTF-8) → SHA-256 of the snapshot message ‖ the
   * {@code baytrace.ledger.v1.RuleSnapshot} message (see {@code RuleSnapshot}). Since format 5.
   */
  SNAPSHOTS("snapshots");

  final String familyName;
  /** Length of the fixed key prefix the family is filtered by, or 0 if it has none. */
  final int prefixLength;

  /**
   * Whether keys are written in increasing order as the log grows, so that flushed files never
   * overlap (their options: {@link ColumnOptions}).
   */
  final boolean appendOrdered;

  Column(String familyName) {
    this(familyName, 0, false);
  }

  Column(String familyName, int prefixLength, boolean appendOrdered) {
    this.familyName = familyName;
    this.prefixLength = prefixLength;
    this.appendOrdered = appendOrdered;
  }
}
