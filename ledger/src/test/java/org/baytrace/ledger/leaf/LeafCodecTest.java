package org.baytrace.ledger.leaf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import org.baytrace.api.ledger.v1.LogEntry;
import org.baytrace.api.ledger.v1.SubjectLink;
import org.baytrace.ledger.crypto.Hash32;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.Test;

/** The leaf format of DESIGN §3.2, checked against the protobuf message it is defined by. */
class LeafCodecTest {
  private static final Hash32 PREVIOUS = Sha256.hash(new byte[] {1, 2, 3});
  private static final byte[] RECORD = {10, 3, 'a', 'b', 'c'};

  @Test
  void encode_writesTheLogEntryMessage_fieldForField() throws Exception {
    byte[] leaf = LeafCodec.encode(7, 1_764_000_000_000L,
        List.of(new Leaf.Link("lot-1", null), new Leaf.Link("item-9", PREVIOUS)), RECORD);
    LogEntry want = LogEntry.newBuilder().setIndex(7).setRecordTimeUnixMillis(1_764_000_000_000L)
        .addLinks(SubjectLink.newBuilder().setSubject("lot-1"))
        .addLinks(SubjectLink.newBuilder().setSubject("item-9").setPreviousLeafHash(ByteString.copyFrom(PREVIOUS.toByteArray())))
        .setSignedRecord(ByteString.copyFrom(RECORD)).build();
    assertArrayEquals(want.toByteArray(), leaf);
    assertEquals(want, LogEntry.parseFrom(leaf));
  }

  @Test
  void decode_ofEncode_givesTheSameFields() throws Exception {
    Leaf leaf = LeafCodec.decode(LeafCodec.encode(new Leaf(3, 42,
        List.of(new Leaf.Link("a", PREVIOUS), new Leaf.Link("b", null)), RECORD)));
    assertEquals(3, leaf.index());
    assertEquals(42, leaf.recordTimeUnixMillis());
    assertEquals(List.of(new Leaf.Link("a", PREVIOUS), new Leaf.Link("b", null)), leaf.links());
    assertEquals(PREVIOUS, leaf.link("a").previousLeafHash());
    assertNull(leaf.link("c"));
    assertArrayEquals(RECORD, leaf.signedRecord());
  }

  @Test
  void decode_bytesThatAreNoLogEntry_isMalformed() {
    VerificationException e = assertThrows(VerificationException.class, () -> LeafCodec.decode(new byte[] {(byte) 0xFF, 1}));
    assertEquals(Failure.MALFORMED, e.failure());
    assertTrue(e.detail().startsWith("leaf: not a LogEntry"), e.detail());
  }

  @Test
  void decode_previousLeafHashOfWrongLength_isMalformed_namingTheLink() {
    byte[] leaf = LogEntry.newBuilder().setIndex(1)
        .addLinks(SubjectLink.newBuilder().setSubject("a"))
        .addLinks(SubjectLink.newBuilder().setSubject("b").setPreviousLeafHash(ByteString.copyFrom(new byte[31])))
        .build().toByteArray();
    VerificationException e = assertThrows(VerificationException.class, () -> LeafCodec.decode(leaf));
    assertEquals(Failure.MALFORMED, e.failure());
    assertEquals("leaf links[1].previous_leaf_hash: got 31 bytes (" + "00".repeat(31) + "), want 0 or 32", e.detail());
  }

  @Test
  void leaf_keepsItsOwnCopyOfTheRecordBytes() {
    byte[] record = RECORD.clone();
    Leaf leaf = new Leaf(0, 0, List.of(), record);
    record[0] = 0;
    leaf.signedRecord()[1] = 0;
    assertArrayEquals(RECORD, leaf.signedRecord());
  }
}
