package org.baytrace.ledger.leaf;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SubjectLink;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;

/**
 * Encodes and decodes leaves, the exact {@code LogEntry} bytes that are hashed into the tree
 * (DESIGN §3.2). Nobody else parses those bytes: whoever reads a leaf decodes it here and gets
 * one error for every way the bytes can be wrong. Pure; thread-safe.
 */
public final class LeafCodec {
  private LeafCodec() {}

  /**
   * The leaf bytes of an entry. {@code signedRecord} is not copied (encoding copies it into the
   * result); callers must not change it meanwhile.
   */
  public static byte[] encode(long index, long recordTimeUnixMillis, List<Leaf.Link> links, byte[] signedRecord) {
    LogEntry.Builder entry = LogEntry.newBuilder()
        .setIndex(index)
        .setRecordTimeUnixMillis(recordTimeUnixMillis)
        .setSignedRecord(UnsafeByteOperations.unsafeWrap(signedRecord));
    for (Leaf.Link link : links) {
      Hash32 previous = link.previousLeafHash();
      entry.addLinks(SubjectLink.newBuilder().setSubject(link.subject())
          .setPreviousLeafHash(previous == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(previous.toByteArray())));
    }
    return entry.build().toByteArray();
  }

  /** The leaf bytes of {@code leaf}. */
  public static byte[] encode(Leaf leaf) {
    return encode(leaf.index(), leaf.recordTimeUnixMillis(), leaf.links(), leaf.signedRecordShared());
  }

  /**
   * Decodes leaf bytes: a {@code LogEntry} whose every link names a subject and carries a previous
   * leaf hash of 0 (the subject's first entry) or 32 bytes.
   *
   * @throws VerificationException MALFORMED, saying what is wrong with the bytes
   */
  public static Leaf decode(byte[] leaf) throws VerificationException {
    LogEntry entry;
    try {
      entry = LogEntry.parseFrom(leaf);
    } catch (InvalidProtocolBufferException e) {
      throw new VerificationException(Failure.MALFORMED, "leaf: not a LogEntry (" + e.getMessage() + ")");
    }
    List<Leaf.Link> links = new ArrayList<>(entry.getLinksCount());
    for (int i = 0; i < entry.getLinksCount(); i++) {
      SubjectLink link = entry.getLinks(i);
      ByteString previous = link.getPreviousLeafHash();
      if (previous.size() != 0 && previous.size() != Hash32.LENGTH) {
        throw new VerificationException(Failure.MALFORMED, "leaf links[" + i + "].previous_leaf_hash: got "
            + previous.size() + " bytes (" + HexFormat.of().formatHex(previous.toByteArray()) + "), want 0 or "
            + Hash32.LENGTH);
      }
      links.add(new Leaf.Link(link.getSubject(), previous.isEmpty() ? null : Hash32.of(previous.toByteArray())));
    }
    return new Leaf(entry.getIndex(), entry.getRecordTimeUnixMillis(), List.copyOf(links),
        entry.getSignedRecord().toByteArray(), true);
  }
}
