package org.baytrace.ledger.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.baytrace.ledger.crypto.Sha256;
import org.baytrace.ledger.merkle.NodeId;

/** The keys of the column families (store format 4). Pure. */
final class Keys {
  static final int SUBJECT_PREFIX_LENGTH = Column.SUBJECTS.prefixLength;
  static final int SUBJECT_KEY_LENGTH = SUBJECT_PREFIX_LENGTH + 8;
  static final byte[] NO_KEY = new byte[0];
  /** Upper bound of a scan of all subject rows, valid or not (keys are 24 bytes). */
  static final byte[] AFTER_ALL_SUBJECT_KEYS = allOnes(SUBJECT_KEY_LENGTH + 1);

  private Keys() {}

  static byte[] longKey(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  // Keyed by the last leaf the subtree covers, then its level: every node completed by appending
  // a leaf sorts after all earlier ones, so the tree family is written in key order (flushed
  // files never overlap and move down the levels without being rewritten by compaction).
  static byte[] nodeKey(NodeId node) {
    long lastLeaf = ((node.index() + 1) << node.level()) - 1;
    return ByteBuffer.allocate(9).putLong(lastLeaf).put((byte) node.level()).array();
  }

  /** The first 16 bytes of SHA-256 of the subject's UTF-8: the key prefix of its SUBJECTS rows. */
  static byte[] subjectPrefix(String subject) {
    return Arrays.copyOf(Sha256.hash(subject.getBytes(StandardCharsets.UTF_8)).toByteArray(), SUBJECT_PREFIX_LENGTH);
  }

  static byte[] subjectKey(String subject, long index) {
    return subjectKey(subjectPrefix(subject), index);
  }

  static byte[] subjectKey(byte[] prefix, long index) {
    byte[] key = Arrays.copyOf(prefix, SUBJECT_KEY_LENGTH);
    for (int i = 0; i < 8; i++) {
      key[SUBJECT_PREFIX_LENGTH + i] = (byte) (index >>> (56 - 8 * i));
    }
    return key;
  }

  /** The entry index of a SUBJECTS row key. */
  static long rowIndex(byte[] subjectKey) {
    return ByteBuffer.wrap(subjectKey, SUBJECT_PREFIX_LENGTH, 8).getLong();
  }

  /** A key after every row of the subject, including malformed ones (whose index is not below 2^63). */
  static byte[] afterAllRows(byte[] prefix) {
    byte[] key = Arrays.copyOf(prefix, SUBJECT_KEY_LENGTH + 1);
    Arrays.fill(key, SUBJECT_PREFIX_LENGTH, key.length, (byte) 0xFF);
    return key;
  }

  /** A key after every row of the subject: indexes are below 2^63, so their first byte is below 0x80. */
  static byte[] subjectKeysEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, SUBJECT_PREFIX_LENGTH + 1);
    end[SUBJECT_PREFIX_LENGTH] = (byte) 0x80;
    return end;
  }

  static String hex(byte[] b) {
    return b == null ? "(nothing)" : HexFormat.of().formatHex(b);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] allOnes(int length) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) 0xFF);
    return b;
  }
}
