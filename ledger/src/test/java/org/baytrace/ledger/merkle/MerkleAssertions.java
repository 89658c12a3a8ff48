package org.baytrace.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.baytrace.ledger.verify.Failure;
import org.baytrace.ledger.verify.VerificationException;
import org.junit.jupiter.api.function.Executable;

/** Assertions and tampering helpers shared by the Merkle tests. Stateless. */
final class MerkleAssertions {
  private MerkleAssertions() {}

  /** Asserts that {@code verification} throws a VerificationException naming {@code want}. */
  static void assertRejected(Failure want, Executable verification, Supplier<String> what) {
    VerificationException e = assertThrows(VerificationException.class, verification, what);
    assertEquals(want, e.failure(), () -> what.get() + ": " + e.getMessage());
  }

  /** A copy of {@code bytes} with bit {@code bit} (0..255 for a hash) flipped. */
  static byte[] flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  /** A copy of {@code proof} with bit {@code bit} of element {@code element} flipped. */
  static List<byte[]> flip(List<byte[]> proof, int element, int bit) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.set(element, flip(proof.get(element), bit));
    return copy;
  }

  /** A copy of {@code proof} without element {@code element}. */
  static List<byte[]> without(List<byte[]> proof, int element) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.remove(element);
    return copy;
  }

  /** A copy of {@code proof} with {@code extra} inserted at {@code position}. */
  static List<byte[]> with(List<byte[]> proof, int position, byte[] extra) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.add(position, extra);
    return copy;
  }

  /** A copy of {@code proof} whose element {@code element} is one byte too long or too short. */
  static List<byte[]> resized(List<byte[]> proof, int element, int length) {
    List<byte[]> copy = new ArrayList<>(proof);
    byte[] wrong = new byte[length];
    System.arraycopy(proof.get(element), 0, wrong, 0, Math.min(length, proof.get(element).length));
    copy.set(element, wrong);
    return copy;
  }

  /** What a wrongly sized proof must fail with: PROOF_SHAPE if its length is off, else ROOT_MISMATCH. */
  static Failure expectedFailure(int wantLength, int gotLength) {
    return wantLength == gotLength ? Failure.ROOT_MISMATCH : Failure.PROOF_SHAPE;
  }
}
