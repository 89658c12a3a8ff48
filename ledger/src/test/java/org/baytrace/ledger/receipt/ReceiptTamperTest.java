package org.baytrace.ledger.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Single-byte changes to a receipt's leaf, index, inclusion proof, checkpoint and JSON are rejected.
 * Here every byte gets its lowest and highest bit flipped (any change to a hashed or signed byte is
 * the same to SHA-256 and Ed25519), and the signature's last characters, where a lenient base64
 * decoder ignores padding bits, get every value; {@link ReceiptTamperIT} runs the same with every
 * one-bit flip and the all-bits flip, and all 255 other values of every checkpoint byte.
 */
class ReceiptTamperTest {
  /** The byte changes tried at every position: XOR masks. */
  int[] masks() {
    return new int[] {0x01, 0x80};
  }

  ReceiptFixture fx;
  Receipt honest;

  @BeforeEach
  void receiptWithASeveralHashProof() throws VerificationException {
    fx = new ReceiptFixture(21);
    honest = fx.ledger.receipt(9, 0); // cosigned entry (9 % 3 == 0), proof of 5 hashes in a tree of 21
    ReceiptFixture.verifier().verify(honest);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  /** A description of every mutation that was accepted; empty when all were rejected. */
  final List<String> accepted = new ArrayList<>();

  void assertRejected(String what, Receipt r) {
    try {
      ReceiptFixture.verifier().verify(r);
      accepted.add(what);
    } catch (VerificationException expected) {
      // rejected, as it must be
    }
  }

  @Test
  void everyByteChangeOfTheLeaf_isRejected() {
    byte[] leaf = honest.leaf();
    for (int i = 0; i < leaf.length; i++) {
      for (int mask : masks()) {
        byte[] t = leaf.clone();
        t[i] ^= (byte) mask;
        assertRejected("leaf byte " + i + " ^ " + mask, new Receipt(t, honest.leafIndex(), honest.checkpoint(), honest.inclusionProof()));
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void everyByteChangeOfTheIndex_isRejected() {
    for (int i = 0; i < 8; i++) {
      for (int mask : masks()) {
        byte[] b = ByteBuffer.allocate(8).putLong(honest.leafIndex()).array();
        b[i] ^= (byte) mask;
        long index = ByteBuffer.wrap(b).getLong();
        assertRejected("index " + index, new Receipt(honest.leaf(), index, honest.checkpoint(), honest.inclusionProof()));
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void everyByteChangeOfEveryProofHash_isRejected() {
    List<byte[]> proof = honest.inclusionProof();
    assertEquals(5, proof.size());
    for (int h = 0; h < proof.size(); h++) {
      for (int i = 0; i < 32; i++) {
        for (int mask : masks()) {
          List<byte[]> t = honest.inclusionProof();
          t.get(h)[i] ^= (byte) mask;
          assertRejected("proof hash " + h + " byte " + i + " ^ " + mask, new Receipt(honest.leaf(), honest.leafIndex(), honest.checkpoint(), t));
        }
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void proofHashesSwappedOrDropped_isRejected() {
    List<byte[]> swapped = honest.inclusionProof();
    java.util.Collections.swap(swapped, 1, 2);
    assertRejected("swapped", new Receipt(honest.leaf(), honest.leafIndex(), honest.checkpoint(), swapped));
    List<byte[]> dropped = honest.inclusionProof();
    dropped.remove(0);
    assertRejected("dropped", new Receipt(honest.leaf(), honest.leafIndex(), honest.checkpoint(), dropped));
    assertEquals(List.of(), accepted);
  }

  @Test
  void everyByteChangeOfTheCheckpoint_isRejected() {
    // Every bit flip of every byte, and every value of the signature's last characters, where a
    // lenient base64 decoder would ignore padding bits. ReceiptTamperIT tries all 255 values of every byte.
    byte[] note = honest.checkpoint().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < note.length; i++) {
      boolean tail = i >= note.length - 3; // "X=\n": the last base64 character, its padding, the newline
      for (int value = 0; value < 256; value++) {
        int mask = value ^ (note[i] & 0xff);
        if (mask != 0 && (tail || Arrays.stream(masks()).anyMatch(m -> m == mask))) {
          assertCheckpointChangeRejected(note, i, value);
        }
      }
    }
    assertEquals(List.of(), accepted.size() > 20 ? accepted.subList(0, 20) : accepted, accepted.size() + " accepted");
  }

  void assertCheckpointChangeRejected(byte[] note, int position, int value) {
    byte[] t = note.clone();
    t[position] = (byte) value;
    String text = new String(t, StandardCharsets.UTF_8);
    assertRejected("checkpoint byte " + position + " = 0x" + Integer.toHexString(value) + ": "
        + text.substring(Math.max(0, position - 10), Math.min(text.length(), position + 10)).replace("\n", "\\n"),
        new Receipt(honest.leaf(), honest.leafIndex(), text, honest.inclusionProof()));
  }

  @Test
  void everyByteChangeOfTheJson_isRejectedOrMalformedOrLeavesTheReceiptUnchanged() {
    byte[] json = honest.toJson().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < json.length; i++) {
      for (int mask : masks()) {
        byte[] t = json.clone();
        t[i] ^= (byte) mask;
        Receipt parsed;
        try {
          parsed = Receipt.fromJson(new String(t, StandardCharsets.UTF_8));
        } catch (VerificationException malformed) {
          continue;
        }
        if (parsed.leafIndex() == honest.leafIndex() && Arrays.equals(parsed.leaf(), honest.leaf())
            && parsed.checkpoint().equals(honest.checkpoint()) && sameProof(parsed.inclusionProof(), honest.inclusionProof())) {
          // The same receipt spelled differently (base64 padding bits of "record" or a proof hash,
          // which Receipt.fromJson, like most base64 decoders, ignores): nothing was changed.
          continue;
        }
        assertRejected("json byte " + i + " ^ " + mask, parsed);
      }
    }
    assertEquals(List.of(), accepted);
  }

  private static boolean sameProof(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
