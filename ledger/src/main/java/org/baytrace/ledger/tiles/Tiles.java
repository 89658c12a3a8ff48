package org.baytrace.ledger.tiles;

import java.io.ByteArrayOutputStream;
import java.util.OptionalLong;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.error.LedgerError;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.merkle.NodeId;
import org.baytrace.ledger.record.RecordLimits;

/**
 * The bytes of tlog-tiles resources, from what the ledger keeps. Hash {@code i} of tile {@code n} at
 * level {@code l} is the Merkle Tree Hash of leaves {@code [(256n+i)·256^l, (256n+i+1)·256^l)}:
 * the store's perfect subtree at level {@code 8l}, index {@code 256n+i}. An entry bundle is each
 * entry's exact bytes after its big-endian 16-bit length. Stateless; thread-safe.
 */
public final class Tiles {
  private Tiles() {}

  /**
   * The number of leaves a tile needs before it exists: {@code (256n + width)·256^l}; empty if that
   * is beyond any log (overflows).
   */
  public static OptionalLong leavesNeeded(TilePath tile) {
    long hashes;
    try {
      hashes = Math.addExact(Math.multiplyExact(tile.index(), TilePath.FULL_WIDTH), tile.width());
      long perHash = 1;
      for (int i = 0; i < tile.level(); i++) {
        perHash = Math.multiplyExact(perHash, TilePath.FULL_WIDTH);
      }
      return OptionalLong.of(Math.multiplyExact(hashes, perHash));
    } catch (ArithmeticException e) {
      return OptionalLong.empty();
    }
  }

  /** Whether the tile exists in a tree of {@code size} leaves. */
  public static boolean exists(TilePath tile, long size) {
    OptionalLong need = leavesNeeded(tile);
    return need.isPresent() && need.getAsLong() <= size;
  }

  /**
   * The {@code width} hashes of a hash tile, 32 bytes each.
   *
   * @throws LedgerException TREE_SIZE_OUT_OF_RANGE if the tree is not yet that large
   */
  public static byte[] hashTile(Ledger ledger, TilePath tile) {
    if (tile.entries()) {
      throw new IllegalArgumentException("an entry bundle is not a hash tile: " + tile.path());
    }
    checkExists(ledger, tile);
    byte[] out = new byte[tile.width() * Hash32.LENGTH];
    int treeLevel = 8 * tile.level();
    for (int i = 0; i < tile.width(); i++) {
      Hash32 h = ledger.subtreeHash(new NodeId(treeLevel, tile.index() * TilePath.FULL_WIDTH + i));
      System.arraycopy(h.toByteArray(), 0, out, i * Hash32.LENGTH, Hash32.LENGTH);
    }
    return out;
  }

  /**
   * The entry bundle: each of its {@code width} entries as a big-endian uint16 length and the
   * exact log entry bytes.
   *
   * @throws LedgerException TREE_SIZE_OUT_OF_RANGE if the log has not that many entries;
   *     STORE_CORRUPT for a stored entry longer than a bundle can carry
   */
  public static byte[] entryBundle(Ledger ledger, TilePath tile) {
    if (!tile.entries()) {
      throw new IllegalArgumentException("a hash tile is not an entry bundle: " + tile.path());
    }
    checkExists(ledger, tile);
    ByteArrayOutputStream out = new ByteArrayOutputStream(tile.width() * 512);
    long first = tile.index() * TilePath.FULL_WIDTH;
    for (int i = 0; i < tile.width(); i++) {
      byte[] leaf = ledger.entry(first + i).leaf();
      if (leaf.length > RecordLimits.MAX_LOG_ENTRY_BYTES) {
        throw new LedgerException(LedgerError.STORE_CORRUPT, "entry " + (first + i) + ": got " + leaf.length
            + " bytes, want at most " + RecordLimits.MAX_LOG_ENTRY_BYTES + " to fit an entry bundle");
      }
      out.write(leaf.length >>> 8);
      out.write(leaf.length & 0xff);
      out.write(leaf, 0, leaf.length);
    }
    return out.toByteArray();
  }

  private static void checkExists(Ledger ledger, TilePath tile) {
    long size = ledger.head().size();
    if (!exists(tile, size)) {
      throw new LedgerException(LedgerError.TREE_SIZE_OUT_OF_RANGE, "tile/" + tile.path()
          + ": the log has " + size + " entries, fewer than this tile needs");
    }
  }
}
