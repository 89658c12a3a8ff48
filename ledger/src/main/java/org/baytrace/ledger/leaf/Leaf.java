package org.baytrace.ledger.leaf;

import java.util.List;
import java.util.Objects;
import org.baytrace.ledger.crypto.Hash32;

/**
 * A log entry as its fields: its index, the record time the ledger stamped, one link per subject
 * the record names (in the record's order) and the exact {@code SignedRecord} bytes. Encoded and
 * decoded by {@link LeafCodec}. Immutable.
 */
public final class Leaf {
  private final long index;
  private final long recordTimeUnixMillis;
  private final List<Link> links;
  private final byte[] signedRecord;

  /** A subject's link: the leaf hash of the subject's previous entry, or null for its first. */
  public record Link(String subject, Hash32 previousLeafHash) {
    public Link {
      Objects.requireNonNull(subject, "subject");
    }
  }

  public Leaf(long index, long recordTimeUnixMillis, List<Link> links, byte[] signedRecord) {
    this(index, recordTimeUnixMillis, List.copyOf(links), signedRecord.clone(), true);
  }

  // For the codec: takes the list and the array as they are (it made them, or owns them until encoded).
  Leaf(long index, long recordTimeUnixMillis, List<Link> links, byte[] signedRecord, boolean owned) {
    this.index = index;
    this.recordTimeUnixMillis = recordTimeUnixMillis;
    this.links = links;
    this.signedRecord = signedRecord;
  }

  /** The entry's index as stored (unsigned 64-bit on the wire; a value above 2^63 is negative here). */
  public long index() {
    return index;
  }

  public long recordTimeUnixMillis() {
    return recordTimeUnixMillis;
  }

  public List<Link> links() {
    return links;
  }

  /** The link for {@code subject}, or null if the entry does not name it. */
  public Link link(String subject) {
    for (Link l : links) {
      if (l.subject().equals(subject)) {
        return l;
      }
    }
    return null;
  }

  /** The exact {@code SignedRecord} bytes (a copy). */
  public byte[] signedRecord() {
    return signedRecord.clone();
  }

  byte[] signedRecordShared() {
    return signedRecord;
  }
}
