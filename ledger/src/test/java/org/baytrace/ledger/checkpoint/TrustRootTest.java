package org.baytrace.ledger.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.baytrace.ledger.crypto.PublicKey;
import org.junit.jupiter.api.Test;

/** The trust root QR codes carry: its canonical text and id are a contract a phone recomputes. */
class TrustRootTest {
  /** A fixed Ed25519 public key (RFC 8032 test 1) under a name: keys differ by name and key hash. */
  static NoteVerifier key(String name) {
    return new NoteVerifier(name, PublicKey.of(
        java.util.HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")));
  }

  @Test
  void canonicalText_sortsKeys_andTheIdIsTheFirst16BytesOfItsSha256_base64url() throws Exception {
    TrustRoot root = new TrustRoot("baytrace.test/ledger", 2, List.of(key("node-b"), key("node-a"), key("node-c")));
    String text = root.canonicalText();
    assertEquals("baytrace/trust-root/v1\norigin baytrace.test/ledger\nthreshold 2\n"
        + "vkey " + key("node-a").encode() + "\nvkey " + key("node-b").encode() + "\nvkey " + key("node-c").encode()
        + "\n", text);
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16)), root.id());
    assertEquals(22, root.id().length());
    assertEquals(root, new TrustRoot("baytrace.test/ledger", 2, List.of(key("node-c"), key("node-a"), key("node-b"))));
  }

  @Test
  void anotherThreshold_origin_orKey_isAnotherId() {
    TrustRoot root = new TrustRoot("o", 1, List.of(key("a"), key("b")));
    assertNotEquals(root.id(), new TrustRoot("o", 2, List.of(key("a"), key("b"))).id());
    assertNotEquals(root.id(), new TrustRoot("p", 1, List.of(key("a"), key("b"))).id());
    assertNotEquals(root.id(), new TrustRoot("o", 1, List.of(key("a"), key("c"))).id());
  }

  @Test
  void badRoots_areRefusedNamingTheField() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrustRoot("o", 0, List.of(key("a"))))
        .getMessage().startsWith("threshold: got 0, want 1 <= threshold <= 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrustRoot("o", 1, List.of()))
        .getMessage().startsWith("keys: got none"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrustRoot("o", 1, List.of(key("a"), key("a"))))
        .getMessage().startsWith("keys: got a key name twice"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrustRoot("o\nx", 1, List.of(key("a"))))
        .getMessage().startsWith("origin: got"));
  }
}
